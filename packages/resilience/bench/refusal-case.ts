/**
 * The Redis store's refusal path, for `resilience.bench.ts`.
 */
import { type BenchResult, median } from '@orkit/bench-harness';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { ResilienceStore } from '../src/index.ts';

/**
 * A call refused on the token limit, after 10^3, 10^4 and 10^5 admissions in the window: what one refusal costs
 * (median of 200, at the client), and how many fields the window holds in Redis. The peer refuses from a fixed
 * window counter, which is O(1) by construction.
 */
export async function refusalCase(
  store: ResilienceStore,
  client: Redis,
  prefix: string,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const peer = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: `${prefix}-rlf-full`,
    points: 1,
    duration: 60,
  });
  await peer.consume('full', 1);
  for (const admitted of [1_000, 10_000, 100_000]) {
    const key = `refuse-${admitted}`;
    const tokens = { limit: admitted + 10, windowMs: 60_000, estimate: 1 };
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < admitted) {
          next += 1;
          await store.admit({ key, now: Date.now(), ticket: `${key}-${next}`, tokens });
        }
      }),
    );
    const refuse = { key, now: 0, ticket: 'refused', tokens: { ...tokens, estimate: 100 } };
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let index = 0; index < 200; index += 1) {
      let started = performance.now();
      const admission = await store.admit({ ...refuse, now: Date.now() });
      ours.push(performance.now() - started);
      if (admission.ok) throw new Error('the refusal case was admitted');
      started = performance.now();
      await peer.consume('full', 1).catch(() => undefined);
      theirs.push(performance.now() - started);
    }
    results.push({
      case: `Redis: one call refused on the token limit after ${admitted.toLocaleString('en')} admissions in a 60 s window (the window holds ${await client.hlen(`${prefix}:{${key}}:tw`)} fields)`,
      unit: 'ms',
      value: median(ours),
      peer: 'rate-limiter-flexible RateLimiterRedis refusing',
      peerValue: median(theirs),
      ratio: median(ours) / median(theirs),
    });
  }
  return results;
}
