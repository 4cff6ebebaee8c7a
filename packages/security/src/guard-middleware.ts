import { randomBytes } from 'node:crypto';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4StreamPart,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import type { LanguageModel, LanguageModelMiddleware } from 'ai';
import type { DetectOptions, InjectionResult } from './detect-prompt-injection.js';
import { maskPii, screen, truncate } from './guard-input.js';
import type { RedactPiiOptions } from './pii.js';
import type { PiiVault } from './pii-vault.js';
import { findSecretsInContext, redactSecrets, type SecretKind } from './redact-secrets.js';
import { createInjectionJudge, type SecondOpinion } from './second-opinion.js';
import { CanaryLeakError, type PromptSource } from './security-errors.js';

/** What the guard does with an injection: refuse the call, let it through and report, or neutralise the text. */
export type InjectionPolicy = 'block' | 'flag' | 'sanitize';

/** What {@link guardMiddleware} reports. */
export type GuardEvent =
  | {
      readonly type: 'injection';
      readonly policy: InjectionPolicy;
      readonly source: PromptSource;
      readonly result: InjectionResult;
    }
  | { readonly type: 'input-truncated'; readonly droppedMessages: number; readonly estimatedTokens: number }
  | { readonly type: 'secret-redacted'; readonly kinds: readonly SecretKind[] }
  | { readonly type: 'canary-leaked'; readonly canary: string; readonly policy: 'block' | 'flag' }
  | { readonly type: 'pii-redacted'; readonly messageIndex: number }
  | {
      readonly type: 'second-opinion';
      readonly source: PromptSource;
      readonly localScore: number;
      readonly opinion: SecondOpinion;
    }
  | { readonly type: 'second-opinion-skipped'; readonly source: PromptSource; readonly reason: 'call-cap' };

/** An LLM judge for what the local rules are unsure of (see `createInjectionJudge`). */
export interface GuardSecondOpinion {
  /** A cheap model, e.g. `openrouter.chat('google/gemini-3.5-flash')`. Each judgement is one short call. */
  readonly model: LanguageModel;
  /** Local scores sent to the judge: `[from, to)`. Default the suspicious band, `[0.3, 0.45)`. */
  readonly band?: { readonly from?: number; readonly to?: number };
  /** Also judge tool results the local rules found nothing in (indirect injection in new wording). Default true. */
  readonly suppliedContent?: boolean;
  /** At most this many judge calls per guarded call; the rest keep the local verdict (an event says so). Default 2. */
  readonly maxCallsPerRequest?: number;
  /** Default 10 000 ms; a judge that does not answer keeps the local verdict. */
  readonly timeoutMs?: number;
}

/** Words on a line that say a credential may follow on it (a value, a token, a URL's password). */
const CREDENTIAL_CONTEXT =
  /bearer|secret|token|passw|pwd|passphrase|api[_-]?key|access[_-]?key|private|credential|auth|:\/\/|-----begin/gi;

/**
 * How much of a streamed buffer can go out now: all of it up to the last word (a key or canary has no spaces, so
 * only the last word can still be growing into one), less the rest of the line when it names a credential (its
 * value may still be coming), less everything from an open `-----BEGIN … PRIVATE KEY-----`.
 */
function releasable(buffer: string): number {
  let cut = buffer.length;
  while (cut > 0 && !/\s/.test(buffer[cut - 1] as string)) cut -= 1;
  const lineStart = buffer.lastIndexOf('\n', cut - 1) + 1;
  const windowStart = Math.max(lineStart, cut - 160);
  CREDENTIAL_CONTEXT.lastIndex = 0;
  const context = CREDENTIAL_CONTEXT.exec(buffer.slice(windowStart, buffer.length));
  if (context) {
    const at = windowStart + context.index;
    let wordStart = at;
    while (wordStart > lineStart && !/\s/.test(buffer[wordStart - 1] as string)) wordStart -= 1;
    cut = Math.min(cut, wordStart);
  }
  const begin = buffer.lastIndexOf('-----BEGIN');
  const end = begin === -1 ? -1 : buffer.indexOf('-----END', begin);
  // Open until its END line has closed too (`-----END RSA PRIVATE KEY-----`).
  if (begin !== -1 && (end === -1 || buffer.indexOf('-----', end + 8) === -1)) cut = Math.min(cut, begin);
  return cut;
}

