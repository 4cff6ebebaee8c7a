/**
 * The Redis store's windows slide in steps: a bounded hash per window, whatever the rate, and a refusal read from it.
 */
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './redis-store.js';

const redis = await redisForTests();
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
});

describe.skipIf(!redis.url)(`the Redis store's stepped windows ${redis.skipReason}`, () => {
  it('keeps a bounded window in Redis however many calls pass, and refuses from it', async () => {
    const client = new Redis(redis.url as string);
    clients.push(client);
    const prefix = `orkit-test-bounded-${Date.now()}`;
    const store = createRedisStore({ client, prefix, clock: 'client' });
    const tokens = { limit: 2_000, windowMs: 60_000, estimate: 1 };
    // 1,800 calls spread over two minutes: every step of the window is used, and some leave it.
    for (let index = 0; index < 1_800; index += 1)
      await store.admit({ key: 'm', now: index * 66, ticket: `b${index}`, tokens });
    // 61 slots at most, each a start and a weight, and the kept sum with the span it holds for.
    expect(await client.hlen(`${prefix}:{m}:tw`)).toBeLessThanOrEqual(125);
    const now = 1_799 * 66;
    const refused = await store.admit({
      key: 'm',
      now,
      ticket: 'big',
      tokens: { ...tokens, estimate: 1_500 },
    });
    expect(refused).toMatchObject({ ok: false, reason: 'tokens' });
    // Room comes when the oldest counted steps leave: within one window and one step of now.
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(61_000);
  });

  it('counts weight written by a replica that does not keep the sum (an earlier script) within one step', async () => {
    const client = new Redis(redis.url as string);
    clients.push(client);
    const prefix = `orkit-test-old-writer-${Date.now()}`;
    const store = createRedisStore({ client, prefix, clock: 'client' });
    const tokens = { limit: 1_000, windowMs: 60_000, estimate: 10 };
    const now = 1_800_000_000_500;
    expect(await store.admit({ key: 'm', now, ticket: 'a', tokens })).toMatchObject({ ok: true });
    // What an earlier script does: it adds to the step's slot and leaves the kept sum alone (steps of 1 s, 61 slots).
    const slot = (Math.floor(now / 1_000) % 61).toString();
    await client.hincrby(`${prefix}:{m}:tw`, `w${slot}`, 2_000);
    // One step later the window is read again, and the 2,000 tokens count.
    const later = await store.admit({ key: 'm', now: now + 1_000, ticket: 'b', tokens });
    expect(later).toMatchObject({ ok: false, reason: 'tokens' });
  });
});
