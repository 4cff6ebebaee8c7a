import { count, FAILURES, MODEL, MONEY, TOKENS, totals } from './insights-sql.js';
import type { LedgerQuery } from './ledger.js';
import type { ModelStats, ReadSql } from './ledger-insights.js';
import { checkLedgerQuery, ledgerWhere, type SqlDialect } from './ledger-sql.js';

/** Calls, spend, tokens and latency percentiles per model (see `LedgerInsights.modelStats`). */
export async function readModelStats(
  read: ReadSql,
  dialect: SqlDialect,
  query: LedgerQuery,
): Promise<ModelStats[]> {
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
