import type {
  LanguageModelV4,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import type { LanguageModelMiddleware } from 'ai';
import type { BulkheadPolicy, Release } from './bulkhead.js';
import { generateWithin, streamWithin } from './call-deadline.js';
import { type Attempt, ResilienceEngine, usageTokens } from './resilience-engine.js';
import type { ResilienceOptions, RetryPolicy, TimeoutPolicy } from './resilience-options.js';
import type { BreakerPolicy } from './resilience-store.js';

/** Holds a bulkhead slot (once it is granted) while `run` runs. */
async function withSlot<T>(
  engine: ResilienceEngine,
  key: string,
  signal: AbortSignal | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const slot = engine.acquire(key, signal) as Release | Promise<Release>;
  const release = slot instanceof Promise ? await slot : slot;
  try {
    return await run();
  } finally {
    release();
  }
}

/**
 * All resilience in one middleware, fused: bulkhead, one atomic admission (rate limits on requests and tokens,
 * circuit breaker), retries with backoff and `Retry-After`, timeouts (total, first chunk, between chunks), and for
 * streams one pass over the chunks. Streams are retried only before their first content part; after it a failure
 * is a {@link MidStreamError}, never a replay.
 *
 * @example
 * const model = wrapLanguageModel({
 *   model: openrouter.chat('anthropic/claude-sonnet-5'),
 *   middleware: resilienceMiddleware({
 *     retry: { maxAttempts: 3 },
 *     breaker: { threshold: 5, openMs: 30_000 },
 *     rateLimit: { requestsPerWindow: 50, tokensPerWindow: 200_000 },
 *     timeout: { firstChunkMs: 15_000, betweenChunksMs: 10_000, totalMs: 120_000 },
 *   }),
 * });
 */
export function resilienceMiddleware(options: ResilienceOptions): LanguageModelMiddleware {
  const engine = new ResilienceEngine(options);
  const { timeout, onEvent } = engine.options;
  const generateAttempt: Attempt<LanguageModelV4GenerateResult> = async (
    model,
    attemptParams,
    settle,
    key,
    remainingMs,
  ) => {
    const result = await generateWithin(
      model,
      attemptParams,
      minDefined(timeout?.totalMs, remainingMs),
      key,
      onEvent,
    );
    settle('success', usageTokens(result.usage));
    return result;
  };
  const middleware: LanguageModelMiddleware = {
    specificationVersion: 'v4',
    wrapGenerate({ model, params }): Promise<LanguageModelV4GenerateResult> {
      // Not an async function: without a bulkhead there is nothing to release, so no frame of our own around
      // the engine. Errors still reach the caller as a rejection, never as a synchronous throw.
      try {
        const key = engine.options.keyOf(model as LanguageModelV4);
        const run = () => engine.run(model as LanguageModelV4, key, params, generateAttempt);
        return engine.bulkhead ? withSlot(engine, key, params.abortSignal, run) : run();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async wrapStream({ model, params }): Promise<LanguageModelV4StreamResult> {
      const key = engine.options.keyOf(model as LanguageModelV4);
      const slot = engine.acquire(key, params.abortSignal);
      // No await (and no extra turn of the event loop) unless the bulkhead makes the call wait.
      const release = slot instanceof Promise ? await slot : slot;
      try {
        return await engine.run(
          model as LanguageModelV4,
          key,
          params,
          function resilientStream(model, attemptParams, settle, key, remainingMs) {
            const totalMs = minDefined(timeout?.totalMs, remainingMs);
            return streamWithin(model, attemptParams, {
              key,
              timeout: totalMs === undefined ? timeout : { ...timeout, totalMs },
              classify: engine.options.classify,
              onEvent,
              onEnd: (outcome, tokens) => {
                settle(outcome, tokens);
                release?.();
              },
            });
          },
        );
      } catch (error) {
        release?.();
        throw error;
      }
    },
  };
  // Its streams are guarded (timeouts, pre-content failures thrown, mid-stream failures typed), within the shared
  // deadline: `withFallback` need not guard them again.
  GUARDED_STREAMS.add(middleware);
  return middleware;
}

/**
 * Middlewares whose streams reach the caller already guarded by {@link guardStream} within the call's shared
 * deadline (the resilience middleware): `withFallback` does not wrap such a model's stream a second time.
 */
export const GUARDED_STREAMS = new WeakSet<LanguageModelMiddleware>();

/**
 * Retries failed calls with exponential backoff and full jitter, honouring `Retry-After`. Never retries 400,
 * 401, 403, or a 402 without `Retry-After`; fails at once when the server asks to wait longer than `maxRetryAfterMs`.
 *
 * @example
 * wrapLanguageModel({ model, middleware: retryMiddleware({ maxAttempts: 3, maxRetryAfterMs: 30_000 }) });
 */
export function retryMiddleware(
  options: RetryPolicy & Pick<ResilienceOptions, 'onEvent' | 'classify' | 'deadlineMs' | 'random'> = {},
): LanguageModelMiddleware {
  const { onEvent, classify, deadlineMs, random, ...retry } = options;
  return resilienceMiddleware({
    retry: { maxAttempts: 3, ...retry },
    ...pick({ onEvent, classify, deadlineMs, random }),
  });
}

/**
 * A circuit breaker per model: provider failures (429, 5xx, timeouts, in-band provider errors) open it; the
 * caller's (400, 401, 403) do not. Half-open lets one probe through at a time.
 *
 * @example
 * wrapLanguageModel({ model, middleware: circuitBreakerMiddleware({ threshold: 5, openMs: 30_000, store }) });
 */
export function circuitBreakerMiddleware(
  options: Partial<BreakerPolicy> & Pick<ResilienceOptions, 'onEvent' | 'store' | 'keyOf' | 'classify'> = {},
): LanguageModelMiddleware {
  const { onEvent, store, keyOf, classify, ...breaker } = options;
  return resilienceMiddleware({ breaker, ...pick({ onEvent, store, keyOf, classify }) });
}

/**
 * Requests and tokens per window per model, shared through the store; tokens are estimated before the call and
 * corrected with the real usage after. Calls wait (bounded, first come first served) or are rejected with the
 * time until room.
 *
 * @example
 * wrapLanguageModel({ model, middleware: rateLimitMiddleware({ requestsPerWindow: 50, tokensPerWindow: 200_000, store }) });
 */
export function rateLimitMiddleware(
  options: NonNullable<ResilienceOptions['rateLimit']> &
    Pick<ResilienceOptions, 'onEvent' | 'store' | 'keyOf'>,
): LanguageModelMiddleware {
  const { onEvent, store, keyOf, ...rateLimit } = options;
  return resilienceMiddleware({ rateLimit, ...pick({ onEvent, store, keyOf }) });
}

/**
 * Timeouts per attempt: total, time to the first content chunk, and between chunks, each a {@link ModelTimeoutError}.
 *
 * @example
 * wrapLanguageModel({ model, middleware: timeoutMiddleware({ firstChunkMs: 10_000, betweenChunksMs: 5_000 }) });
 */
export function timeoutMiddleware(
  options: TimeoutPolicy & Pick<ResilienceOptions, 'onEvent'>,
): LanguageModelMiddleware {
  const { onEvent, ...timeout } = options;
  return resilienceMiddleware({ timeout, ...pick({ onEvent }) });
}

/**
 * At most `maxConcurrent` calls per model, `maxQueue` waiting; more are rejected with a typed error.
 *
 * @example
 * wrapLanguageModel({ model, middleware: bulkheadMiddleware({ maxConcurrent: 8, maxQueue: 32 }) });
 */
export function bulkheadMiddleware(
  options: BulkheadPolicy & Pick<ResilienceOptions, 'onEvent' | 'keyOf'>,
): LanguageModelMiddleware {
  const { onEvent, keyOf, ...bulkhead } = options;
  return resilienceMiddleware({ bulkhead, ...pick({ onEvent, keyOf }) });
}

/** The smaller of two optional limits. */
function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** Drops undefined values (exactOptionalPropertyTypes). */
function pick<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
