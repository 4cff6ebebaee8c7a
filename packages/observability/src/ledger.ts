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

/** Where usage records are kept. Append-only; patches are recorded, never overwrites. */
export interface Ledger {
  append(record: UsageRecord): void | Promise<void>;
  query(query?: LedgerQuery): readonly UsageRecord[] | Promise<readonly UsageRecord[]>;
  patch(id: string, patch: RecordPatch): void | Promise<void>;
  close?(): void | Promise<void>;
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
 * `createFileLedger` survives restarts.
 *
 * @example
 * const ledger = createMemoryLedger();
 * usageMiddleware({ ledger });
 */
export function createMemoryLedger(
  options: { maxRecords?: number } = {},
): Ledger & { readonly dropped: number } {
  const records: UsageRecord[] = [];
  const max = options.maxRecords ?? 100_000;
  let dropped = 0;
  return {
    append(record) {
      records.push(record);
      if (records.length > max) {
        // Drop a tenth at once: one copy per max/10 appends, not one per append.
        const excess = records.length - max + Math.ceil(max / 10);
        records.splice(0, excess);
        dropped += excess;
      }
    },
    query: (query = {}) => records.filter((record) => matches(record, query)),
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
