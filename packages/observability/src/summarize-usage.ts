import type { UsageRecord } from './usage-record.js';

/** Figures for a group of calls. */
export interface UsageSummary {
  readonly calls: number;
  readonly successRate: number;
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly timeToFirstTokenMs:
    | { readonly p50: number; readonly p95: number; readonly p99: number }
    | undefined;
  readonly errorKinds: Readonly<Record<string, number>>;
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

function summary(records: readonly UsageRecord[]): UsageSummary {
  const latencies = records.map((record) => record.latencyMs).sort((a, b) => a - b);
  const firsts = records
    .map((record) => record.timeToFirstTokenMs)
    .filter((value): value is number => value !== undefined)
    .sort((a, b) => a - b);
  const errorKinds: Record<string, number> = {};
  let cost = 0;
  for (const record of records) {
    if (record.errorKind) errorKinds[record.errorKind] = (errorKinds[record.errorKind] ?? 0) + 1;
    cost += Math.round(record.costUsd * 1e12);
  }
  return {
    calls: records.length,
    successRate: records.length
      ? records.filter((record) => record.outcome === 'success').length / records.length
      : 0,
    costUsd: cost / 1e12,
    inputTokens: records.reduce((sum, record) => sum + record.inputTokens, 0),
    outputTokens: records.reduce((sum, record) => sum + record.outputTokens, 0),
    cacheReadTokens: records.reduce((sum, record) => sum + record.cacheReadTokens, 0),
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
    },
    timeToFirstTokenMs: firsts.length
      ? { p50: percentile(firsts, 0.5), p95: percentile(firsts, 0.95), p99: percentile(firsts, 0.99) }
      : undefined,
    errorKinds,
  };
}

/**
 * Success rate, latency and time-to-first-token percentiles, cost and tokens: overall and by model (the model that
 * answered) and by agent. Costs are summed in integer picodollars, so they do not drift.
 *
 * @example
 * const { overall, byModel } = summarizeUsage(await ledger.query({ from: startOfDay }));
 */
export function summarizeUsage(records: readonly UsageRecord[]): {
  overall: UsageSummary;
  byModel: Record<string, UsageSummary>;
  byAgent: Record<string, UsageSummary>;
} {
  const group = (keyOf: (record: UsageRecord) => string) => {
    const groups = new Map<string, UsageRecord[]>();
    for (const record of records) {
      const key = keyOf(record);
      groups.set(key, [...(groups.get(key) ?? []), record]);
    }
    return Object.fromEntries([...groups].map(([key, members]) => [key, summary(members)]));
  };
  return {
    overall: summary(records),
    byModel: group((record) => record.answeredModel ?? record.requestedModel),
    byAgent: group((record) => record.attribution.agent ?? '(none)'),
  };
}
