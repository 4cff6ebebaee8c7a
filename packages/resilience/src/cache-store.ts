import { LRUCache } from 'lru-cache';

/** A cached answer: a whole generate result or every part of a complete stream, as plain JSON. */
export type CachedResponse =
  | { readonly kind: 'generate'; readonly result: unknown }
  | { readonly kind: 'stream'; readonly parts: readonly unknown[] };

/** Where cached answers live. `get` returns values as they were given to `set` (Dates as Dates). */
export interface CacheStore {
  get(key: string): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse, ttlMs: number): void | Promise<void>;
}

/**
 * An in-process LRU cache (lru-cache) with a size bound and TTLs.
 *
 * @example
 * cacheMiddleware({ store: createMemoryCacheStore({ maxEntries: 5_000 }) });
 */
export function createMemoryCacheStore(options: { maxEntries?: number } = {}): CacheStore {
  const cache = new LRUCache<string, CachedResponse>({ max: options.maxEntries ?? 1_000 });
  return {
    get: (key) => cache.get(key),
    set: (key, value, ttlMs) => {
      cache.set(key, value, { ttl: ttlMs });
    },
  };
}
