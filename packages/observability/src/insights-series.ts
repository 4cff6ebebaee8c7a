import { formatUsd } from '@orkit/config/usd';
import { BUCKETS, checkChoice, count, FAILURES, MONEY, money, pico, STACKS, totals } from './insights-sql.js';
import type { LedgerQuery } from './ledger.js';
import {
  type ReadSql,
  SERIES_BUCKETS,
  SERIES_STACKS,
  type SeriesBucket,
  type SeriesRow,
  type SeriesStack,
} from './ledger-insights.js';
import { checkLedgerQuery, ledgerWhere, type SqlDialect } from './ledger-sql.js';

/** Calls, failures and spend per time bucket, stacked by a field (see `LedgerInsights.series`). */
export async function readSeries(
  read: ReadSql,
  dialect: SqlDialect,
  query: LedgerQuery & {
    readonly bucket: SeriesBucket;
    readonly stack?: SeriesStack;
    readonly maxGroups?: number;
  },
): Promise<SeriesRow[]> {
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
}

/** Spend alone per bucket (see `LedgerInsights.spend`). */
export async function readSpend(
  read: ReadSql,
  dialect: SqlDialect,
  query: LedgerQuery & { readonly bucket: SeriesBucket },
): Promise<Array<{ bucket: number; costUsd: string }>> {
  checkLedgerQuery(query);
  checkChoice('bucket', query.bucket, SERIES_BUCKETS);
  const where = ledgerWhere(query, dialect);
  const bucket = `started_at - (started_at % ${BUCKETS[query.bucket]})`;
  const rows = await read(
    `SELECT ${bucket} AS bucket, ${MONEY} FROM orkit_usage${where.sql} GROUP BY ${bucket} ORDER BY 1`,
    where.params,
  );
  return rows.map((row) => ({ bucket: count(row.bucket), costUsd: money(row) }));
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
