import { budgetSchema } from './budget-sql.js';
import { type BudgetStore, FINISHED_ID_MEMORY_MS, type ReservationResult } from './budget-store.js';
import { POSTGRES_BUDGET_FUNCTIONS } from './postgres-budget-functions.js';
import { migratePostgres, type PostgresOptions, postgresHandle, withClient } from './postgres-database.js';

/**
 * Budgets in PostgreSQL, for many machines: spend survives restarts and every replica shares one budget. Reserve,
 * settle and release are one statement each (a PL/pgSQL function), so one awaited round trip; a call that gets
 * no answer within `timeoutMs` gets a typed error and its connection is closed, so the server rolls back whatever
 * had not committed. `close()` first waits for the settlements and releases in flight (calls do not wait for
 * them), and ends the pool only when the store created it.
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
  await migratePostgres(handle, 'budget', [[...budgetSchema('BIGINT'), ...POSTGRES_BUDGET_FUNCTIONS]]);
  const text = (values: readonly bigint[] | readonly number[]) => values.map(String);
  const writing = new Set<Promise<unknown>>();
  /** A settle or release in flight: `close()` waits for it. */
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    writing.add(work);
    const done = () => writing.delete(work);
    work.then(done, done);
    return work;
  };

  return {
    reserve({ id, keys, amountPico, now, ttlMs }) {
      return withClient(handle, 'budget reserve', async (client): Promise<ReservationResult> => {
        const result = await client.query<{
          r_ok: number;
          r_index: number;
          r_spent: string;
          r_reserved: string;
        }>('SELECT * FROM orkit_budget_reserve($1, $2, $3::BIGINT[], $4::BIGINT[], $5, $6, $7)', [
          id,
          keys.map((budget) => budget.key),
          text(keys.map((budget) => budget.limitPico)),
          text(keys.map((budget) => budget.expiresAt)),
          amountPico.toString(),
          now,
          ttlMs,
        ]);
        const row = result.rows[0];
        if (row?.r_ok !== 0) return { ok: true };
        const budget = keys[row.r_index - 1];
        return {
          ok: false,
          key: budget?.key ?? '',
          limitPico: budget?.limitPico ?? 0n,
          spentPico: BigInt(row.r_spent),
          reservedPico: BigInt(row.r_reserved),
        };
      });
    },
    settle({ id, keys, actualPico, now }) {
      return tracked(
        withClient(handle, 'budget settle', async (client) => {
          const result = await client.query<{ r_key: string; r_spent: string }>(
            'SELECT * FROM orkit_budget_settle($1, $2, $3::BIGINT[], $4, $5, $6)',
            [
              id,
              keys.map((budget) => budget.key),
              text(keys.map((budget) => budget.expiresAt)),
              actualPico.toString(),
              now,
              now + FINISHED_ID_MEMORY_MS,
            ],
          );
          const spent = new Map(result.rows.map((row) => [row.r_key, BigInt(row.r_spent)]));
          return keys.map((budget) => spent.get(budget.key) ?? 0n);
        }),
      );
    },
    async release({ id, now }) {
      await tracked(
        withClient(handle, 'budget release', (client) =>
          client.query('SELECT orkit_budget_release($1, $2)', [id, now + FINISHED_ID_MEMORY_MS]),
        ),
      );
    },
    async snapshot(key, now) {
      const result = await handle.pool.query<{ spent: string; reserved: string }>(
        `SELECT
           COALESCE((SELECT spent_pico FROM orkit_budget_spend WHERE budget_key = $1 AND expires_at > $2), 0) AS spent,
           (SELECT COALESCE(SUM(amount_pico), 0) FROM orkit_budget_reservations
             WHERE budget_key = $1 AND lease_until > $2) AS reserved`,
        [key, now],
      );
      const row = result.rows[0];
      return { spentPico: BigInt(row?.spent ?? 0), reservedPico: BigInt(row?.reserved ?? 0) };
    },
    async markAlert(key, threshold, expiresAt) {
      const result = await handle.pool.query(
        'INSERT INTO orkit_budget_alerts (budget_key, threshold, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [key, String(threshold), expiresAt],
      );
      return result.rowCount === 1;
    },
    async close() {
      await Promise.allSettled([...writing]);
      if (handle.owned && !handle.pool.ended) await handle.pool.end();
    },
  };
}
