/**
 * @module
 * Redis stores: share rate limits, circuits and the response cache between processes. Needs `ioredis`.
 */
export { createRedisCacheStore } from './redis-cache-store.js';
export { createRedisStore, type RedisStoreOptions } from './redis-store.js';
