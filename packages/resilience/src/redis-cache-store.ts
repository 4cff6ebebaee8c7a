import type { Redis } from 'ioredis';
import type { CachedResponse, CacheStore } from './cache-store.js';
import type { ResilienceEventListener } from './resilience-events.js';

/**
 * A response cache in Redis (JSON values with a TTL). When Redis is unreachable the cache is bypassed: a
 * lookup answers "miss" within `commandTimeoutMs` and nothing throws.
 *
 * @example
 * cacheMiddleware({ store: createRedisCacheStore({ client: new Redis(process.env.REDIS_URL) }) });
 */
export function createRedisCacheStore(options: {
  client: Redis;
  prefix?: string;
  commandTimeoutMs?: number;
  onEvent?: ResilienceEventListener;
}): CacheStore {
  const prefix = options.prefix ?? 'orkit:cache';
  const timeoutMs = options.commandTimeoutMs ?? 250;
  async function bounded<T>(operation: string, call: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call,
        new Promise<never>(
          (_, reject) =>
            (timer = setTimeout(
              () => reject(new Error(`Redis did not answer ${operation} within ${timeoutMs} ms`)),
              timeoutMs,
            )),
        ),
      ]);
    } catch (error) {
      options.onEvent?.({
        type: 'store-unavailable',
        store: 'redis-cache',
        operation,
        error: error instanceof Error ? error : new Error(String(error)),
      });
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    async get(key) {
      const text = await bounded('get', options.client.get(`${prefix}:${key}`));
      // JSON turns Dates into strings; bring the response timestamps back.
      return text
        ? (JSON.parse(text, (key, value) =>
            key === 'timestamp' && typeof value === 'string' ? new Date(value) : value,
          ) as CachedResponse)
        : undefined;
    },
    async set(key, value, ttlMs) {
      await bounded(
        'set',
        options.client.set(`${prefix}:${key}`, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs))),
      );
    },
  };
}
