import { readModelStats } from './insights-models.js';
import { readSeries, readSpend } from './insights-series.js';
import { BUCKETS, checkChoice, checkLimit, count } from './insights-sql.js';
import type { LedgerGroupBy, LedgerQuery, LedgerTotals } from './ledger.js';
import { LEDGER_EVENT_TYPES, type LedgerEvent, type LedgerEventType } from './ledger-events.js';
import { rowToRecord } from './ledger-row.js';
import {
  checkLedgerQuery,
  ledgerTotalsSql,
  ledgerWhere,
  type SqlDialect,
  totalsFromRows,
} from './ledger-sql.js';
import { LedgerQueryError } from './observability-errors.js';
import type { UsageRecord } from './usage-record.js';

/** Time buckets of a series (UTC). */
export type SeriesBucket = 'hour' | 'day';
/** What a series is stacked by. A call with several tags counts once under each of its tags. */
export type SeriesStack = 'none' | 'model' | 'agent' | 'user' | 'tenant' | 'tag';

export const SERIES_BUCKETS: readonly SeriesBucket[] = ['hour', 'day'];
export const SERIES_STACKS: readonly SeriesStack[] = ['none', 'model', 'agent', 'user', 'tenant', 'tag'];

/** Calls and money in one time bucket for one stack group (`(other)` gathers groups past the largest ones). */
export interface SeriesRow {
  /** The bucket's start, epoch ms. */
  readonly bucket: number;
  readonly group: string | null;
  readonly calls: number;
  readonly failures: number;
  /** Exact decimal USD. */
  readonly costUsd: string;
}

/** Latency and reliability of one model over the records a query selects (percentiles are nearest-rank). */
export interface ModelStats extends Omit<LedgerTotals, 'group'> {
  readonly model: string;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly timeToFirstTokenMs: { readonly p50: number; readonly p95: number } | undefined;
}

/** How many events of a type fell in one bucket. */
export interface EventCount {
  readonly bucket: number;
  readonly type: LedgerEventType;
  readonly count: number;
}

/** A record as stored, with the fixes made to it since (oldest first) and every attempt of its call. */
export interface RecordDetail {
  readonly record: UsageRecord;
  /** Every attempt of the same call (retries, fallbacks), this one included, oldest first; just this one without a call id. */
  readonly attempts: readonly UsageRecord[];
  readonly patches: ReadonlyArray<{ readonly at: number; readonly fields: unknown }>;
}

/** Events are kept with a time, model and agent only: the other filters of a query do not narrow them. */
export const EVENT_FILTERS = ['from', 'to', 'model', 'agent'] as const;

/**
 * What a dashboard reads from a SQL ledger. Everything is computed in the database (grouping, sums, percentiles,
 * ordering), so a month of a million records never crosses the wire.
 */
export interface LedgerInsights {
  /** `Ledger.totals`, read where the other insights are read (off the writing connection). */
  totals(query: LedgerQuery & { readonly groupBy?: LedgerGroupBy }): Promise<LedgerTotals[]>;
  series(
    query: LedgerQuery & {
      readonly bucket: SeriesBucket;
      readonly stack?: SeriesStack;
      readonly maxGroups?: number;
    },
  ): Promise<SeriesRow[]>;
  /** Spend alone per bucket (what a budget's burn needs): read from the time index when only time narrows. */
  spend(
    query: LedgerQuery & { readonly bucket: SeriesBucket },
  ): Promise<Array<{ bucket: number; costUsd: string }>>;
  modelStats(query: LedgerQuery): Promise<ModelStats[]>;
  /** The most expensive calls, dearest first; `skipped` counts stored rows that could not be read. */
  costliest(
    query: LedgerQuery & { readonly limit?: number },
  ): Promise<{ records: UsageRecord[]; skipped: number }>;
  /** One record and its patches; `undefined` if there is none; `damaged` says why a stored row cannot be read. */
  record(id: string): Promise<RecordDetail | { readonly damaged: string } | undefined>;
  eventSeries(query: LedgerQuery & { readonly bucket: SeriesBucket }): Promise<EventCount[]>;
  /** The latest events (newest first), e.g. the budget alerts that fired. */
  events(
    query: LedgerQuery & { readonly type?: LedgerEventType; readonly limit?: number },
  ): Promise<LedgerEvent[]>;
  /** Changes whenever records, patches or events land (cheap enough to ask every second). */
  changeMarker(now: number): Promise<string>;
}

/** Runs one read statement. */
export type ReadSql = (
  sql: string,
  params: ReadonlyArray<string | number>,
) => Promise<Array<Record<string, unknown>>>;

