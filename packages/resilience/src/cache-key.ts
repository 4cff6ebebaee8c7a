import { hash } from 'node:crypto';
import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';

type Part = Exclude<LanguageModelV4CallOptions['prompt'][number]['content'], string>[number];

/** From this length a text goes in as its own digest: hashing it in place beats copying it into the material. */
const LONG_TEXT = 4_096;

/** A short text exactly, length-prefixed. Lone surrogates (which UTF-8 hashing would merge into U+FFFD) are escaped. */
function text(value: string): string {
  return value.isWellFormed() ? `${value.length}:${value}` : `j${JSON.stringify(value)}`;
}

/** JSON, except that binary data is replaced by its digest (JSON would spell out every byte). */
function json(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, field: unknown) {
    // The raw value: a Buffer's toJSON has already run on `field`.
    const raw = this[key];
    return raw instanceof Uint8Array ? { sha256: hash('sha256', raw, 'base64url') } : field;
  });
}

/**
 * Provider options without the namespaces no provider reads: `mastra` (Mastra stamps every message with its own
 * metadata, such as `createdAt`, so keying on it would make every call unique) and `orkit` (attribution). A
 * provider reads only its own namespace, so these never change the answer.
 */
function outputOptions(
  options: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (options === undefined || (!('mastra' in options) && !('orkit' in options))) return options as never;
  const { mastra: _mastra, orkit: _orkit, ...rest } = options;
  return Object.keys(rest).length === 0 ? undefined : rest;
}

/** JSON of an optional setting; nothing when it is not set. */
function optional(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/**
 * The key material is `texts ‖ structure ‖ \0 ‖ length of structure`. The structure (settings, roles, part types,
 * and each text's length) can be read back from the end, and it says where every text starts and ends, so two
 * different calls never share material. The prompt's texts (nearly all of its bytes) go first and as they are.
 */
class Material {
  texts = '';
  structure = '';

  /** A prompt text: its bytes up front; returns its kind and length for the structure. */
  text(value: string): string {
    const exact = value.isWellFormed() ? value : JSON.stringify(value);
    if (exact.length >= LONG_TEXT) return `h${hash('sha256', exact, 'base64url')}`;
    this.texts += exact;
    return `${exact === value ? 's' : 'j'}${exact.length};`;
  }

  /** Text and reasoning parts carry the bytes; other parts (files, tool calls and results) go in as JSON. */
  addPart(part: Part): void {
    const kept = outputOptions(part.providerOptions);
    if (part.type === 'text' || part.type === 'reasoning') {
      const options = kept === undefined ? '' : JSON.stringify(kept);
      this.structure += `\u0001${part.type}${options}\u0001${this.text(part.text)}`;
    } else
      this.structure += `\u0001${part.type}\u0002${json(kept === part.providerOptions ? part : { ...part, providerOptions: kept })}`;
  }

  digest(): string {
    return hash('sha256', `${this.texts}${this.structure}\u0000${this.structure.length}`, 'hex');
  }
}

// Calls through one wrapped model pass the same model object every time: its part of the material is kept.
let lastModel: LanguageModelV4 | undefined;
let lastModelMaterial = '';

function modelMaterial(model: LanguageModelV4): string {
  if (model !== lastModel) {
    lastModelMaterial = `${text(model.provider)}${text(model.modelId)}`;
    lastModel = model;
  }
  return lastModelMaterial;
}

/**
 * The cache key of a call: sha256 over the model, the tenant scope, the prompt and every output-affecting setting
 * (headers, abort signals, and the `mastra` and `orkit` provider options at any level do not change the answer). The prompt's texts go in as they are, without
 * the escaping pass JSON.stringify makes over every character, and everything is hashed in one shot: on a long
 * prompt the key costs about what hashing the prompt alone costs.
 */
export function cacheKey(
  model: LanguageModelV4,
  params: LanguageModelV4CallOptions,
  scope: string | undefined,
): string {
  const material = new Material();
  // Only the settings that are set, each after its own tag letter: fewer pieces to join than a fixed layout.
  // Numbers print exactly (shortest round trip); no value contains the \u0000 that ends it.
  let settings = `${modelMaterial(model)}${scope === undefined ? '0:' : text(scope)}`;
  if (params.maxOutputTokens !== undefined) settings += `m${params.maxOutputTokens}\u0000`;
  if (params.temperature !== undefined) settings += `t${params.temperature}\u0000`;
  if (params.topP !== undefined) settings += `p${params.topP}\u0000`;
  if (params.topK !== undefined) settings += `k${params.topK}\u0000`;
  if (params.presencePenalty !== undefined) settings += `r${params.presencePenalty}\u0000`;
  if (params.frequencyPenalty !== undefined) settings += `f${params.frequencyPenalty}\u0000`;
  if (params.seed !== undefined) settings += `d${params.seed}\u0000`;
  if (params.stopSequences !== undefined) settings += `S${JSON.stringify(params.stopSequences)}\u0000`;
  if (params.responseFormat !== undefined) settings += `F${JSON.stringify(params.responseFormat)}\u0000`;
  if (params.tools !== undefined) settings += `T${json(params.tools)}\u0000`;
  if (params.toolChoice !== undefined) settings += `C${JSON.stringify(params.toolChoice)}\u0000`;
  if (params.reasoning !== undefined) settings += `R${JSON.stringify(params.reasoning)}\u0000`;
  const callOptions = outputOptions(params.providerOptions);
  if (callOptions !== undefined) settings += `O${json(callOptions)}\u0000`;
  material.structure = settings;
  for (const message of params.prompt) {
    material.structure += `\u0002${message.role}\u0002${optional(outputOptions(message.providerOptions))}\u0002`;
    if (typeof message.content === 'string') material.structure += material.text(message.content);
    else for (const part of message.content) material.addPart(part);
  }
  return material.digest();
}
