import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { BulkheadPolicy } from './bulkhead.js';
import type { ClassificationOverrides } from './classify-error.js';
import type { ResilienceEventListener } from './resilience-events.js';
import type { BreakerPolicy, ResilienceStore } from './resilience-store.js';

/** Retry with exponential backoff and full jitter, honouring the server's requested wait. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Default 500 ms. */
  readonly baseDelayMs?: number;
  /** The largest backoff delay. Default 10 000 ms. */
  readonly maxDelayMs?: number;
  /** When the server asks to wait longer than this, fail at once with the wait in the error. Default 60 000 ms. */
  readonly maxRetryAfterMs?: number;
}

/** Requests and tokens per window, per model. */
export interface RateLimitPolicy {
  readonly requestsPerWindow?: number;
  readonly tokensPerWindow?: number;
  /** Default 60 000 ms (per minute). */
  readonly windowMs?: number;
  /** How long a call may wait for room before it is rejected. Default 5 000 ms. */
  readonly maxWaitMs?: number;
  /** Tokens a call will use, before it runs. Default: prompt characters / 4 + `maxOutputTokens` (or 1 024). */
  readonly estimateTokens?: (params: LanguageModelV4CallOptions) => number;
}

/** Timeouts per attempt. */
export interface TimeoutPolicy {
  /** The whole attempt (generate) or stream. */
  readonly totalMs?: number;
  /** Until the first content part of a stream (keep-alives do not count). */
  readonly firstChunkMs?: number;
  /** Between two parts of a stream once content flows. */
  readonly betweenChunksMs?: number;
}

/** Options of the resilience middlewares; each part is off unless given. */
export interface ResilienceOptions {
  readonly retry?: RetryPolicy;
  readonly breaker?: Partial<BreakerPolicy>;
  readonly rateLimit?: RateLimitPolicy;
  readonly timeout?: TimeoutPolicy;
  readonly bulkhead?: BulkheadPolicy;
  /** Where windows and circuits live. Default: a new in-process store. */
  readonly store?: ResilienceStore;
  /** The key that limits and circuits are kept under. Default `provider:modelId`. */
  readonly keyOf?: (model: LanguageModelV4) => string;
  readonly classify?: ClassificationOverrides;
  readonly onEvent?: ResilienceEventListener;
  /** A deadline for the whole call, retries included. */
  readonly deadlineMs?: number;
  /** For tests: the jitter source. */
  readonly random?: () => number;
}

/** The breaker defaults: 5 provider failures in a row open it for 30 s. */
export const DEFAULT_BREAKER_POLICY: BreakerPolicy = Object.freeze({
  mode: 'consecutive',
  threshold: 5,
  minimumVolume: 10,
  windowMs: 60_000,
  openMs: 30_000,
  probeLeaseMs: 30_000,
});

/** Options with defaults filled in, once. */
export interface ResolvedOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly breaker: BreakerPolicy | undefined;
  readonly rateLimit:
    | (Required<Pick<RateLimitPolicy, 'windowMs' | 'maxWaitMs'>> & RateLimitPolicy)
    | undefined;
  readonly timeout: TimeoutPolicy | undefined;
  readonly bulkhead: BulkheadPolicy | undefined;
  readonly store: ResilienceStore | undefined;
  readonly keyOf: (model: LanguageModelV4) => string;
  readonly classify: ClassificationOverrides | undefined;
  readonly onEvent: ResilienceEventListener | undefined;
  readonly deadlineMs: number | undefined;
  readonly random: () => number;
}

export function resolveOptions(options: ResilienceOptions): ResolvedOptions {
  const retry = options.retry;
  const maxAttempts = retry?.maxAttempts ?? (retry ? 3 : 1);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`retry.maxAttempts must be a whole number of at least 1, got ${maxAttempts}`);
  const breaker = options.breaker ? { ...DEFAULT_BREAKER_POLICY, ...options.breaker } : undefined;
  if (breaker && breaker.mode === 'failure-rate' && !(breaker.threshold > 0 && breaker.threshold <= 1)) {
    throw new RangeError(
      `breaker.threshold is a failure rate in failure-rate mode: 0 < threshold <= 1, got ${breaker.threshold}`,
    );
  }
  const rateLimit = options.rateLimit
    ? { windowMs: 60_000, maxWaitMs: 5_000, ...options.rateLimit }
    : undefined;
  return {
    maxAttempts,
    baseDelayMs: retry?.baseDelayMs ?? 500,
    maxDelayMs: retry?.maxDelayMs ?? 10_000,
    maxRetryAfterMs: retry?.maxRetryAfterMs ?? 60_000,
    breaker,
    rateLimit,
    timeout: options.timeout,
    bulkhead: options.bulkhead,
    store: options.store,
    keyOf: options.keyOf ?? defaultKeyOf,
    classify: options.classify,
    onEvent: options.onEvent,
    deadlineMs: options.deadlineMs,
    random: options.random ?? Math.random,
  };
}

const keys = new WeakMap<LanguageModelV4, string>();

/** `provider:modelId`, computed once per model object. */
function defaultKeyOf(model: LanguageModelV4): string {
  let key = keys.get(model);
  if (key === undefined) {
    key = `${model.provider}:${model.modelId}`;
    keys.set(model, key);
  }
  return key;
}

/** Prompt characters / 4 + the output allowance: a cheap, conservative token estimate. */
export function defaultTokenEstimate(params: LanguageModelV4CallOptions): number {
  let characters = 0;
  for (const message of params.prompt) {
    if (typeof message.content === 'string') characters += message.content.length;
    else
      for (const part of message.content)
        if ('text' in part && typeof part.text === 'string') characters += part.text.length;
  }
  return Math.ceil(characters / 4) + (params.maxOutputTokens ?? 1_024);
}
