import { countCommands } from '@orkit/testing-mocks';
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { ResilienceEvent } from './resilience-events.js';
import { DEFAULT_BREAKER_POLICY } from './resilience-options.js';
import type { BreakerPolicy, ResilienceStore } from './resilience-store.js';

const redis = await redisForTests();
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
});

function redisStore(): ResilienceStore {
  const client = new Redis(redis.url as string, { lazyConnect: false });
  clients.push(client);
  return createRedisStore({
    client,
    prefix: `orkit-test-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    clock: 'client',
  });
}

const stores: Array<[string, () => ResilienceStore]> = [['memory', createMemoryStore]];
if (redis.url) stores.push(['redis', redisStore]);
else process.stdout.write(`Redis store contract tests ${redis.skipReason}\n`);

const breaker: BreakerPolicy = { ...DEFAULT_BREAKER_POLICY, threshold: 3, openMs: 1_000, probeLeaseMs: 500 };
let tickets = 0;
const ticket = () => `t${++tickets}`;
/** A call of `estimate` tokens against a 1,000-token, 60 s window, at `now`. */
const tokensAt = (now: number, estimate: number, id = ticket()) => ({
  key: 'm',
  now,
  ticket: id,
  tokens: { limit: 1_000, windowMs: 60_000, estimate },
});

describe.each(stores)('the %s store honours the store contract', (_name, makeStore) => {
  it('limits requests in a window that slides in steps and says how long until room', async () => {
    const store = makeStore();
    // A 1 s window slides in steps of 17 ms: an admission counts from its step's start for 1,017 ms.
    const requests = { limit: 3, windowMs: 1_000 };
    for (const now of [0, 100, 200])
      expect(await store.admit({ key: 'm', now, ticket: ticket(), requests })).toMatchObject({ ok: true });
    expect(await store.admit({ key: 'm', now: 500, ticket: ticket(), requests })).toEqual({
      ok: false,
      reason: 'requests',
      retryAfterMs: 517,
    });
    // Never less than the window: at 1,000 ms the first admission still counts; one step later it does not.
    expect(await store.admit({ key: 'm', now: 1_000, ticket: ticket(), requests })).toMatchObject({
      ok: false,
      reason: 'requests',
    });
    expect(await store.admit({ key: 'm', now: 1_017, ticket: ticket(), requests })).toMatchObject({
      ok: true,
    });
    // The next room: the admission at 100 ms (step 85) stops counting at 85 + 17 + 1,000.
    expect(await store.admit({ key: 'm', now: 1_050, ticket: ticket(), requests })).toEqual({
      ok: false,
      reason: 'requests',
      retryAfterMs: 52,
    });
    expect(await store.admit({ key: 'other', now: 1_050, ticket: ticket(), requests })).toMatchObject({
      ok: true,
    });
  });

  it('limits tokens by estimate, corrects with actual usage, and refuses a call larger than the limit', async () => {
    const store = makeStore();
    const first = ticket();
    expect(await store.admit(tokensAt(0, 700, first))).toMatchObject({ ok: true });
    expect(await store.admit(tokensAt(10, 400))).toEqual({
      ok: false,
      reason: 'tokens',
      retryAfterMs: 60_990,
    }); // a 60 s window slides in 1 s steps
    await store.settle({
      key: 'm',
      now: 20,
      ticket: first,
      probe: false,
      outcome: 'success',
      actualTokens: 100,
      estimatedTokens: 700,
      admittedAt: 0,
    });
    expect(await store.admit(tokensAt(30, 400))).toMatchObject({ ok: true });
    expect(await store.admit(tokensAt(40, 5_000))).toEqual({
      ok: false,
      reason: 'tokens',
      retryAfterMs: Number.POSITIVE_INFINITY,
    });
    // The first step (100 + 400 tokens) counts until 61 s, never less than the window.
    expect(await store.admit(tokensAt(60_031, 900))).toMatchObject({ ok: false, reason: 'tokens' });
    expect(await store.admit(tokensAt(61_000, 900))).toMatchObject({ ok: true });
  });

  it('opens after consecutive failures, admits one probe after openMs, and closes on its success', async () => {
    const store = makeStore();
    const transitions: unknown[] = [];
    for (let now = 0; now < 3; now += 1) {
      const id = ticket();
      await store.admit({ key: 'm', now, ticket: id, breaker });
      transitions.push(
        await store.settle({ key: 'm', now, ticket: id, probe: false, outcome: 'failure', breaker }),
      );
    }
    expect(transitions).toEqual([undefined, undefined, { from: 'closed', to: 'open' }]);
    expect(await store.admit({ key: 'm', now: 500, ticket: ticket(), breaker })).toEqual({
      ok: false,
      reason: 'circuit-open',
      retryAfterMs: 502,
    });
    expect(await store.breaker('m', 500)).toMatchObject({
      state: 'open',
      consecutiveFailures: 3,
      openUntil: 1_002,
    });
    const probe = ticket();
    expect(await store.admit({ key: 'm', now: 1_002, ticket: probe, breaker })).toEqual({
      ok: true,
      probe: true,
      transition: { from: 'open', to: 'half-open' },
    });
    expect(await store.admit({ key: 'm', now: 1_100, ticket: ticket(), breaker })).toEqual({
      ok: false,
      reason: 'circuit-open',
      retryAfterMs: 402,
    });
    expect(
      await store.settle({ key: 'm', now: 1_200, ticket: probe, probe: true, outcome: 'success', breaker }),
    ).toEqual({ from: 'half-open', to: 'closed' });
    expect(await store.admit({ key: 'm', now: 1_201, ticket: ticket(), breaker })).toEqual({
      ok: true,
      probe: false,
    });
  });

  it('a failed probe opens again; ignored outcomes never move the circuit; reset forgets', async () => {
    const store = makeStore();
    for (let now = 0; now < 10; now += 1) {
      const id = ticket();
      await store.admit({ key: 'm', now, ticket: id, breaker });
      expect(
        await store.settle({ key: 'm', now, ticket: id, probe: false, outcome: 'ignored', breaker }),
      ).toBeUndefined();
    }
    for (let now = 10; now < 13; now += 1) {
      const id = ticket();
      await store.admit({ key: 'm', now, ticket: id, breaker });
      await store.settle({ key: 'm', now, ticket: id, probe: false, outcome: 'failure', breaker });
    }
    const probe = ticket();
    await store.admit({ key: 'm', now: 2_000, ticket: probe, breaker });
    expect(
      await store.settle({ key: 'm', now: 2_001, ticket: probe, probe: true, outcome: 'failure', breaker }),
    ).toEqual({ from: 'half-open', to: 'open' });
    expect(await store.admit({ key: 'm', now: 2_002, ticket: ticket(), breaker })).toEqual({
      ok: false,
      reason: 'circuit-open',
      retryAfterMs: 999,
    });
    await store.reset('m');
    expect(await store.admit({ key: 'm', now: 2_003, ticket: ticket(), breaker })).toEqual({
      ok: true,
      probe: false,
    });
  });

  it('failure-rate mode opens only past the minimum volume', async () => {
    const store = makeStore();
    const policy: BreakerPolicy = {
      ...breaker,
      mode: 'failure-rate',
      threshold: 0.5,
      minimumVolume: 6,
      windowMs: 10_000,
    };
    const outcomes: Array<'success' | 'failure'> = ['success', 'failure', 'success', 'failure', 'failure'];
    for (const [index, outcome] of outcomes.entries()) {
      const id = ticket();
      await store.admit({ key: 'm', now: index * 10, ticket: id, breaker: policy });
      expect(
        await store.settle({ key: 'm', now: index * 10, ticket: id, probe: false, outcome, breaker: policy }),
      ).toBeUndefined();
    }
    const id = ticket();
    await store.admit({ key: 'm', now: 60, ticket: id, breaker: policy });
    expect(
      await store.settle({
        key: 'm',
        now: 60,
        ticket: id,
        probe: false,
        outcome: 'failure',
        breaker: policy,
      }),
    ).toEqual({ from: 'closed', to: 'open' });
  });
});

describe.skipIf(!redis.url)(`the Redis store when Redis is unreachable ${redis.skipReason}`, () => {
  it('answers from the local fallback within the command timeout, whatever the client options, and says so', async () => {
    // A client pointed at a closed port with an offline queue: its commands would wait forever.
    const dead = new Redis({
      port: 1,
      host: '127.0.0.1',
      lazyConnect: true,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    dead.on('error', () => undefined);
    dead.connect().catch(() => undefined);
    const events: ResilienceEvent[] = [];
    const store = createRedisStore({
      client: dead,
      commandTimeoutMs: 100,
      onEvent: (event) => events.push(event),
    });
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.admit({
          key: 'm',
          now: Date.now(),
          ticket: `d${index}`,
          requests: { limit: 5, windowMs: 60_000 },
        }),
      ),
    );
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(5);
    expect(events[0]).toMatchObject({ type: 'store-unavailable', store: 'redis', operation: 'admit' });
    dead.disconnect();
  });
});

describe.skipIf(!redis.url)(`the Redis store on the success path ${redis.skipReason}`, () => {
  it('costs one round trip per call: successes ride with the next call, or go within settleDelayMs', async () => {
    const client = new Redis(redis.url as string);
    clients.push(client);
    const counted = countCommands(client);
    const store = createRedisStore({
      client,
      prefix: `orkit-test-rt-${Date.now()}`,
      clock: 'client',
      settleDelayMs: 20,
    });
    const tokens = { limit: 1_000, windowMs: 60_000, estimate: 400 };
    await store.admit({ key: 'm', now: 0, ticket: 'warm', tokens, breaker });
    let start = counted();
    for (let index = 0; index < 10; index += 1) {
      const id = `s${index}`;
      const admission = await store.admit({ key: 'm', now: index, ticket: id, tokens, breaker });
      expect(admission).toMatchObject({ ok: true });
      await store.settle({
        key: 'm',
        now: index,
        ticket: id,
        probe: false,
        outcome: 'success',
        actualTokens: 10,
        estimatedTokens: 400,
        breaker,
      });
    }
    expect(counted() - start).toBe(10);
    // The deferred corrections made room: 10 calls at 10 tokens each, plus the warm-up's 400.
    // A consecutive failure count of 2 is reset by a deferred success, which the snapshot shows.
    for (const id of ['f1', 'f2']) {
      await store.admit({ key: 'm', now: 20, ticket: id, breaker });
      await store.settle({ key: 'm', now: 20, ticket: id, probe: false, outcome: 'failure', breaker });
    }
    expect(await store.breaker('m', 30)).toMatchObject({ consecutiveFailures: 2 });
    await store.admit({ key: 'm', now: 31, ticket: 'ok', breaker });
    expect(
      await store.settle({ key: 'm', now: 31, ticket: 'ok', probe: false, outcome: 'success', breaker }),
    ).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    start = counted();
    expect(await store.breaker('m', 40)).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(counted() - start).toBe(1);
    expect(
      await store.admit({ key: 'm', now: 50, ticket: 'big', tokens: { ...tokens, estimate: 500 } }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('sends every deferred success within settleDelayMs, however many there are, with no call after them', async () => {
    const client = new Redis(redis.url as string);
    clients.push(client);
    const prefix = `orkit-test-flush-${Date.now()}`;
    const store = createRedisStore({ client, prefix, clock: 'client', settleDelayMs: 20 });
    const tokens = { limit: 1_000_000, windowMs: 60_000, estimate: 1_000 };
    for (let index = 0; index < 300; index += 1) {
      const id = `f${index}`;
      await store.admit({ key: 'm', now: index, ticket: id, tokens });
      await store.settle({
        key: 'm',
        now: index,
        ticket: id,
        probe: false,
        outcome: 'success',
        actualTokens: 10,
        estimatedTokens: 1_000,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Read Redis directly: all 300 corrections are there, without another call through the store.
    // The 300 calls fall in the window's first step (slot 0 of the stepped hash): 300 x 10 tokens.
    expect(await client.hget(`${prefix}:{m}:tw`, 'w0')).toBe('3000');
    // One slot (beside the kept sum and its span).
    const slots = (await client.hkeys(`${prefix}:{m}:tw`)).filter((field) => /^[tw]\d+$/.test(field));
    expect(slots.sort()).toEqual(['t0', 'w0']);
  });
});
