import { formatUsd, parseUsd } from '@orkit/config/usd';
import { checkLedgerQuery } from './ledger-sql.js';
import type { CallOutcome, UsageRecord } from './usage-record.js';

/** Which records to read. Every field narrows. */
export interface LedgerQuery {
  /** Epoch ms, inclusive. */
  readonly from?: number;
  /** Epoch ms, exclusive. */
  readonly to?: number;
  readonly model?: string;
  readonly agent?: string;
  readonly user?: string;
  readonly tenant?: string;
  readonly tag?: string;
  readonly outcome?: CallOutcome;
}

/** A fix to a record after the fact (e.g. the authoritative cost from `GET /generation`). */
export type RecordPatch = Partial<
  Pick<UsageRecord, 'costUsd' | 'costSource' | 'answeredModel' | 'byok' | 'finishReason'>
>;

/** How {@link Ledger.totals} groups: by a record field, or by the hour or day (UTC) a call started. */
export type LedgerGroupBy = 'model' | 'agent' | 'user' | 'tenant' | 'outcome' | 'hour' | 'day';

/** Sums over a group of records, computed where the records are (in the database for SQL ledgers). */
export interface LedgerTotals {
  /** The group's value (`model` is the answering model, else the one asked for); hour and day: the start, epoch ms. */
  readonly group: string | number | null;
  readonly calls: number;
  /** Calls whose outcome is not `success`. */
  readonly failures: number;
  /** Exact decimal USD. */
  readonly costUsd: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
}

/**
 * Where usage records are kept: the system of record for money. Appends resolve once the record is stored
 * (durable for the SQL ledgers); patches are kept beside the record they fix, never lost.
 */
export interface Ledger {
  append(record: UsageRecord): void | Promise<void>;
  query(query?: LedgerQuery): readonly UsageRecord[] | Promise<readonly UsageRecord[]>;
  /** Exact sums per group (or one row for everything), over the records a query selects. */
  totals(query?: LedgerQuery & { readonly groupBy?: LedgerGroupBy }): Promise<readonly LedgerTotals[]>;
  patch(id: string, patch: RecordPatch): void | Promise<void>;
  close?(): void | Promise<void>;
}

const HOUR = 3_600_000;

/** The group a record falls in, for in-memory totals (SQL ledgers compute the same in SQL). */
function groupOf(record: UsageRecord, by: LedgerGroupBy | undefined): string | number | null {
  switch (by) {
    case undefined:
      return null;
    case 'model':
      return record.answeredModel ?? record.requestedModel;
    case 'hour':
      return record.startedAt - (record.startedAt % HOUR);
    case 'day':
      return record.startedAt - (record.startedAt % (24 * HOUR));
    case 'outcome':
      return record.outcome;
    default:
      return record.attribution[by] ?? null;
  }
}

/** Counters at zero, for summing into. */
function zeroTotals(): { -readonly [K in keyof Omit<LedgerTotals, 'group' | 'costUsd'>]: number } {
  return {
    calls: 0,
    failures: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}

/**
 * The exact sum of several groups' totals (e.g. the per-model rows of a query, for its overall figures).
 *
 * @example
 * sumTotals(await ledger.totals({ groupBy: 'model' })); // { calls, failures, costUsd: '0.004585', ... }
 */
export function sumTotals(rows: ReadonlyArray<Omit<LedgerTotals, 'group'>>): Omit<LedgerTotals, 'group'> {
  const sums = zeroTotals();
  let cost = 0n;
  for (const row of rows) {
    cost += parseUsd(row.costUsd);
    for (const name of Object.keys(sums) as Array<keyof typeof sums>) sums[name] += row[name];
  }
  return { ...sums, costUsd: formatUsd(cost) };
}

/**
 * Exact totals of records in memory, grouped (used by the memory ledger, and a reference for the SQL ones).
 *
 * @example
 * totalsOf(records, 'model'); // [{ group: 'openai/gpt-5-mini', calls: 3, costUsd: '0.002292', ... }]
 */
export function totalsOf(records: Iterable<UsageRecord>, by?: LedgerGroupBy): LedgerTotals[] {
  const groups = new Map<string | number | null, { cost: bigint; totals: Omit<LedgerTotals, 'costUsd'> }>();
  for (const record of records) {
    const group = groupOf(record, by);
    let entry = groups.get(group);
    if (!entry) {
      entry = { cost: 0n, totals: { group, ...zeroTotals() } };
      groups.set(group, entry);
    }
    const totals = entry.totals as { -readonly [K in keyof typeof entry.totals]: (typeof entry.totals)[K] };
    entry.cost += parseUsd(record.costUsd);
    totals.calls += 1;
    if (record.outcome !== 'success') totals.failures += 1;
    totals.inputTokens += record.inputTokens;
    totals.outputTokens += record.outputTokens;
    totals.cacheReadTokens += record.cacheReadTokens;
    totals.cacheWriteTokens += record.cacheWriteTokens;
    totals.reasoningTokens += record.reasoningTokens;
  }
  return [...groups.values()].map(({ cost, totals }) => ({ ...totals, costUsd: formatUsd(cost) }));
}

/** Whether a record matches a query. */
export function matches(record: UsageRecord, query: LedgerQuery): boolean {
  if (query.from !== undefined && record.startedAt < query.from) return false;
  if (query.to !== undefined && record.startedAt >= query.to) return false;
  if (
    query.model !== undefined &&
    record.requestedModel !== query.model &&
    record.answeredModel !== query.model
  )
    return false;
  if (query.agent !== undefined && record.attribution.agent !== query.agent) return false;
  if (query.user !== undefined && record.attribution.user !== query.user) return false;
  if (query.tenant !== undefined && record.attribution.tenant !== query.tenant) return false;
  if (query.tag !== undefined && !record.attribution.tags?.includes(query.tag)) return false;
  if (query.outcome !== undefined && record.outcome !== query.outcome) return false;
  return true;
}

/**
 * Records in memory (the oldest dropped past `maxRecords`; `dropped` counts them). For tests and one-off scripts;
 * `createSqliteLedger` (from `@orkit/observability/sqlite`) survives restarts.
 *
 * @example
 * const ledger = createMemoryLedger();
 * usageMiddleware({ ledger });
 */
export function createMemoryLedger(
  options: { maxRecords?: number } = {},
): Ledger & { readonly dropped: number } {
  const records: UsageRecord[] = [];
  const ids = new Set<string>();
  const max = options.maxRecords ?? 100_000;
  let dropped = 0;
  return {
    append(record) {
      // The same contract as the SQL ledgers: appending a record again (same id) changes nothing.
      if (ids.has(record.id)) return;
      ids.add(record.id);
      records.push(record);
      if (records.length > max) {
        // Drop a tenth at once: one copy per max/10 appends, not one per append.
        const excess = records.length - max + Math.ceil(max / 10);
        for (const old of records.splice(0, excess)) ids.delete(old.id);
        dropped += excess;
      }
    },
    query: async (query = {}) => {
      checkLedgerQuery(query);
      return records.filter((record) => matches(record, query));
    },
    totals: async (query = {}) => {
      checkLedgerQuery(query);
      return totalsOf(
        records.filter((record) => matches(record, query)),
        query.groupBy,
      );
    },
    patch(id, patch) {
      const index = records.findIndex((record) => record.id === id);
      const current = records[index];
      if (current) records[index] = { ...current, ...patch };
    },
    get dropped() {
      return dropped;
    },
  };
}
