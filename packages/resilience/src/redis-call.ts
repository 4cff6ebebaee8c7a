/**
 * @module
 * One call to Redis with a decision in bounded time: past the timeout, or on an error, the local answer is used,
 * an event says so, and Redis is left alone for a while before it is tried again.
 */
import type { ResilienceEventListener } from './resilience-events.js';

class RedisTimeoutError extends Error {
  override readonly name = 'RedisTimeoutError';
}

/** Calls to Redis that never wait past `timeoutMs`, with the local fallback in between. */
export function createRedisCall(options: {
  readonly timeoutMs: number;
  readonly retryAfterFailureMs: number;
  readonly onEvent?: ResilienceEventListener;
}) {
  let unavailableUntil = 0;
  return {
    /** Whether Redis failed recently (calls go to the local answer until `retryAfterFailureMs` has passed). */
    unavailable: () => Date.now() < unavailableUntil,
    async guarded<T>(operation: string, call: () => Promise<T>, local: () => T | Promise<T>): Promise<T> {
      if (Date.now() < unavailableUntil) return local();
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          call(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new RedisTimeoutError(`Redis did not answer ${operation} within ${options.timeoutMs} ms`),
                ),
              options.timeoutMs,
            );
          }),
        ]);
      } catch (error) {
        unavailableUntil = Date.now() + options.retryAfterFailureMs;
        options.onEvent?.({
          type: 'store-unavailable',
          store: 'redis',
          operation,
          error: error instanceof Error ? error : new Error(String(error)),
        });
        return local();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