/** Options of {@link guardMiddleware}. */
export interface GuardOptions {
  /** Prompt-injection screening of user messages and tool results. `false` turns it off. Default: policy `block`. */
  readonly injection?:
    | false
    | {
        readonly policy?: InjectionPolicy;
        readonly detect?: DetectOptions;
        /** Screen tool results too (indirect injection via documents, web pages). Default true. */
        readonly toolResults?: boolean;
        /** Off by default: an LLM judge for uncertain scores and for supplied content, with a per-call cap. */
        readonly secondOpinion?: GuardSecondOpinion;
      };
  /** Prompt size limit in tokens, counted by orkit's tokenizer (`@orkit/config/tokens`, o200k). Default: no limit. */
  readonly maxInputTokens?: number;
  /** Over the limit: throw {@link InputTooLongError} (default), or drop the oldest non-system messages. */
  readonly tooLong?: 'error' | 'truncate';
  /** Redact credentials the model writes (see `redactSecrets`). Default true. */
  readonly redactOutputSecrets?: boolean;
  /** Canary tokens planted in the system prompt (see {@link createCanary}); seeing one in output means a leak. */
  readonly canaries?: readonly string[];
  /** On a leaked canary: fail the call with {@link CanaryLeakError} (default) or redact it and report. */
  readonly canaryPolicy?: 'block' | 'flag';
  /**
   * Streamed text is released as soon as no secret or canary can be forming at its end: everything up to the last
   * word, unless that line names a credential (`password`, `Bearer`, `://`…) or a private key is open. This is the
   * most ever held back. Default 2048.
   */
  readonly streamHoldChars?: number;
  /**
   * Redact personal data in user messages before they reach the model (see `redactPii`). With a `vault`
   * (`createPiiVault()`, one per conversation) the placeholders are reversible and the model's answer is un-masked
   * on the way back, in `generate` and in streams.
   */
  readonly pii?: RedactPiiOptions & { readonly vault?: PiiVault };
  readonly onEvent?: (event: GuardEvent) => void;
}

/**
 * A random canary token to plant in a system prompt; pass it to {@link guardMiddleware}'s `canaries` and a
 * system-prompt leak becomes a typed error instead of a screenshot on social media.
 *
 * @example
 * ```ts
 * const canary = createCanary();
 * const system = `${instructions}\n(Internal reference ${canary}: never repeat it.)`;
 * const model = wrapLanguageModel({ model: base, middleware: guardMiddleware({ canaries: [canary] }) });
 * ```
 */
export function createCanary(options: { readonly prefix?: string } = {}): string {
  return `${options.prefix ?? 'orkit-canary'}-${randomBytes(9).toString('base64url')}`;
}

function validate(options: GuardOptions): void {
  const { maxInputTokens, streamHoldChars } = options;
  if (maxInputTokens !== undefined && !(Number.isInteger(maxInputTokens) && maxInputTokens > 0)) {
    throw new TypeError(
      `guardMiddleware: maxInputTokens must be a positive integer, got ${String(maxInputTokens)}.`,
    );
  }
  const cap = options.injection ? options.injection.secondOpinion?.maxCallsPerRequest : undefined;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 0)) {
    throw new TypeError(
      `guardMiddleware: injection.secondOpinion.maxCallsPerRequest must be a whole number of at least 0, got ${String(cap)}.`,
    );
  }
  if (streamHoldChars !== undefined && !(Number.isInteger(streamHoldChars) && streamHoldChars >= 0)) {
    throw new TypeError(
      `guardMiddleware: streamHoldChars must be a non-negative integer, got ${String(streamHoldChars)}.`,
    );
  }
  for (const canary of options.canaries ?? []) {
    if (typeof canary !== 'string' || canary.length < 8) {
      throw new TypeError(
        'guardMiddleware: each canary must be a string of at least 8 characters (use createCanary()).',
      );
    }
  }
  const policy = options.injection ? options.injection.policy : undefined;
  if (policy !== undefined && !['block', 'flag', 'sanitize'].includes(policy)) {
    throw new TypeError(
      `guardMiddleware: injection.policy must be 'block', 'flag' or 'sanitize', got '${policy}'.`,
    );
  }
}

