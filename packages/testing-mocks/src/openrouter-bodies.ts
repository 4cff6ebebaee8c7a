import type { TokenCounts } from './price-usage.js';
import { providerNameOf, SIMULATOR_MODEL_DEFAULTS, type SimulatorModel } from './simulator-model.js';
import type { ToolCallSpec } from './simulator-step.js';

/** OpenRouter's error body. */
export function errorBody(code: number, message: string, metadata?: Readonly<Record<string, unknown>>) {
  return { error: { code, message, ...(metadata ? { metadata } : {}) } };
}

/** The money side of a usage object, already in OpenRouter's float form. */
export interface UsageMoney {
  readonly cost: number;
  readonly promptCost: number;
  readonly completionCost: number;
  readonly byok: boolean;
  /** With BYOK: what the upstream provider charged. */
  readonly upstreamCost: number | undefined;
}

/** OpenRouter's `usage` object. */
export function usageBody(tokens: TokenCounts, money: UsageMoney) {
  return {
    prompt_tokens: tokens.promptTokens,
    completion_tokens: tokens.completionTokens,
    total_tokens: tokens.promptTokens + tokens.completionTokens,
    cost: money.cost,
    is_byok: money.byok,
    prompt_tokens_details: {
      cached_tokens: tokens.cachedTokens,
      cache_write_tokens: tokens.cacheWriteTokens,
      audio_tokens: 0,
      video_tokens: 0,
    },
    cost_details: {
      upstream_inference_cost: money.upstreamCost ?? null,
      upstream_inference_prompt_cost: money.promptCost,
      upstream_inference_completions_cost: money.completionCost,
    },
    completion_tokens_details: { reasoning_tokens: tokens.reasoningTokens, image_tokens: 0 },
  };
}

/** Tool calls in the chat-completion wire form. */
export function toolCallsBody(calls: readonly ToolCallSpec[], idPrefix: string) {
  return calls.map((call, index) => ({
    id: call.id ?? `call_${idPrefix}_${index}`,
    type: 'function' as const,
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
}

/** The identity every body and chunk of one generation shares. */
export interface GenerationIdentity {
  readonly id: string;
  readonly model: string;
  readonly provider: string;
  readonly created: number;
}

/** A non-streaming chat completion. */
export function completionBody(
  identity: GenerationIdentity,
  message: {
    content: string | null;
    reasoning: string | undefined;
    toolCalls: ReturnType<typeof toolCallsBody> | undefined;
  },
  finishReason: string,
  usage: ReturnType<typeof usageBody>,
) {
  return {
    id: identity.id,
    provider: identity.provider,
    model: identity.model,
    object: 'chat.completion',
    created: identity.created,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        logprobs: null,
        finish_reason: finishReason,
        native_finish_reason: finishReason,
        message: {
          role: 'assistant',
          content: message.content,
          refusal: null,
          reasoning: message.reasoning ?? null,
          ...(message.reasoning
            ? {
                reasoning_details: [
                  { type: 'reasoning.text', text: message.reasoning, format: 'unknown', index: 0 },
                ],
              }
            : {}),
          ...(message.toolCalls ? { tool_calls: message.toolCalls } : {}),
        },
      },
    ],
    usage,
  };
}

/** One streaming chunk with a single choice. */
export function chunkBody(
  identity: GenerationIdentity,
  delta: Record<string, unknown>,
  finishReason: string | null,
) {
  return {
    id: identity.id,
    provider: identity.provider,
    model: identity.model,
    object: 'chat.completion.chunk',
    created: identity.created,
    choices: [
      { index: 0, delta, finish_reason: finishReason, native_finish_reason: finishReason, logprobs: null },
    ],
  };
}

/** The last data chunk: no choices, just usage. */
export function usageChunkBody(identity: GenerationIdentity, usage: ReturnType<typeof usageBody>) {
  return {
    id: identity.id,
    provider: identity.provider,
    model: identity.model,
    object: 'chat.completion.chunk',
    created: identity.created,
    choices: [],
    usage,
  };
}

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'authentication',
  402: 'payment_required',
  403: 'permission_denied',
  404: 'not_found',
  408: 'timeout',
  413: 'payload_too_large',
  422: 'unprocessable',
  429: 'rate_limit_exceeded',
  500: 'server',
  502: 'provider_unavailable',
  503: 'provider_unavailable',
  529: 'provider_overloaded',
};

/** OpenRouter's canonical `error_type` for a status code. */
export function errorTypeOf(code: number): string {
  return ERROR_TYPES[code] ?? 'unmapped';
}

/** The SSE event OpenRouter sends when the upstream fails after the headers went out. */
export function streamErrorChunkBody(
  identity: GenerationIdentity,
  code: number,
  message: string,
  metadata: Readonly<Record<string, unknown>> | undefined,
) {
  return {
    id: identity.id,
    provider: identity.provider,
    model: identity.model,
    object: 'chat.completion.chunk',
    created: identity.created,
    error: { code, message, metadata: { error_type: errorTypeOf(code), ...metadata } },
    choices: [
      {
        index: 0,
        delta: { content: '' },
        finish_reason: 'error',
        native_finish_reason: 'error',
        logprobs: null,
      },
    ],
  };
}

/** One entry of `GET /models`. */
export function modelBody(model: SimulatorModel) {
  const [vendor = '', slug = model.id] = model.id.split('/');
  const inputs = model.inputModalities ?? ['text'];
  const outputs = model.outputModalities ?? ['text'];
  const contextLength = model.contextLength ?? SIMULATOR_MODEL_DEFAULTS.contextLength;
  const pricing = model.pricing;
  return {
    id: model.id,
    canonical_slug: model.id,
    hugging_face_id: null,
    name: model.name ?? `${providerNameOf(model)}: ${slug}`,
    created: 1_760_000_000,
    description: `${model.id}, served by the orkit OpenRouter simulator.`,
    context_length: contextLength,
    architecture: {
      modality: `${inputs.join('+')}->${outputs.join('+')}`,
      input_modalities: inputs,
      output_modalities: outputs,
      tokenizer: vendor === 'anthropic' ? 'Claude' : 'Other',
      instruct_type: null,
    },
    pricing: {
      prompt: pricing.prompt,
      completion: pricing.completion,
      ...(pricing.request === undefined ? {} : { request: pricing.request }),
      ...(pricing.image === undefined ? {} : { image: pricing.image }),
      ...(pricing.webSearch === undefined ? {} : { web_search: pricing.webSearch }),
      ...(pricing.internalReasoning === undefined ? {} : { internal_reasoning: pricing.internalReasoning }),
      ...(pricing.inputCacheRead === undefined ? {} : { input_cache_read: pricing.inputCacheRead }),
      ...(pricing.inputCacheWrite === undefined ? {} : { input_cache_write: pricing.inputCacheWrite }),
    },
    top_provider: {
      context_length: contextLength,
      max_completion_tokens: model.maxCompletionTokens ?? SIMULATOR_MODEL_DEFAULTS.maxCompletionTokens,
      is_moderated: vendor === 'openai' || vendor === 'anthropic',
    },
    per_request_limits: null,
    supported_parameters: model.supportedParameters ?? SIMULATOR_MODEL_DEFAULTS.supportedParameters,
    supported_voices: null,
    default_parameters: null,
    links: { details: `/api/v1/models/${model.id}/endpoints` },
  };
}
