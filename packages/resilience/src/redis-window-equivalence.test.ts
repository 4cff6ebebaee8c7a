/**
 * The Redis store's windows decide exactly as the in-process store's: the same random admissions, corrections
 * and clock jumps (client clock), replayed on both, get the same answers, refusals' waits included.
 */
import { redisForTests } from '@orkit/testing-mocks/vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { AdmissionRequest } from './resilience-store.js';

const redis = await redisForTests();
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
});

type Step =
  | { readonly kind: 'admit'; readonly advance: number; readonly estimate: number }
  | { readonly kind: 'settle'; readonly advance: number; readonly actual: number; readonly which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('admit' as const),
    advance: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3_000 })),
    estimate: fc.integer({ min: 1, max: 250 }),
  }),
  fc.record({
    kind: fc.constant('settle' as const),
    advance: fc.integer({ min: 0, max: 40 }),
    actual: fc.integer({ min: 0, max: 600 }),
    which: fc.nat(),
  }),
);

describe.skipIf(!redis.url)(`Redis windows against the in-process store ${redis.skipReason}`, () => {
  it('answers every admission as the in-process store does', async () => {
    const client = new Redis(redis.url as string);
    clients.push(client);
    let run = 0;
    const seen = { admitted: 0, requests: 0, tokens: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 20, maxLength: 120 }),
        fc.constantFrom(1_000, 1_234, 60_000),
        async (steps, windowMs) => {
          run += 1;
          const memory = createMemoryStore();
          const shared = createRedisStore({
            client,
            prefix: `orkit-test-equivalence-${Date.now()}-${run}`,
            clock: 'client',
            // Every settle goes at once, so both stores see corrections in the same order.
            settleDelayMs: 0,
          });
          let now = 1_000_000;
          const admitted: Array<{ ticket: string; at: number; estimate: number }> = [];
          for (const [index, current] of steps.entries()) {
            now += current.kind === 'admit' ? current.advance : current.advance;
            if (current.kind === 'admit') {
              const request: AdmissionRequest = {
                key: 'm',
                now,
                ticket: `t${index}`,
                requests: { limit: 10, windowMs },
                tokens: { limit: 2_000, windowMs, estimate: current.estimate },
              };
              const [mine, theirs] = [await memory.admit(request), await shared.admit(request)];
              expect(theirs, `step ${index}`).toEqual(mine);
              seen[mine.ok ? 'admitted' : mine.reason === 'requests' ? 'requests' : 'tokens'] += 1;
              if (mine.ok) admitted.push({ ticket: request.ticket, at: now, estimate: current.estimate });
            } else if (admitted.length > 0) {
              const [call] = admitted.splice(current.which % admitted.length, 1);
              if (!call) continue;
              const settle = {
                key: 'm',
                now,
                ticket: call.ticket,
                probe: false,
                outcome: 'success' as const,
                actualTokens: current.actual,
                estimatedTokens: call.estimate,
                admittedAt: call.at,
              };
              await memory.settle(settle);
              await shared.settle(settle);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    // The sequences reached every answer: admissions, and refusals on each limit.
    expect(Math.min(seen.admitted, seen.requests, seen.tokens)).toBeGreaterThan(0);
  });
});