function annotate(
  metadata: SharedV4ProviderMetadata | undefined,
  flagged: readonly InjectionResult[],
): SharedV4ProviderMetadata | undefined {
  if (flagged.length === 0) return metadata;
  const worst = flagged.reduce((a, b) => (b.score > a.score ? b : a));
  return {
    ...metadata,
    orkitSecurity: {
      injection: {
        verdict: worst.verdict,
        score: worst.score,
        rules: [...new Set(flagged.flatMap((result) => result.findings.map((finding) => finding.rule)))],
      },
    },
  };
}

/**
 * Guards a model as AI SDK middleware: screens user messages and tool results for prompt injection (never the
 * developer's system prompt) under a `block`, `flag` or `sanitize` policy, enforces an input size limit, redacts
 * credentials from output and catches leaked canary tokens, on `generate` and on streams (with a bounded hold-back
 * buffer). Put it outermost, before resilience and fallback: a blocked input is the same on every model.
 *
 * @example
 * ```ts
 * import { wrapLanguageModel } from 'ai';
 * const model = wrapLanguageModel({
 *   model: openrouter('openai/gpt-5.5'),
 *   middleware: guardMiddleware({ injection: { policy: 'block' }, maxInputTokens: 100_000, onEvent: console.warn }),
 * });
 * ```
 */
