import type pg from 'pg';
import { budgetSchema } from './budget-sql.js';
import { type BudgetStore, FINISHED_ID_MEMORY_MS, type ReservationResult } from './budget-store.js';
import { inTransaction, migratePostgres, type PostgresOptions, postgresHandle } from './postgres-database.js';

/** Takes the reservation id's lock: a late reserve and its release run one after the other, never interleaved. */
const lockId = (client: pg.PoolClient, id: string) =>
  client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`orkit-budget:${id}`]);

/**
 * Budgets in PostgreSQL, for many machines: spend survives restarts and every replica shares one budget. Each
 * reserve and settle is one transaction that locks the budgets' rows (in key order, so two calls never deadlock);
 * a call that does not get an answer within `timeoutMs` gets a typed error and its connection is closed, so the
 * server rolls back whatever had not committed.
 *
 * @example
 * import { createPostgresBudgetStore } from '@orkit/observability/postgres';
 * const store = await createPostgresBudgetStore({ connectionString: process.env.DATABASE_URL });
 * budgetMiddleware({ limits, store });
 */
export async function createPostgresBudgetStore(
  options: PostgresOptions,
): Promise<BudgetStore & { close(): Promise<void> }> {
  const handle = postgresHandle(options);
  await migratePostgres(handle, 'budget', [budgetSchema('BIGINT')]);

  const spentOf = async (client: pg.PoolClient | pg.Pool, key: string, now: number) => {
    const found = await client.query<{ spent_pico: string; expires_at: string }>(
      'SELECT spent_pico, expires_at FROM orkit_budget_spend WHERE budget_key = $1',
      [key],
    );
    const row = found.rows[0];
    return row && Number(row.expires_at) > now ? BigInt(row.spent_pico) : 0n;
  };
  const reservedOf = async (client: pg.PoolClient | pg.Pool, key: string, now: number) => {
    const found = await client.query<{ reserved: string }>(
      'SELECT COALESCE(SUM(amount_pico), 0) AS reserved FROM orkit_budget_reservations WHERE budget_key = $1 AND lease_until > $2',
      [key, now],
    );
    return BigInt(found.rows[0]?.reserved ?? 0);
  };
  const finish = async (client: pg.PoolClient, id: string, now: number) =>
    (
      await client.query(
        'INSERT INTO orkit_budget_finished (id, forget_after) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
        [id, now + FINISHED_ID_MEMORY_MS],
      )
    ).rowCount === 1;
  let finishedCount = 0;

  return {
    reserve({ id, keys, amountPico, now, ttlMs }) {
      const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return inTransaction(handle, 'budget reserve', async (client): Promise<ReservationResult> => {
        await lockId(client, id);
        const done = await client.query('SELECT 1 FROM orkit_budget_finished WHERE id = $1', [id]);
        if (done.rowCount) return { ok: true };
        for (const budget of sorted) {
          await client.query(
            'INSERT INTO orkit_budget_spend (budget_key, spent_pico, expires_at) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING',
            [budget.key, budget.expiresAt],
          );
          await client.query('SELECT 1 FROM orkit_budget_spend WHERE budget_key = $1 FOR UPDATE', [
            budget.key,
          ]);
        }
        for (const budget of keys) {
          await client.query(
            'DELETE FROM orkit_budget_reservations WHERE budget_key = $1 AND lease_until <= $2',
            [budget.key, now],
          );
          const spent = await spentOf(client, budget.key, now);
          const reserved = await reservedOf(client, budget.key, now);
          if (spent + reserved + amountPico > budget.limitPico)
            return {
              ok: false,
              key: budget.key,
              limitPico: budget.limitPico,
              spentPico: spent,
              reservedPico: reserved,
            };
        }
        for (const budget of keys)
          await client.query(
            'INSERT INTO orkit_budget_reservations (budget_key, id, amount_pico, lease_until) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
            [budget.key, id, amountPico.toString(), now + ttlMs],
          );
        return { ok: true };
      });
    },
    settle({ id, keys, actualPico, now }) {
      const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return inTransaction(handle, 'budget settle', async (client) => {
        await lockId(client, id);
        const first = await finish(client, id, now);
        await client.query('DELETE FROM orkit_budget_reservations WHERE id = $1', [id]);
        if (first)
          for (const budget of sorted)
            await client.query(
              `INSERT INTO orkit_budget_spend (budget_key, spent_pico, expires_at) VALUES ($1, $2, $3)
               ON CONFLICT (budget_key) DO UPDATE SET spent_pico = orkit_budget_spend.spent_pico + excluded.spent_pico`,
              [budget.key, actualPico.toString(), budget.expiresAt],
            );
        if (first && ++finishedCount % 1024 === 0) {
          await client.query('DELETE FROM orkit_budget_finished WHERE forget_after <= $1', [now]);
          await client.query('DELETE FROM orkit_budget_spend WHERE expires_at <= $1', [
            now - FINISHED_ID_MEMORY_MS,
          ]);
        }
        const spent: bigint[] = [];
        for (const budget of keys) spent.push(await spentOf(client, budget.key, now));
        return spent;
      });
    },
    async release({ id, now }) {
      await inTransaction(handle, 'budget release', async (client) => {
        await lockId(client, id);
        await finish(client, id, now);
        await client.query('DELETE FROM orkit_budget_reservations WHERE id = $1', [id]);
      });
    },
    async snapshot(key, now) {
      return {
        spentPico: await spentOf(handle.pool, key, now),
        reservedPico: await reservedOf(handle.pool, key, now),
      };
    },
    async markAlert(key, threshold, expiresAt) {
      const result = await handle.pool.query(
        'INSERT INTO orkit_budget_alerts (budget_key, threshold, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [key, String(threshold), expiresAt],
      );
      return result.rowCount === 1;
    },
    async close() {
      if (handle.owned && !handle.pool.ended) await handle.pool.end();
    },
  };
}
