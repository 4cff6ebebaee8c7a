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
import { inTransaction, migratePostgres, type PostgresOptions, postgresHandle } from './postgres-database.js';
import type { UsageRecord } from './usage-record.js';

/** Options of {@link createPostgresLedger}. */
export interface PostgresLedgerOptions extends PostgresOptions {
  /** Most records in one INSERT. Default 500. */
  readonly maxBatch?: number;
  /** Told of rows that cannot be read (`ledger-row-skipped`); such rows are skipped, never deleted. */
  readonly onEvent?: ObservabilityEventListener;
}

/** The PostgreSQL ledger, its events and what a dashboard reads. */
export interface PostgresLedger extends Ledger, EventLedger {
  /** Series, percentiles, the costliest calls and events, computed in PostgreSQL. */
  readonly insights: LedgerInsights;
  /** Keeps a retry, fallback, breaker, cache or budget event (see `recordLedgerEvents`). */
  appendEvent(event: LedgerEvent): Promise<void>;
  /** Waits for appends in flight. */
  flush(): Promise<void>;
  /** Ends the pool if the ledger made it. */
  close(): Promise<void>;
}

const POSTGRES: SqlDialect = {
  placeholder: (index) => `$${index}`,
  bigint: 'BIGINT',
  percentileDisc: true,
  addColumnIfNotExists: true,
};

/**
 * The ledger for many machines: PostgreSQL, same schema and contract as the SQLite ledger. An append resolves once
 * its record is committed. Appends that arrive while a batch is being written are written together as one
 * multi-row INSERT, so one replica sustains thousands of records per second over a handful of connections.
 *
 * @example
 * import { createPostgresLedger } from '@orkit/observability/postgres';
 * const ledger = await createPostgresLedger({ connectionString: process.env.DATABASE_URL });
 * usageMiddleware({ ledger });
 */
export async function createPostgresLedger(options: PostgresLedgerOptions): Promise<PostgresLedger> {
  const handle = postgresHandle(options);
  await migratePostgres(handle, 'ledger', [ledgerSchema(POSTGRES), ledgerEventsSchema(POSTGRES)]);
  const emit = emitSafely(options.onEvent);
  const maxBatch = options.maxBatch ?? 500;
  let queue: Array<{
    record: UsageRecord;
    row: unknown[];
    resolve: () => void;
    reject: (error: Error) => void;
  }> = [];
  let writing: Promise<void> | undefined;
  const eventWrites = new Set<Promise<unknown>>();
  const settled = async () => {
    await writing;
    await Promise.allSettled(eventWrites);
  };

  const writeBatch = async (batch: typeof queue) => {
    const params: unknown[] = [];
    const rows = batch.map(({ row: values }) => {
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, index) => `$${start + index + 1}`).join(', ')})`;
    });
    const tags: unknown[] = [];
    const tagRows: string[] = [];
    for (const { record } of batch)
      for (const tag of record.attribution.tags ?? []) {
        tags.push(tag, record.startedAt, record.id);
        tagRows.push(`($${tags.length - 2}, $${tags.length - 1}, $${tags.length})`);
      }
    await inTransaction(handle, 'append', async (client) => {
      await client.query(
        `INSERT INTO orkit_usage (${LEDGER_COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
        params,
      );
      if (tagRows.length)
        await client.query(
          `INSERT INTO orkit_usage_tags (tag, started_at, record_id) VALUES ${tagRows.join(', ')} ON CONFLICT DO NOTHING`,
          tags,
        );
    });
  };
  const drain = async () => {
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await writeBatch(batch);
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error as Error);
      }
    }
    writing = undefined;
  };

  const read = (rows: Array<Record<string, unknown>>) => {
    const records: UsageRecord[] = [];
    for (const row of rows) {
      const record = rowToRecord(row);
      if ('damaged' in record)
        emit({ type: 'ledger-row-skipped', recordId: String(row.id), reason: record.damaged });
      else records.push(record);
    }
    return records;
  };

  return {
    append(record) {
      // Converted (and so validated) first, so one bad record cannot fail the batch it would have joined.
      const row = recordToRow(record).map((value) => (typeof value === 'bigint' ? value.toString() : value));
      return new Promise<void>((resolve, reject) => {
        queue.push({ record, row, resolve, reject });
        writing ??= Promise.resolve().then(drain);
      });
    },
    appendEvent(event) {
      const row = eventToRow(event);
      const write = handle.pool.query(
        `INSERT INTO orkit_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})`,
        row,
      );
      eventWrites.add(write);
      return write.then(
        () => void eventWrites.delete(write),
        (error: unknown) => {
          eventWrites.delete(write);
          throw error;
        },
      );
    },
    insights: createLedgerInsights(async (sql, params) => {
      await settled();
      return (await handle.pool.query(sql, params as unknown[])).rows;
    }, POSTGRES),
    async query(query: LedgerQuery = {}) {
      checkLedgerQuery(query);
      await writing;
      const where = ledgerWhere(query, POSTGRES);
      const result = await handle.pool.query(
        `SELECT * FROM orkit_usage${where.sql} ORDER BY started_at, id`,
        where.params,
      );
      return read(result.rows);
    },
    async totals(query: LedgerQuery & { groupBy?: LedgerGroupBy } = {}): Promise<LedgerTotals[]> {
      checkLedgerQuery(query);
      await writing;
      const { sql, params } = ledgerTotalsSql(query, POSTGRES);
      const result = await handle.pool.query(sql, params);
      return totalsFromRows(result.rows, query.groupBy);
    },
    async patch(id, patch) {
      await writing;
      const columns = patchColumns(patch);
      if (columns.length === 0) return;
      await inTransaction(handle, 'patch', async (client) => {
        await client.query(
          'INSERT INTO orkit_usage_patches (record_id, patched_at, fields) VALUES ($1, $2, $3)',
          [id, Date.now(), JSON.stringify(patch)],
        );
        await client.query(
          `UPDATE orkit_usage SET ${columns.map(([name], index) => `${name} = $${index + 1}`).join(', ')} WHERE id = $${columns.length + 1}`,
          [...columns.map(([, value]) => (typeof value === 'bigint' ? value.toString() : value)), id],
        );
      });
    },
    async flush() {
      await settled();
    },
    async close() {
      await settled();
      if (handle.owned && !handle.pool.ended) await handle.pool.end();
    },
  };
}
