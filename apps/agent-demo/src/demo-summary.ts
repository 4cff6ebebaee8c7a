/**
 * @module
 * The demo's summary from its ledger records: one row per agent and model, and what the providers' prompt caches
 * saved.
 */
import { formatUsd } from '@orkit/config/usd';
import { type ModelCatalog, savedByCaching } from '@orkit/model-selection';
import { summarizeUsage, type UsageRecord } from '@orkit/observability';
import type { ResilienceEvent, ResilienceStore } from '@orkit/resilience';
import type { DemoRow } from './run-demo.js';

/** What the providers' prompt caches did for the demo's calls. */
export interface PromptCachingSummary {
  /** Input tokens read from a provider's cache (billed at its cache-read price). */
  readonly cacheReadTokens: number;
  /** Input tokens written to a provider's cache (Anthropic and Gemini bill these above the input price). */
  readonly cacheWriteTokens: number;
  /** Exact decimal USD: the same calls without caching, minus what they cost; at the catalog's prices. */
  readonly savedUsd: string;
}

/** One row per agent and model, with what the resilience events and the breaker say about it. */
export async function summaryRows(
  records: readonly UsageRecord[],
  events: ReadonlyArray<ResilienceEvent & { agent: string }>,
  resilienceStore: ResilienceStore,
): Promise<DemoRow[]> {
  const rows: DemoRow[] = [];
  const byAgentModel = new Map<string, UsageRecord[]>();
  for (const record of records) {
    const key = `${record.attribution.agent}|${record.requestedModel}`;
    byAgentModel.set(key, [...(byAgentModel.get(key) ?? []), record]);
  }
  for (const [key, group] of byAgentModel) {
    const [agent = '', model = ''] = key.split('|');
    const summary = summarizeUsage(group).overall;
    const mine = events.filter((event) => event.agent === agent);
    const storeKey = `openrouter:${model}`;
    const breaker = await resilienceStore.breaker(storeKey, Date.now());
    rows.push({
      agent,
      model,
      requests: group.length,
      failed: group.filter((record) => record.outcome !== 'success').length,
      retries: mine.filter((event) => event.type === 'retry' && event.model === storeKey).length,
      fallbacksAway: mine.filter((event) => event.type === 'fallback' && event.from === model).length,
      breaker: breaker.state,
      cacheHits: mine.filter((event) => event.type === 'cache-hit' && event.model === model).length,
      inputTokens: summary.inputTokens,
      outputTokens: summary.outputTokens,
      costUsd: summary.costUsd,
    });
  }
  return rows;
}

/**
 * The cache tokens of every record and what they saved, call by call at the prices of the model that answered
 * (a model the catalog does not know counts its tokens but not its savings).
 */
export function promptCachingOf(
  records: readonly UsageRecord[],
  catalog: ModelCatalog,
): PromptCachingSummary {
  let cacheReadTokens = 0;
  let cacheWriteTokens = 0;
  let savedPico = 0n;
  for (const record of records) {
    if (record.cacheReadTokens === 0 && record.cacheWriteTokens === 0) continue;
    cacheReadTokens += record.cacheReadTokens;
    cacheWriteTokens += record.cacheWriteTokens;
    const model = catalog.find(record.answeredModel ?? record.requestedModel);
    if (model)
      savedPico += savedByCaching(model, {
        inputTokens: record.inputTokens,
        outputTokens: record.outputTokens,
        cacheReadTokens: record.cacheReadTokens,
        cacheWriteTokens: record.cacheWriteTokens,
      }).pico;
  }
  return { cacheReadTokens, cacheWriteTokens, savedUsd: formatUsd(savedPico) };
}
