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

/**
 * Decides whether PostgreSQL-backed tests run, as {@link redisForTests} does for Redis: they need `POSTGRES_URL` and
 * a server that accepts a connection. Skipped with a message that says how to enable them; with
 * `ORKIT_REQUIRE_POSTGRES=1` (CI) an unset or unreachable server is an error instead.
 *
 * @example
 * const postgres = await postgresForTests();
 * describe.skipIf(!postgres.url)(`ledger on PostgreSQL ${postgres.skipReason}`, () => { ... });
 */
export async function postgresForTests(options: { timeoutMs?: number } = {}): Promise<RedisForTests> {
  const raw = process.env.POSTGRES_URL;
  const required = process.env.ORKIT_REQUIRE_POSTGRES === '1';
  const skip = (why: string) => {
    if (required)
      throw new Error(
        `ORKIT_REQUIRE_POSTGRES=1 but ${why}; start PostgreSQL or unset ORKIT_REQUIRE_POSTGRES.`,
      );
    return { url: undefined, skipReason: `(skipped: ${why})` };
  };
  if (!raw)
    return skip(
      'POSTGRES_URL is not set: set POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run these tests',
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return skip('POSTGRES_URL is not a URL (postgres://user@host:5432/database)');
  }
  const ok = await reachable(
    new URL(`tcp://${url.hostname || '127.0.0.1'}:${url.port || 5432}`),
    options.timeoutMs ?? 1_000,
  );
  return ok ? { url: raw, skipReason: '' } : skip(`PostgreSQL at ${url.host} does not answer`);
}

/**
 * A fresh PostgreSQL schema for one test file (so files running at once, and runs after each other, never see each
 * other's rows), and the connection URL that selects it. Needs the `pg` package.
 *
 * @example
 * const url = await postgresSchema(postgres.url as string, 'ledger');
 * const ledger = await createPostgresLedger({ connectionString: url });
 */
export async function postgresSchema(url: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const schema = `orkit_test_${name}_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return withSchema.toString();
}
