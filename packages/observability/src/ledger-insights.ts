import { formatUsd } from '@orkit/config/usd';
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
export interface ModelStats {
  readonly model: string;
  readonly calls: number;
  readonly failures: number;
  readonly costUsd: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly timeToFirstTokenMs: { readonly p50: number; readonly p95: number } | undefined;
}

/** How many events of a type fell in one bucket. */
export interface EventCount {
  readonly bucket: number;
  readonly type: LedgerEventType;
  readonly count: number;
}

/** A record as stored, with the fixes made to it since (oldest first). */
export interface RecordDetail {
  readonly record: UsageRecord;
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

const MODEL = 'COALESCE(answered_model, requested_model)';
const BUCKETS: Record<SeriesBucket, number> = { hour: 3_600_000, day: 86_400_000 };
const STACKS: Record<Exclude<SeriesStack, 'none'>, string> = {
  tag: 'tags',
  model: MODEL,
  agent: 'agent',
  user: 'user_id',
  tenant: 'tenant',
};
const MONEY = 'SUM(cost_pico / 1000000) AS cost_micro, SUM(cost_pico % 1000000) AS cost_rest';
const TOKENS =
  'SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens, SUM(reasoning_tokens) AS reasoning_tokens';
const FAILURES = "SUM(CASE WHEN outcome = 'success' THEN 0 ELSE 1 END) AS failures";

const pico = (row: Record<string, unknown>) =>
  BigInt(String(row.cost_micro ?? 0)) * 1_000_000n + BigInt(String(row.cost_rest ?? 0));
const money = (row: Record<string, unknown>) => formatUsd(pico(row));
const count = (value: unknown) => Number(value ?? 0);

function checkChoice<T extends string>(name: string, value: T | undefined, allowed: readonly T[]): void {
  if (value !== undefined && !allowed.includes(value))
    throw new LedgerQueryError(name, `must be one of ${allowed.join(', ')}, got '${String(value)}'`);
}

function checkLimit(limit: number | undefined, most: number): number {
  if (limit === undefined) return 20;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > most)
    throw new LedgerQueryError('limit', `must be a whole number from 1 to ${most}, got ${String(limit)}`);
  return limit;
}

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

    async series(query) {
      checkLedgerQuery(query);
      checkChoice('bucket', query.bucket, SERIES_BUCKETS);
      checkChoice('stack', query.stack, SERIES_STACKS);
      const stack = query.stack ?? 'none';
      const size = BUCKETS[query.bucket];
      const where = ledgerWhere(query, dialect);
      const bucket = `started_at - (started_at % ${size})`;
      if (stack === 'none') {
        const rows = await read(
          `SELECT ${bucket} AS bucket, COUNT(*) AS calls, ${FAILURES}, ${MONEY}
           FROM orkit_usage${where.sql} GROUP BY ${bucket} ORDER BY 1`,
          where.params,
        );
        return rows.map((row) => ({ bucket: count(row.bucket), group: null, ...totals(row) }));
      }
      // By tag: grouped by the record's tag list (few distinct lists), then each list's sums count once under
      // each of its tags, here; one scan and no join with the tags table.
      const column = STACKS[stack];
      const grouped = await read(
        `SELECT ${bucket} AS bucket, ${column} AS grp, COUNT(*) AS calls, ${FAILURES}, ${MONEY}
         FROM orkit_usage${where.sql} GROUP BY ${bucket}, ${column} ORDER BY 1`,
        where.params,
      );
      const rows: Array<Record<string, unknown>> =
        stack === 'tag'
          ? grouped.flatMap((row) => tagsOf(row.grp).map((tag) => ({ ...row, grp: tag })))
          : grouped;
      // The largest groups by spend (then calls) keep their own series; the rest are summed as `(other)`.
      const spend = new Map<string | null, { cost: bigint; calls: number }>();
      for (const row of rows) {
        const group = row.grp === null ? null : String(row.grp);
        const entry = spend.get(group) ?? { cost: 0n, calls: 0 };
        entry.cost += pico(row);
        entry.calls += count(row.calls);
        spend.set(group, entry);
      }
      const kept = new Set(
        [...spend]
          .sort(([, a], [, b]) => (a.cost === b.cost ? b.calls - a.calls : a.cost < b.cost ? 1 : -1))
          .slice(0, query.maxGroups ?? 8)
          .map(([group]) => group),
      );
      const merged = new Map<
        string,
        { bucket: number; group: string | null; calls: number; failures: number; pico: bigint }
      >();
      for (const row of rows) {
        const raw = row.grp === null ? null : String(row.grp);
        const group = kept.has(raw) ? raw : '(other)';
        const key = `${count(row.bucket)}\u0000${group}`;
        const entry = merged.get(key) ?? {
          bucket: count(row.bucket),
          group,
          calls: 0,
          failures: 0,
          pico: 0n,
        };
        entry.calls += count(row.calls);
        entry.failures += count(row.failures);
        entry.pico += pico(row);
        merged.set(key, entry);
      }
      return [...merged.values()].map(({ pico: cost, ...entry }) => ({ ...entry, costUsd: formatUsd(cost) }));
    },

    async spend(query) {
      checkLedgerQuery(query);
      checkChoice('bucket', query.bucket, SERIES_BUCKETS);
      const where = ledgerWhere(query, dialect);
      const bucket = `started_at - (started_at % ${BUCKETS[query.bucket]})`;
      const rows = await read(
        `SELECT ${bucket} AS bucket, ${MONEY} FROM orkit_usage${where.sql} GROUP BY ${bucket} ORDER BY 1`,
        where.params,
      );
      return rows.map((row) => ({ bucket: count(row.bucket), costUsd: money(row) }));
    },

    async modelStats(query) {
      checkLedgerQuery(query);
      const where = ledgerWhere(query, dialect);
      // Percentiles from exact histograms (one row per distinct value), which the database builds far faster than
      // it sorts every row; the nearest rank is then read off in order (the definition `summarizeUsage` uses).
      // PostgreSQL computes the same nearest-rank percentiles (`percentile_disc`) with the sums in one scan;
      // SQLite, which has no percentile function, builds the two histograms in scans of their own.
      type Percentiles = Map<string, { p50: number; p95: number }>;
      let sums: Array<Record<string, unknown>>;
      let latencies: Percentiles;
      let firsts: Percentiles;
      if (dialect.percentileDisc) {
        sums = await read(
          `SELECT ${MODEL} AS m, COUNT(*) AS calls, ${FAILURES}, ${MONEY}, ${TOKENS},
             percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS l50,
             percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS l95,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY ttft_ms) AS t50,
             percentile_disc(0.95) WITHIN GROUP (ORDER BY ttft_ms) AS t95
           FROM orkit_usage${where.sql} GROUP BY ${MODEL}`,
          where.params,
        );
        latencies = readPercentiles(sums, 'l');
        firsts = readPercentiles(sums, 't');
      } else {
        const histogram = (column: string) =>
          read(
            `SELECT ${MODEL} AS m, ${column} AS v, COUNT(*) AS n FROM orkit_usage${where.sql}${where.sql ? ' AND' : ' WHERE'} ${column} IS NOT NULL GROUP BY ${MODEL}, ${column}`,
            where.params,
          );
        let latency: Array<Record<string, unknown>>;
        let firstToken: Array<Record<string, unknown>>;
        [sums, latency, firstToken] = await Promise.all([
          read(
            `SELECT ${MODEL} AS m, COUNT(*) AS calls, ${FAILURES}, ${MONEY}, ${TOKENS} FROM orkit_usage${where.sql} GROUP BY ${MODEL}`,
            where.params,
          ),
          histogram('latency_ms'),
          histogram('ttft_ms'),
        ]);
        latencies = percentilesByModel(latency);
        firsts = percentilesByModel(firstToken);
      }
      return sums
        .map((row) => ({
          model: String(row.m),
          ...totals(row),
          inputTokens: count(row.input_tokens),
          outputTokens: count(row.output_tokens),
          cacheReadTokens: count(row.cache_read_tokens),
          cacheWriteTokens: count(row.cache_write_tokens),
          reasoningTokens: count(row.reasoning_tokens),
          latencyMs: latencies.get(String(row.m)) ?? { p50: 0, p95: 0 },
          timeToFirstTokenMs: firsts.get(String(row.m)),
        }))
        .sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
    },

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
      return {
        record,
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

/** The tags of a stored tag list (`null` for none); a list that cannot be read is its own group. */
function tagsOf(stored: unknown): Array<string | null> {
  if (stored === null || stored === undefined) return [null];
  try {
    const tags = JSON.parse(String(stored)) as unknown;
    if (Array.isArray(tags) && tags.length > 0 && tags.every((tag) => typeof tag === 'string')) return tags;
    return [null];
  } catch {
    return ['(unreadable tags)'];
  }
}

/** p50 and p95 per model from columns `<prefix>50` and `<prefix>95` (null when the model has no values). */
function readPercentiles(rows: ReadonlyArray<Record<string, unknown>>, prefix: 'l' | 't') {
  const result = new Map<string, { p50: number; p95: number }>();
  for (const row of rows)
    if (row[`${prefix}50`] !== null && row[`${prefix}50`] !== undefined)
      result.set(String(row.m), { p50: count(row[`${prefix}50`]), p95: count(row[`${prefix}95`]) });
  return result;
}

/** Nearest-rank p50 and p95 per model from `(m, v, n)` histogram rows. */
function percentilesByModel(rows: ReadonlyArray<Record<string, unknown>>) {
  const byModel = new Map<string, Array<{ value: number; n: number }>>();
  for (const row of rows) {
    const list = byModel.get(String(row.m)) ?? [];
    list.push({ value: count(row.v), n: count(row.n) });
    byModel.set(String(row.m), list);
  }
  const result = new Map<string, { p50: number; p95: number }>();
  for (const [model, list] of byModel) {
    list.sort((a, b) => a.value - b.value);
    const total = list.reduce((sum, entry) => sum + entry.n, 0);
    const at = (share: number) => {
      const rank = Math.ceil((share * total) / 100);
      let seen = 0;
      for (const entry of list) {
        seen += entry.n;
        if (seen >= rank) return entry.value;
      }
      return list.at(-1)?.value ?? 0;
    };
    result.set(model, { p50: at(50), p95: at(95) });
  }
  return result;
}

function totals(row: Record<string, unknown>) {
  return { calls: count(row.calls), failures: count(row.failures), costUsd: money(row) };
}

function parseJson(value: unknown): unknown {
  try {
    return JSON.parse(String(value));
  } catch {
    return String(value);
  }
}
