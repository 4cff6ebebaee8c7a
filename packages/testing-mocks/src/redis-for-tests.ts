import { Socket } from 'node:net';

/** Where the Redis-backed tests should run, or why they are skipped. */
export interface RedisForTests {
  /** `REDIS_URL` when Redis answered, else `undefined` (skip). */
  readonly url: string | undefined;
  /** Why the tests are skipped (empty when they run). */
  readonly skipReason: string;
}

function reachable(url: URL, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(url.port || 6379), url.hostname, () => done(true));
  });
}

/**
 * Decides whether Redis-backed tests run: they need `REDIS_URL` and a Redis that answers. Without it they are
 * skipped with a message that says how to enable them; with `ORKIT_REQUIRE_REDIS=1` (CI) an unreachable Redis is
 * an error instead of a skip.
 *
 * @example
 * const redis = await redisForTests();
 * describe.skipIf(!redis.url)(`Redis store ${redis.skipReason}`, () => { ... });
 */
export async function redisForTests(options: { timeoutMs?: number } = {}): Promise<RedisForTests> {
  const raw = process.env.REDIS_URL;
  const required = process.env.ORKIT_REQUIRE_REDIS === '1';
  if (!raw) {
    if (required)
      throw new Error(
        'ORKIT_REQUIRE_REDIS=1 but REDIS_URL is not set: set REDIS_URL=redis://127.0.0.1:6379 or unset ORKIT_REQUIRE_REDIS.',
      );
    return {
      url: undefined,
      skipReason: '(skipped: set REDIS_URL=redis://127.0.0.1:6379 with Redis running to run these tests)',
    };
  }
  const ok = await reachable(new URL(raw), options.timeoutMs ?? 1_000);
  if (!ok) {
    if (required)
      throw new Error(
        `ORKIT_REQUIRE_REDIS=1 but Redis at ${raw} does not answer: start it (redis-server) or unset ORKIT_REQUIRE_REDIS.`,
      );
    return {
      url: undefined,
      skipReason: `(skipped: Redis at ${raw} does not answer; start redis-server to run these tests)`,
    };
  }
  return { url: raw, skipReason: '' };
}
