import { budgetSchema } from './budget-sql.js';
import { type BudgetStore, FINISHED_ID_MEMORY_MS } from './budget-store.js';
import { migrateSqlite, openSqlite, type SqliteOptions, writeTransaction } from './sqlite-database.js';

const MAX_PICO = 2n ** 63n - 1n;

/**
 * Budgets in a SQLite file, usually the ledger's own: spend survives restarts (a restarted process knows what the
 * window has spent), and several processes on one machine share one budget. Reserve and settle are one
 * `BEGIN IMMEDIATE` transaction each, so processes take turns and never overspend together.
 *
 * @example
 * import { createSqliteBudgetStore } from '@orkit/observability/sqlite';
 * budgetMiddleware({ limits, store: createSqliteBudgetStore({ path: '.orkit/ledger.db' }) });
 */
export function createSqliteBudgetStore(options: SqliteOptions): BudgetStore & { close(): void } {
  const database = openSqlite(options);
  migrateSqlite(database, options.path, 'budget', [budgetSchema('INTEGER')]);
  const statements = {
    finished: database.prepare('SELECT 1 AS done FROM orkit_budget_finished WHERE id = ?'),
    finish: database.prepare(
      'INSERT INTO orkit_budget_finished (id, forget_after) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    expire: database.prepare(
      'DELETE FROM orkit_budget_reservations WHERE budget_key = ? AND lease_until <= ?',
    ),
    spent: database.prepare('SELECT spent_pico, expires_at FROM orkit_budget_spend WHERE budget_key = ?'),
    reserved: database.prepare(
      'SELECT COALESCE(SUM(amount_pico), 0) AS reserved FROM orkit_budget_reservations WHERE budget_key = ? AND lease_until > ?',
    ),
    reserve: database.prepare(
      'INSERT INTO orkit_budget_reservations (budget_key, id, amount_pico, lease_until) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    drop: database.prepare('DELETE FROM orkit_budget_reservations WHERE id = ?'),
    spend: database.prepare(
      `INSERT INTO orkit_budget_spend (budget_key, spent_pico, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (budget_key) DO UPDATE SET spent_pico = spent_pico + excluded.spent_pico`,
    ),
    alert: database.prepare(
      'INSERT INTO orkit_budget_alerts (budget_key, threshold, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    forget: database.prepare('DELETE FROM orkit_budget_finished WHERE forget_after <= ?'),
    forgetSpend: database.prepare('DELETE FROM orkit_budget_spend WHERE expires_at <= ?'),
  };
  const spentOf = (key: string, now: number): bigint => {
    const row = statements.spent.get(key) as { spent_pico: bigint; expires_at: bigint } | undefined;
    return row && Number(row.expires_at) > now ? row.spent_pico : 0n;
  };
  let finishedCount = 0;
  const finish = (id: string, now: number): boolean => {
    const first = statements.finish.run(id, now + FINISHED_ID_MEMORY_MS).changes > 0;
    // Old ids and past windows are reclaimed now and then: the tables stay bounded by live budgets.
    if (first && ++finishedCount % 1024 === 0) {
      statements.forget.run(now);
      statements.forgetSpend.run(now - FINISHED_ID_MEMORY_MS);
    }
    return first;
  };

  return {
    reserve({ id, keys, amountPico, now, ttlMs }) {
      return writeTransaction(database, () => {
        if (statements.finished.get(id)) return { ok: true } as const;
        for (const budget of keys) {
          statements.expire.run(budget.key, now);
          const spent = spentOf(budget.key, now);
          const reserved = (statements.reserved.get(budget.key, now) as { reserved: bigint }).reserved;
          if (spent + reserved + amountPico > budget.limitPico)
            return {
              ok: false,
              key: budget.key,
              limitPico: budget.limitPico,
              spentPico: spent,
              reservedPico: reserved,
            } as const;
        }
        for (const budget of keys) statements.reserve.run(budget.key, id, amountPico, now + ttlMs);
        return { ok: true } as const;
      });
    },
    settle({ id, keys, actualPico, now }) {
      return writeTransaction(database, () => {
        const first = finish(id, now);
        statements.drop.run(id);
        return keys.map((budget) => {
          if (first) {
            if (spentOf(budget.key, now) + actualPico > MAX_PICO)
              throw new RangeError(`The budget ${budget.key} would pass $9.2 million in one window.`);
            statements.spend.run(budget.key, actualPico, budget.expiresAt);
          }
          return spentOf(budget.key, now);
        });
      });
    },
    release({ id, now }) {
      writeTransaction(database, () => {
        finish(id, now);
        statements.drop.run(id);
      });
    },
    snapshot(key, now) {
      return {
        spentPico: spentOf(key, now),
        reservedPico: (statements.reserved.get(key, now) as { reserved: bigint }).reserved,
      };
    },
    markAlert(key, threshold, expiresAt) {
      return statements.alert.run(key, String(threshold), expiresAt).changes > 0;
    },
    close() {
      if (database.isOpen) database.close();
    },
  };
}
