import type { SQLInputValue } from 'node:sqlite';
import { emitSafely } from './emit-safely.js';
import type { Ledger, LedgerGroupBy, LedgerQuery, LedgerTotals } from './ledger.js';
import {
  EVENT_COLUMNS,
  type EventLedger,
  eventToRow,
  type LedgerEvent,
  ledgerEventsSchema,
} from './ledger-events.js';
import { createLedgerInsights, type LedgerInsights } from './ledger-insights.js';
import { LEDGER_COLUMNS, recordToRow, rowToRecord } from './ledger-row.js';
import {
  checkLedgerQuery,
  ledgerSchema,
  ledgerTotalsSql,
  ledgerWhere,
  patchColumns,
  type SqlDialect,
  totalsFromRows,
} from './ledger-sql.js';
import type { ObservabilityEventListener } from './observability-events.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { migrateSqlite, openSqlite, type SqliteOptions, writeTransaction } from './sqlite-database.js';
import { type SqliteReaders, startSqliteReaders } from './sqlite-readers.js';
import type { UsageRecord } from './usage-record.js';

/** Options of {@link createSqliteLedger}. */
export interface SqliteLedgerOptions extends SqliteOptions {
  /** Told of rows that cannot be read (`ledger-row-skipped`); such rows are skipped, never deleted. */
  readonly onEvent?: ObservabilityEventListener;
  /**
   * Threads that run `insights` reads (each with its own read-only connection), so a dashboard's heavy queries
   * never stall appends in this process. Started on first use. Default 2; `0` reads on the main thread.
   */
  readonly readerThreads?: number;
}

/** The SQLite ledger: the ledger interface plus where its file is, its events and what a dashboard reads. */
export interface SqliteLedger extends Ledger, EventLedger {
  readonly path: string;
  /** Series, percentiles, the costliest calls and events, computed in SQLite. */
  readonly insights: LedgerInsights;
  /** Keeps a retry, fallback, breaker, cache or budget event (see `recordLedgerEvents`). */
  appendEvent(event: LedgerEvent): Promise<void>;
  /** Appends that resolve only after their records are committed; waits for the ones in flight. */
  flush(): Promise<void>;
  /**
   * Commits what is queued and closes the file. The promise resolves once the reading threads have let go of it
   * too, so another connection (a copy, a migration, a test) can take it at once.
   */
  close(): Promise<void>;
}

const SQLITE: SqlDialect = { placeholder: () => '?', bigint: 'INTEGER' };

/**
 * The embedded ledger: one SQLite file (WAL) that several processes on one machine can write at once. An append
 * resolves once its record is committed, so every call whose promise resolved is in the file even if the process
 * is killed a moment later. Appends made in the same tick are committed together (one transaction), which keeps
 * throughput far above what calls need. Opening never deletes or rewrites anything: a file that is not an orkit
 * ledger is refused with a {@link LedgerOpenError}, and a damaged row is skipped with a `ledger-row-skipped` event.
 *
 * Built on Node's own `node:sqlite` (nothing to install; Node prints one `ExperimentalWarning` when it loads).
 *
 * @example
 * import { createSqliteLedger } from '@orkit/observability/sqlite';
 * const ledger = createSqliteLedger({ path: '.orkit/ledger.db' });
 * usageMiddleware({ ledger });
 * await ledger.totals({ from: startOfDay, groupBy: 'model' }); // exact sums, computed in SQLite
 */
