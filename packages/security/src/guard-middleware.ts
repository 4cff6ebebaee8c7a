import { randomBytes } from 'node:crypto';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4StreamPart,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import { type Emit, pipeStage } from '@orkit/config/part-pipe';
import type { LanguageModelMiddleware } from 'ai';
import type { InjectionResult } from './detect-prompt-injection.js';
import { maskPii, screen, truncate } from './guard-input.js';
import type { GuardOptions } from './guard-options.js';
import { judgeBesideCall } from './judge-beside-call.js';
import { findSecretsInContext, redactSecrets, type SecretKind } from './redact-secrets.js';
import { createInjectionJudge } from './second-opinion.js';
import { CanaryLeakError } from './security-errors.js';
import { streamCut } from './stream-hold.js';

export type { GuardEvent, GuardOptions, GuardSecondOpinion, InjectionPolicy } from './guard-options.js';

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
  const second = options.injection ? options.injection.secondOpinion : undefined;
  if (second?.concurrent && policy === 'sanitize') {
    throw new TypeError(
      "guardMiddleware: injection.secondOpinion.concurrent needs policy 'block' or 'flag': 'sanitize' rewrites the text before the call is sent, so the call has to wait for the judge.",
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
        allUserTurns: second.userTurns === 'all',
        concurrent: second.concurrent === true,
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
  const beside = judgeBesideCall();

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
      const deferred: Promise<unknown>[] | undefined = judge?.concurrent ? [] : undefined;
      if (injection) {
        prompt = await screen(prompt, {
          policy,
          detect: injection.detect,
          toolResults: injection.toolResults ?? true,
          onEvent,
          flagged,
          ...(judge ? { judge, abortSignal: params.abortSignal } : {}),
          ...(deferred ? { deferred } : {}),
        });
      }
      let next: LanguageModelV4CallOptions = prompt === params.prompt ? params : { ...params, prompt };
      // With a concurrent judge the call runs beside its pending verdicts.
      if (deferred && deferred.length > 0) next = beside.send(next, deferred);
      if (flagged.length > 0 || (deferred && deferred.length > 0)) flaggedOf.set(next, flagged);
      return next;
    },
    wrapGenerate: async ({ doGenerate, params }) => {
      const result = await beside.answer(params, doGenerate);
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
      // Nothing of a stream a verdict stops is handed on: it is cancelled where it stands.
      const { stream, ...rest } = await beside.answer(params, doStream, (started, reason) =>
        started.stream.cancel(reason),
      );
      const flagged = flaggedOf.get(params) ?? [];
      const pending = new Map<string, { text: string; template: LanguageModelV4StreamPart }>();
      let stopped = false;

      const release = (id: string, final: boolean, emit: Emit<LanguageModelV4StreamPart>): void => {
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
          emit({ type: 'error', error: new CanaryLeakError(leaked) });
          return;
        }
        const findings = redactOutput ? findSecretsInContext(buffer) : [];
        // Never cut between a secret and the text that identifies it (`Bearer `, `postgres://user:`).
        let cut = streamCut(buffer, { final, hold, findings, canaries });
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
        emit({ ...entry.template, delta: text } as LanguageModelV4StreamPart);
      };
      const releaseAll = (emit: Emit<LanguageModelV4StreamPart>): void => {
        for (const id of pending.keys()) release(id, true, emit);
      };

      // A stage of the stack's one stream (`@orkit/config/part-pipe`), not a stream of its own.
      const guarded = pipeStage(stream, {
        part(part, emit) {
          if (stopped) {
            // The leak was reported; only the usage report still goes through, so the call is billed right.
            if (part.type === 'finish') emit(part);
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
            release(key, false, emit);
            return;
          }
          if (part.type === 'text-end' || part.type === 'reasoning-end') {
            const key = `${part.type === 'text-end' ? 'text-delta' : 'reasoning-delta'}:${part.id}`;
            release(key, true, emit);
            pending.delete(key);
            if (!stopped) emit(part);
            return;
          }
          if (part.type === 'finish' || part.type === 'error') {
            releaseAll(emit);
            if (part.type === 'finish') {
              const providerMetadata = annotate(part.providerMetadata, flagged);
              emit(providerMetadata ? { ...part, providerMetadata } : part);
              return;
            }
          }
          emit(part);
        },
        done(emit) {
          releaseAll(emit);
        },
      });
      return { stream: guarded, ...rest };
    },
  };
}
