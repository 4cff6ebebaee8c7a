/**
 * The store contract seen through the middleware, on every store: one admission per attempt (never a discarded
 * second one), round trips counted on Redis, and after a breaker's cooldown exactly one probe reaches the provider
 * and closes the circuit.
 */
import { countCommands, faults, mockOpenRouterModel, reply } from '@orkit/testing-mocks';
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { generateText, wrapLanguageModel } from 'ai';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import { CircuitOpenError } from './resilience-errors.js';
import type { ResilienceEvent } from './resilience-events.js';
import { resilienceMiddleware } from './resilience-middleware.js';
import type { ResilienceStore } from './resilience-store.js';

const redis = await redisForTests();
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
});
afterEach(() => vi.useRealTimers());

interface Counted {
  readonly store: ResilienceStore;
  readonly admissions: () => number;
  readonly roundTrips: () => number;
}

function counting(store: ResilienceStore, roundTrips: () => number): Counted {
  let admissions = 0;
  return {
    store: {
      admit: (request) => {
        admissions += 1;
        return store.admit(request);
      },
      settle: (request) => store.settle(request),
      breaker: (key, now) => store.breaker(key, now),
      reset: (key) => store.reset(key),
    },
    admissions: () => admissions,
    roundTrips,
  };
}

const stores: Array<[string, () => Counted]> = [['memory', () => counting(createMemoryStore(), () => 0)]];
if (redis.url)
  stores.push([
    'redis',
    () => {
      const client = new Redis(redis.url as string);
      clients.push(client);
      const counted = countCommands(client);
      const store = createRedisStore({
        client,
        prefix: `orkit-engine-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        clock: 'client',
      });
      return counting(store, counted);
    },
  ]);
else process.stdout.write(`Redis cases of the engine contract ${redis.skipReason}\n`);

describe.each(stores)('the %s store through the middleware', (name, make) => {
  it('admits each call once: 150 small sequential calls all fit a 20,000-token window', async () => {
    const { store, admissions, roundTrips } = make();
    const events: ResilienceEvent[] = [];
    const model = wrapLanguageModel({
      model: mockOpenRouterModel({ steps: reply('ok') }),
      middleware: resilienceMiddleware({
        store,
        rateLimit: { tokensPerWindow: 20_000, windowMs: 60_000, maxWaitMs: 0 },
        onEvent: (event) => events.push(event),
      }),
    });
    // Warm the connection, so the count below is of calls only.
    await generateText({ model, prompt: 'hi', maxOutputTokens: 100, maxRetries: 0 });
    const before = { admissions: admissions(), roundTrips: roundTrips() };
    for (let call = 0; call < 150; call += 1)
      await generateText({ model, prompt: 'hi', maxOutputTokens: 100, maxRetries: 0 });
    expect(events.filter((event) => event.type === 'rate-limit-reject')).toEqual([]);
    expect(admissions() - before.admissions).toBe(150);
    // Redis: one awaited script per call; settlements ride along with the next call.
    if (name === 'redis') expect(roundTrips() - before.roundTrips).toBeLessThanOrEqual(150 + 2);
  });

  it('after the cooldown exactly one probe reaches the provider, and its success closes the circuit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { store } = make();
    let providerCalls = 0;
    const model = wrapLanguageModel({
      model: mockOpenRouterModel({
        steps: ({ attempt }) => {
          providerCalls += 1;
          return attempt < 3 ? faults.unavailable() : reply('recovered');
        },
      }),
      middleware: resilienceMiddleware({ store, breaker: { threshold: 3, openMs: 30_000 } }),
    });
    const call = () =>
      generateText({ model, prompt: 'hi', maxRetries: 0 }).then(
        (result) => result.text,
        (error: unknown) => (CircuitOpenError.isInstance(error) ? 'circuit-open' : 'failed'),
      );
    for (let index = 0; index < 3; index += 1) expect(await call()).toBe('failed');
    expect(await call()).toBe('circuit-open');
    vi.setSystemTime(Date.now() + 30_001);
    // Five callers at once after the cooldown: one probe goes through, the others are refused at once.
    const outcomes = await Promise.all(Array.from({ length: 5 }, call));
    expect(outcomes.filter((outcome) => outcome === 'recovered')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'circuit-open')).toHaveLength(4);
    expect(providerCalls).toBe(4);
    expect(await call()).toBe('recovered');
    expect(await store.breaker(`openrouter:openai/gpt-5.5`, Date.now())).toMatchObject({ state: 'closed' });
  });
});