export function createSqliteLedger(options: SqliteLedgerOptions): SqliteLedger {
  const database = openSqlite(options);
  migrateSqlite(database, options.path, 'ledger', [ledgerSchema(SQLITE), ledgerEventsSchema(SQLITE)]);
  const checkpointer =
    options.backgroundCheckpoints === false || options.path === ':memory:'
      ? undefined
      : startCheckpointer(options.path);
  const emit = emitSafely(options.onEvent);
  const insert = database.prepare(
    `INSERT INTO orkit_usage (${LEDGER_COLUMNS.join(', ')}) VALUES (${LEDGER_COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (id) DO NOTHING`,
  );
  const insertTag = database.prepare(
    'INSERT INTO orkit_usage_tags (tag, started_at, record_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );

  const insertEvent = database.prepare(
    `INSERT INTO orkit_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
  );

  let queue: Array<{ write: () => void; resolve: () => void; reject: (error: Error) => void }> = [];
  let scheduled: Promise<void> | undefined;
  let readers: SqliteReaders | undefined;
  let closed = false;
  const commit = () => {
    const batch = queue;
    queue = [];
    scheduled = undefined;
    try {
      writeTransaction(database, () => {
        for (const entry of batch) entry.write();
      });
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error as Error);
    }
  };
  /** Queues a write for the next commit; `prepare` runs now, so one bad input cannot fail the batch it would join. */
  const enqueue = (prepare: () => () => void) =>
    new Promise<void>((resolve, reject) => {
      if (closed) {
        reject(new Error(`The SQLite ledger ${options.path} is closed.`));
        return;
      }
      queue.push({ write: prepare(), resolve, reject });
      scheduled ??= new Promise<void>((done) =>
        setImmediate(() => {
          commit();
          done();
        }),
      );
    });
  const append = (record: UsageRecord) =>
    enqueue(() => {
      const row = recordToRow(record) as SQLInputValue[];
      return () => {
        insert.run(...row);
        for (const tag of record.attribution.tags ?? []) insertTag.run(tag, record.startedAt, record.id);
      };
    });

  const read = (sql: string, params: SQLInputValue[]): UsageRecord[] => {
    const records: UsageRecord[] = [];
    for (const row of database.prepare(sql).iterate(...params)) {
      const record = rowToRecord(row as Record<string, unknown>);
      if ('damaged' in record)
        emit({
          type: 'ledger-row-skipped',
          recordId: String((row as { id?: unknown }).id),
          reason: record.damaged,
        });
      else records.push(record);
    }
    return records;
  };

  return {
    path: options.path,
    append,
    appendEvent: (event: LedgerEvent) =>
      enqueue(() => {
        const row = eventToRow(event);
        return () => insertEvent.run(...row);
      }),
    insights: createLedgerInsights(async (sql, params) => {
      await scheduled;
      if (options.path === ':memory:' || options.readerThreads === 0)
        return database.prepare(sql).all(...params) as Array<Record<string, unknown>>;
      readers ??= startSqliteReaders(options.path, options.readerThreads ?? 2);
      return readers.read(sql, params);
    }, SQLITE),
    async query(query: LedgerQuery = {}) {
      checkLedgerQuery(query);
      await scheduled;
      const where = ledgerWhere(query, SQLITE);
      return read(`SELECT * FROM orkit_usage${where.sql} ORDER BY started_at, rowid`, where.params);
    },
    async totals(query: LedgerQuery & { groupBy?: LedgerGroupBy } = {}): Promise<LedgerTotals[]> {
      checkLedgerQuery(query);
      await scheduled;
      const { sql, params } = ledgerTotalsSql(query, SQLITE);
      return totalsFromRows(database.prepare(sql).all(...params), query.groupBy);
    },
    async patch(id, patch) {
      await scheduled;
      const columns = patchColumns(patch);
      if (columns.length === 0) return;
      writeTransaction(database, () => {
        database
          .prepare('INSERT INTO orkit_usage_patches (record_id, patched_at, fields) VALUES (?, ?, ?)')
          .run(id, Date.now(), JSON.stringify(patch));
        database
          .prepare(`UPDATE orkit_usage SET ${columns.map(([name]) => `${name} = ?`).join(', ')} WHERE id = ?`)
          .run(...(columns.map(([, value]) => value) as SQLInputValue[]), id);
      });
    },
    async flush() {
      await scheduled;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (queue.length) commit();
      checkpointer?.stop();
      const reading = readers?.close();
      database.close();
      await reading;
    },
  };
}
