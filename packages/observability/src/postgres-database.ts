import { maskUrlCredentials } from '@orkit/config';
import pg from 'pg';
import { LedgerOpenError } from './observability-errors.js';

/** How to reach PostgreSQL: a pool of your own, or a connection string (a pool is made and owned). */
export interface PostgresOptions {
  readonly pool?: pg.Pool;
  /** e.g. `postgres://app@db:5432/orkit`; credentials never appear in errors. */
  readonly connectionString?: string;
  /** Every call gets an answer, or a typed error, within this time. Default 5000 ms. */
  readonly timeoutMs?: number;
}

/** A pool and whether it is ours to end. */
export interface PostgresHandle {
  readonly pool: pg.Pool;
  readonly owned: boolean;
  readonly location: string;
  readonly timeoutMs: number;
}

/** Thrown when PostgreSQL does not answer in time or refuses; the connection used is discarded. */
export class PostgresUnavailableError extends Error {
  override readonly name = 'PostgresUnavailableError';
}

/** Opens a pool (or takes the caller's). */
export function postgresHandle(options: PostgresOptions): PostgresHandle {
  if (!options.pool && !options.connectionString)
    throw new LedgerOpenError(
      'postgres',
      'Pass `pool` (a pg.Pool) or `connectionString` (e.g. postgres://user@127.0.0.1:5432/orkit).',
    );
  const location = options.connectionString ? maskUrlCredentials(options.connectionString) : 'postgres pool';
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 10 });
  // An idle client that loses its server emits 'error' on the pool; without a listener that kills the process.
  if (!options.pool) pool.on('error', () => undefined);
  return { pool, owned: !options.pool, location, timeoutMs: options.timeoutMs ?? 5_000 };
}

/**
 * Runs `work` on one pooled client within the handle's time limit. On a timeout the client is destroyed (its
 * connection closed, so the server rolls back whatever had not committed) and the caller gets a
 * {@link PostgresUnavailableError}.
 */
export async function withClient<T>(
  handle: PostgresHandle,
  operation: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PostgresUnavailableError(
            `PostgreSQL (${handle.location}) did not answer ${operation} within ${handle.timeoutMs} ms.`,
          ),
        ),
      handle.timeoutMs,
    );
  });
  const attempt = (async () => {
    client = await handle.pool.connect();
    return work(client);
  })();
  try {
    const result = await Promise.race([attempt, timeout]);
    client?.release();
    return result;
  } catch (error) {
    // Destroy the connection: a half-done statement or transaction on it must not be reused or left open.
    attempt.catch(() => undefined).finally(() => client?.release(true));
    if (error instanceof PostgresUnavailableError) throw error;
    throw new PostgresUnavailableError(
      `PostgreSQL (${handle.location}) failed ${operation}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** {@link withClient}, inside a transaction. */
export function inTransaction<T>(
  handle: PostgresHandle,
  operation: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withClient(handle, operation, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Brings the database to the newest schema this version knows, under an advisory lock so replicas starting
 * together migrate once; refuses a schema newer than it knows.
 */
export async function migratePostgres(
  handle: PostgresHandle,
  name: string,
  steps: ReadonlyArray<readonly string[]>,
): Promise<void> {
  try {
    await inTransaction(handle, 'migrate', async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('orkit_schema'))");
      await client.query(
        'CREATE TABLE IF NOT EXISTS orkit_schema (name TEXT PRIMARY KEY, version INTEGER NOT NULL)',
      );
      const key = `orkit_${name}_version`;
      const found = await client.query<{ version: number }>(
        'SELECT version FROM orkit_schema WHERE name = $1',
        [key],
      );
      const current = found.rows[0]?.version ?? 0;
      if (current > steps.length)
        throw new LedgerOpenError(
          handle.location,
          `${handle.location} has ${name} schema version ${current}, newer than this orkit knows (${steps.length}). Upgrade @orkit/observability.`,
        );
      for (let version = current; version < steps.length; version += 1)
        for (const statement of steps[version] ?? []) await client.query(statement);
      await client.query(
        'INSERT INTO orkit_schema (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = excluded.version',
        [key, steps.length],
      );
    });
  } catch (error) {
    if (LedgerOpenError.isInstance(error)) throw error;
    throw new LedgerOpenError(
      handle.location,
      `Could not open the PostgreSQL ledger at ${handle.location}: ${(error as Error).message}. Check that the server is running and the URL is right.`,
      error,
    );
  }
}
