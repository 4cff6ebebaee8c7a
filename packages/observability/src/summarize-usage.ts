import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { UsageRecord } from './usage-record.js';

/** Figures for a group of calls. */
export interface UsageSummary {
  readonly calls: number;
  readonly successRate: number;
  /** Exact decimal USD. */
  readonly costUsd: string;
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
  let cost = 0n;
  for (const record of records) {
    if (record.errorKind) errorKinds[record.errorKind] = (errorKinds[record.errorKind] ?? 0) + 1;
    cost += parseUsd(record.costUsd);
  }
  return {
    calls: records.length,
    successRate: records.length
      ? records.filter((record) => record.outcome === 'success').length / records.length
      : 0,
    costUsd: formatUsd(cost),
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
 * The parts of an `@orkit/resilience` event that analytics read. Structural, so this package does not depend on
 * resilience: pass its events as they come (e.g. collected from `onEvent`).
 */
export interface ResilienceEventLike {
  readonly type: string;
  readonly model?: string;
  readonly from?: string;
  readonly to?: string;
  readonly key?: string;
}

/** Retries, fallbacks, breaker openings and cache hits, counted from resilience events. */
export interface ResilienceSummary {
  readonly retries: number;
  readonly fallbacks: number;
  readonly breakerOpened: number;
  readonly cacheHits: number;
  /** Per model: retries of it, fallbacks away from it, times its breaker opened, cache hits for it. */
  readonly byModel: Readonly<
    Record<string, { retries: number; fallbacksAway: number; breakerOpened: number; cacheHits: number }>
  >;
}

/** Resilience keys are `<provider>:<model id>`; analytics group by model id. */
function modelOf(value: string | undefined): string {
  if (value === undefined) return '(unknown)';
  const colon = value.indexOf(':');
  return colon > 0 && value.includes('/', colon) ? value.slice(colon + 1) : value;
}

function resilienceSummary(events: readonly ResilienceEventLike[]): ResilienceSummary {
  const byModel: Record<
    string,
    { retries: number; fallbacksAway: number; breakerOpened: number; cacheHits: number }
  > = {};
  const row = (model: string) => {
    byModel[model] ??= { retries: 0, fallbacksAway: 0, breakerOpened: 0, cacheHits: 0 };
    return byModel[model];
  };
  let retries = 0;
  let fallbacks = 0;
  let breakerOpened = 0;
  let cacheHits = 0;
  for (const event of events) {
    if (event.type === 'retry') {
      retries += 1;
      row(modelOf(event.model)).retries += 1;
    } else if (event.type === 'fallback') {
      fallbacks += 1;
      row(modelOf(event.from)).fallbacksAway += 1;
    } else if (event.type === 'breaker' && event.to === 'open') {
      breakerOpened += 1;
      row(modelOf(event.key)).breakerOpened += 1;
    } else if (event.type === 'cache-hit') {
      cacheHits += 1;
      row(modelOf(event.model)).cacheHits += 1;
    }
  }
  return { retries, fallbacks, breakerOpened, cacheHits, byModel };
}

/**
 * Success rate, latency and time-to-first-token percentiles, cost and tokens: overall and by model (the model that
 * answered) and by agent. Costs are summed in integer picodollars, so they do not drift. Pass the resilience
 * events of the same period to count retries, fallbacks, breaker openings and cache hits too.
 *
 * @example
 * const events: ResilienceEvent[] = []; // filled by resilienceMiddleware({ onEvent: (e) => events.push(e) })
 * const { overall, byModel, resilience } = summarizeUsage(await ledger.query({ from: startOfDay }), { events });
 */
export function summarizeUsage(
  records: readonly UsageRecord[],
  options: { readonly events?: readonly ResilienceEventLike[] } = {},
): {
  overall: UsageSummary;
  byModel: Record<string, UsageSummary>;
  byAgent: Record<string, UsageSummary>;
  resilience: ResilienceSummary | undefined;
} {
  const group = (keyOf: (record: UsageRecord) => string) => {
    const groups = new Map<string, UsageRecord[]>();
    for (const record of records) {
      const key = keyOf(record);
      const members = groups.get(key);
      if (members) members.push(record);
      else groups.set(key, [record]);
    }
    return Object.fromEntries([...groups].map(([key, members]) => [key, summary(members)]));
  };
  return {
    overall: summary(records),
    byModel: group((record) => record.answeredModel ?? record.requestedModel),
    byAgent: group((record) => record.attribution.agent ?? '(none)'),
    resilience: options.events ? resilienceSummary(options.events) : undefined,
  };
}
