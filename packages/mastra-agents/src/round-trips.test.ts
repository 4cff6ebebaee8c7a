/**
 * What a call waits for in store round trips with every store on Redis (limits and breakers, the response cache,
 * budgets), counted from the order of sends and replies on the Redis connection, not timed: the reservation and
 * the cache lookup go out together, the admission follows, and the settlements and the cache store go behind the
 * answer. So a call waits for two round trips, and for one on a cache hit, through `generateText`, `streamText`
 * and a Mastra agent.
 */
import { createRedisBudgetStore } from '@orkit/observability/redis';
import { createRedisCacheStore, createRedisStore } from '@orkit/resilience/redis';
import { measureRoundTrips, reply } from '@orkit/testing-mocks';
import { generateText, streamText } from 'ai';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { type AgentStack, buildAgentModel } from './agent-model.js';
import { createAgent } from './create-agent.js';
import { simulatorAndRedis } from './simulator-for-tests.js';

const { simulator, openrouter, redis, connect } = await simulatorAndRedis();

// Calls at temperature 0 are cached (createAgent keeps the agent's temperature where Mastra drops it).
const MODEL = 'anthropic/claude-sonnet-5';
simulator.script({ model: MODEL, steps: reply('Four.') });

/** Every store on one Redis connection, under a fresh prefix. */
function redisStack(): { client: Redis; stack: AgentStack } {
  const client = connect();
  const prefix = `orkit-round-trips-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return {
    client,
    stack: {
      resilience: {
        retry: { maxAttempts: 3 },
        breaker: { threshold: 5 },
        rateLimit: { requestsPerWindow: 1_000, tokensPerWindow: 1_000_000 },
        // Successes settle with the next admission; the timer's own settle (50 ms by default) would be a command
        // from outside the measured call.
        store: createRedisStore({ client, prefix: `${prefix}:resilience`, settleDelayMs: 60_000 }),
      },
      cache: { store: createRedisCacheStore({ client, prefix: `${prefix}:cache` }) },
      budget: {
        limits: [{ scope: 'agent', window: 'daily', usd: 10 }],
        store: createRedisBudgetStore({ client, prefix: `${prefix}:budget` }),
      },
    },
  };
}

describe.skipIf(!redis.url)(
  `awaited Redis round trips per call, every store on Redis ${redis.skipReason}`,
  () => {
    it('generateText: two on a cache miss, one on a hit', async () => {
      const { client, stack } = redisStack();
      const model = buildAgentModel([openrouter.chat(MODEL)], 'counted', stack);
      const ask = (prompt: string) => () => generateText({ model, prompt, temperature: 0, maxRetries: 0 });
      // Connects, and loads the scripts once, as any process's first call does.
      await ask('Warm up.')();
      const miss = await measureRoundTrips([client], ask('What is 2 + 2?'));
      const hit = await measureRoundTrips([client], ask('What is 2 + 2?'));
      expect(miss.value.text).toBe('Four.');
      expect(hit.value.text).toBe('Four.');
      expect(miss.awaited).toBeLessThanOrEqual(2);
      expect(hit.awaited).toBe(1);
      // Settlements and the cache store went out too, behind the answer.
      expect(miss.sent).toBeGreaterThan(miss.awaited);
    });

    it('streamText: two on a cache miss, one on a hit', async () => {
      const { client, stack } = redisStack();
      const model = buildAgentModel([openrouter.chat(MODEL)], 'counted', stack);
      const ask = (prompt: string) => async () => {
        const result = streamText({ model, prompt, temperature: 0, maxRetries: 0 });
        let text = '';
        for await (const chunk of result.textStream) text += chunk;
        return text;
      };
      await ask('Warm up.')();
      const miss = await measureRoundTrips([client], ask('What is 2 + 2?'));
      const hit = await measureRoundTrips([client], ask('What is 2 + 2?'));
      expect([miss.value, hit.value]).toEqual(['Four.', 'Four.']);
      expect(miss.awaited).toBeLessThanOrEqual(2);
      expect(hit.awaited).toBe(1);
    });

    it('a Mastra agent: two on a cache miss, one on a hit', async () => {
      const { client, stack } = redisStack();
      const agent = createAgent({
        name: 'counted',
        instructions: 'Answer briefly.',
        temperature: 0,
        models: [MODEL],
        model: (id) => openrouter.chat(id),
        stack,
      });
      const ask = (prompt: string) => () => agent.generate(prompt);
      await ask('Warm up.')();
      const miss = await measureRoundTrips([client], ask('What is 2 + 2?'));
      const hit = await measureRoundTrips([client], ask('What is 2 + 2?'));
      expect([miss.value.text, hit.value.text]).toEqual(['Four.', 'Four.']);
      expect(miss.awaited).toBeLessThanOrEqual(2);
      expect(hit.awaited).toBe(1);
    });
  },
);