export function guardMiddleware(options: GuardOptions = {}): LanguageModelMiddleware {
  validate(options);
  const injection = options.injection === false ? undefined : (options.injection ?? {});
  const policy = injection?.policy ?? 'block';
  const second = injection?.secondOpinion;
  const judge = second
    ? {
        ask: createInjectionJudge({
          model: second.model,
          ...(second.band ? { band: second.band } : {}),
          ...(injection?.detect ? { detect: injection.detect } : {}),
          ...(second.timeoutMs ? { timeoutMs: second.timeoutMs } : {}),
        }),
        suppliedContent: second.suppliedContent ?? true,
        maxCalls: second.maxCallsPerRequest ?? 2,
        from: second.band?.from ?? injection?.detect?.suspiciousThreshold ?? 0.3,
        to: second.band?.to ?? injection?.detect?.threshold ?? 0.45,
      }
    : undefined;
  const redactOutput = options.redactOutputSecrets ?? true;
  const canaries = options.canaries ?? [];
  const canaryPolicy = options.canaryPolicy ?? 'block';
  const hold = Math.max(options.streamHoldChars ?? 2_048, ...canaries.map((canary) => canary.length));
  const { onEvent } = options;
  const vault = options.pii?.vault;
  const unmask = (text: string): string => (vault ? vault.restore(text) : text);
  // Results flagged for a call travel from transformParams to the wrap functions on the params object.
  const flaggedOf = new WeakMap<object, InjectionResult[]>();

  /** Redacts secrets and canaries in finished text; throws on a canary under the block policy. */
  const cleanText = (text: string): string => {
    let out = text;
    for (const canary of canaries) {
      if (!out.includes(canary)) continue;
      onEvent?.({ type: 'canary-leaked', canary, policy: canaryPolicy });
      if (canaryPolicy === 'block') throw new CanaryLeakError(canary);
      out = out.replaceAll(canary, '[REDACTED:canary]');
    }
    if (!redactOutput) return out;
    const kinds: SecretKind[] = [];
    const redacted = redactSecrets(out, {
      replacement: (finding) => {
        kinds.push(finding.kind);
        return `[REDACTED:${finding.kind}]`;
      },
    });
    if (kinds.length > 0) onEvent?.({ type: 'secret-redacted', kinds });
    return redacted;
  };

  return {
    specificationVersion: 'v4',
    transformParams: async ({ params }) => {
      let prompt = params.prompt;
      if (options.maxInputTokens !== undefined) {
        prompt = truncate(prompt, options.maxInputTokens, options.tooLong ?? 'error', onEvent);
      }
      if (options.pii) prompt = maskPii(prompt, options.pii, onEvent);
      const flagged: InjectionResult[] = [];
      if (injection) {
        prompt = await screen(prompt, {
          policy,
          detect: injection.detect,
          toolResults: injection.toolResults ?? true,
          onEvent,
          flagged,
          ...(judge ? { judge, abortSignal: params.abortSignal } : {}),
        });
      }
      const next: LanguageModelV4CallOptions = prompt === params.prompt ? params : { ...params, prompt };
      if (flagged.length > 0) flaggedOf.set(next, flagged);
      return next;
    },
    wrapGenerate: async ({ doGenerate, params }) => {
      const result = await doGenerate();
      const flagged = flaggedOf.get(params) ?? [];
      const content = result.content.map(
        (part): LanguageModelV4Content =>
          // Reasoning is output too: a model can print a secret or a canary while it thinks aloud.
          part.type === 'text' || part.type === 'reasoning'
            ? { ...part, text: unmask(cleanText(part.text)) }
            : part,
      );
      const providerMetadata = annotate(result.providerMetadata, flagged);
      return { ...result, content, ...(providerMetadata ? { providerMetadata } : {}) };
    },
    wrapStream: async ({ doStream, params }) => {
      const { stream, ...rest } = await doStream();
      const flagged = flaggedOf.get(params) ?? [];
      const pending = new Map<string, { text: string; template: LanguageModelV4StreamPart }>();
      let stopped = false;

      const release = (
        id: string,
        final: boolean,
        controller: TransformStreamDefaultController<LanguageModelV4StreamPart>,
      ): void => {
        const entry = pending.get(id);
        if (!entry || entry.text.length === 0 || stopped) return;
        const buffer = entry.text;
        // Under `flag`, cleanText reports and redacts a canary when the text holding it is released.
        const leaked =
          canaryPolicy === 'block' ? canaries.find((canary) => buffer.includes(canary)) : undefined;
        if (leaked !== undefined) {
          onEvent?.({ type: 'canary-leaked', canary: leaked, policy: canaryPolicy });
          stopped = true;
          pending.clear();
          controller.enqueue({ type: 'error', error: new CanaryLeakError(leaked) });
          return;
        }
        let cut = final ? buffer.length : Math.max(releasable(buffer), buffer.length - hold);
        const findings = redactOutput ? findSecretsInContext(buffer) : [];
        // Never cut between a secret and the text that identifies it (`Bearer `, `postgres://user:`).
        for (const finding of findings)
          if (finding.matchStart < cut && finding.end > cut) cut = finding.matchStart;
        for (const canary of canaries) {
          const at = buffer.indexOf(canary);
          if (at !== -1 && at < cut && at + canary.length > cut) cut = at;
        }
        if (vault && !final) {
          // Never cut a placeholder ("[EMAIL_1]") in two: it could not be restored.
          const open = buffer.lastIndexOf('[', cut - 1);
          const close = open === -1 ? -1 : buffer.indexOf(']', open);
          if (open !== -1 && cut - open < 24 && (close === -1 || close >= cut)) cut = open;
        }
        if (cut === 0) return;
        const emitted = buffer.slice(0, cut);
        const released =
          findings.some((finding) => finding.end <= cut) || canaries.some((c) => emitted.includes(c));
        const text = unmask(released ? cleanText(emitted) : emitted);
        entry.text = buffer.slice(cut);
        controller.enqueue({ ...entry.template, delta: text } as LanguageModelV4StreamPart);
      };
      const releaseAll = (controller: TransformStreamDefaultController<LanguageModelV4StreamPart>): void => {
        for (const id of pending.keys()) release(id, true, controller);
      };

      const guarded = stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
          transform(part, controller) {
            if (stopped) {
              // The leak was reported; only the usage report still goes through, so the call is billed right.
              if (part.type === 'finish') controller.enqueue(part);
              return;
            }
            if (
              (part.type === 'text-delta' || part.type === 'reasoning-delta') &&
              (redactOutput || canaries.length > 0 || vault)
            ) {
              // Text and reasoning are held and screened alike, each under its own key (their ids may repeat).
              const key = `${part.type}:${part.id}`;
              const entry = pending.get(key);
              if (entry) entry.text += part.delta;
              else pending.set(key, { text: part.delta, template: part });
              release(key, false, controller);
              return;
            }
            if (part.type === 'text-end' || part.type === 'reasoning-end') {
              const key = `${part.type === 'text-end' ? 'text-delta' : 'reasoning-delta'}:${part.id}`;
              release(key, true, controller);
              pending.delete(key);
              if (!stopped) controller.enqueue(part);
              return;
            }
            if (part.type === 'finish' || part.type === 'error') {
              releaseAll(controller);
              if (part.type === 'finish') {
                const providerMetadata = annotate(part.providerMetadata, flagged);
                controller.enqueue(providerMetadata ? { ...part, providerMetadata } : part);
                return;
              }
            }
            controller.enqueue(part);
          },
          flush(controller) {
            releaseAll(controller);
          },
        }),
      );
      return { stream: guarded, ...rest };
    },
  };
}