/** WHERE for events: time, agent and model (a fallback counts for the model it left). */
function eventWhere(query: LedgerQuery & { type?: LedgerEventType }, dialect: SqlDialect) {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const next = (value: string | number) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  if (query.from !== undefined) clauses.push(`at >= ${next(query.from)}`);
  if (query.to !== undefined) clauses.push(`at < ${next(query.to)}`);
  if (query.agent !== undefined) clauses.push(`agent = ${next(query.agent)}`);
  if (query.model !== undefined) clauses.push(`model = ${next(query.model)}`);
  if (query.type !== undefined) clauses.push(`type = ${next(query.type)}`);
  return { sql: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * The insights of a SQL ledger, over any driver: `read` runs a statement (after the ledger's pending appends).
 * The SQLite and PostgreSQL ledgers expose this as their `insights`.
 */
export function createLedgerInsights(read: ReadSql, dialect: SqlDialect): LedgerInsights {
  return {
    async totals(query) {
      checkLedgerQuery(query);
      const { sql, params } = ledgerTotalsSql(query, dialect);
      return totalsFromRows(await read(sql, params), query.groupBy);
    },

    series: (query) => readSeries(read, dialect, query),
    spend: (query) => readSpend(read, dialect, query),
    modelStats: (query) => readModelStats(read, dialect, query),
    async costliest(query) {
      checkLedgerQuery(query);
      const limit = checkLimit(query.limit, 500);
      const where = ledgerWhere(query, dialect);
      const rows = await read(
        `SELECT * FROM orkit_usage${where.sql} ORDER BY cost_pico DESC, started_at DESC LIMIT ${limit}`,
        where.params,
      );
      const records: UsageRecord[] = [];
      let skipped = 0;
      for (const row of rows) {
        const record = rowToRecord(row);
        if ('damaged' in record) skipped += 1;
        else records.push(record);
      }
      return { records, skipped };
    },

    async record(id) {
      if (typeof id !== 'string' || id.length === 0 || id.length > 200)
        throw new LedgerQueryError('id', 'must be a record id (1 to 200 characters)');
      const [row] = await read(`SELECT * FROM orkit_usage WHERE id = ${dialect.placeholder(1)}`, [id]);
      if (!row) return undefined;
      const record = rowToRecord(row);
      if ('damaged' in record) return record;
      const patches = await read(
        `SELECT patched_at, fields FROM orkit_usage_patches WHERE record_id = ${dialect.placeholder(1)} ORDER BY patched_at`,
        [id],
      );
      const attempts = record.attribution.callId
        ? (
            await read(
              `SELECT * FROM orkit_usage WHERE call_id = ${dialect.placeholder(1)} ORDER BY started_at LIMIT 100`,
              [record.attribution.callId],
            )
          )
            .map(rowToRecord)
            .filter((attempt): attempt is UsageRecord => !('damaged' in attempt))
        : [record];
      return {
        record,
        attempts,
        patches: patches.map((patch) => ({ at: count(patch.patched_at), fields: parseJson(patch.fields) })),
      };
    },

    async eventSeries(query) {
      checkLedgerQuery(query);
      checkChoice('bucket', query.bucket, SERIES_BUCKETS);
      const where = eventWhere(query, dialect);
      const bucket = `at - (at % ${BUCKETS[query.bucket]})`;
      const rows = await read(
        `SELECT ${bucket} AS bucket, type, COUNT(*) AS n FROM orkit_events${where.sql} GROUP BY ${bucket}, type ORDER BY 1`,
        where.params,
      );
      return rows
        .filter((row) => LEDGER_EVENT_TYPES.includes(row.type as LedgerEventType))
        .map((row) => ({ bucket: count(row.bucket), type: row.type as LedgerEventType, count: count(row.n) }))
        .sort((a, b) => a.bucket - b.bucket || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    },

    async events(query) {
      checkLedgerQuery(query);
      checkChoice('type', query.type, LEDGER_EVENT_TYPES);
      const limit = checkLimit(query.limit, 1000);
      const where = eventWhere(query, dialect);
      const rows = await read(
        `SELECT * FROM orkit_events${where.sql} ORDER BY at DESC LIMIT ${limit}`,
        where.params,
      );
      return rows
        .filter((row) => LEDGER_EVENT_TYPES.includes(row.type as LedgerEventType))
        .map((row) => ({
          at: count(row.at),
          type: row.type as LedgerEventType,
          model: (row.model as string | null) ?? undefined,
          agent: (row.agent as string | null) ?? undefined,
          scope: (row.scope as string | null) ?? undefined,
          detail: (row.detail as string | null) ?? undefined,
        }));
    },

    async changeMarker(now) {
      // Records land with the time their call started, which can be minutes back: count the last day, by index.
      const since = now - 86_400_000;
      const p = dialect.placeholder;
      const [row] = await read(
        `SELECT (SELECT COUNT(*) FROM orkit_usage WHERE started_at >= ${p(1)}) AS records,
           (SELECT MAX(started_at) FROM orkit_usage) AS latest,
           (SELECT COUNT(*) FROM orkit_usage_patches WHERE patched_at >= ${p(2)}) AS patches,
           (SELECT COUNT(*) FROM orkit_events WHERE at >= ${p(3)}) AS events`,
        [since, since, since],
      );
      return `${count(row?.records)}:${count(row?.latest)}:${count(row?.patches)}:${count(row?.events)}`;
    },
  };
}

function parseJson(value: unknown): unknown {
  try {
    return JSON.parse(String(value));
  } catch {
    return String(value);
  }
}
