/**
 * @module
 * What the end-to-end tests of this package share: the OpenRouter simulator over real HTTP with a provider pointed
 * at it, and Redis connections (when REDIS_URL is set), all closed after the file's tests.
 */
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { startOpenRouterSimulator } from '@orkit/testing-mocks';
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';

/** Starts the simulator and finds Redis; `connect()` opens a Redis connection closed after the file's tests. */
export async function simulatorAndRedis() {
  const simulator = await startOpenRouterSimulator();
  const openrouter = createOpenRouter({
    baseURL: simulator.baseURL,
    apiKey: simulator.apiKey,
    compatibility: 'strict',
  });
  const redis = await redisForTests();
  const clients: Redis[] = [];
  afterAll(async () => {
    await simulator.close();
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  });
  const connect = (): Redis => {
    const client = new Redis(redis.url as string);
    clients.push(client);
    return client;
  };
  return { simulator, openrouter, redis, connect };
}
