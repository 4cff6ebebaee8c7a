/** What OpenRouter reported about money in `usage` (the raw JSON the provider passes through). */
export interface ReportedCost {
  readonly costUsd: number;
  readonly byok: boolean;
}

type RawUsage = {
  cost?: unknown;
  is_byok?: unknown;
  cost_details?: { upstream_inference_cost?: unknown } | null;
};

/**
 * Reads OpenRouter's cost from a usage object's `raw` field (or from `providerMetadata.openrouter.usage`). With
 * BYOK, `cost` is OpenRouter's fee and `upstream_inference_cost` what the provider charged: both are spent, each
 * counted once.
 *
 * @example
 * reportedCost({ cost: 0.00015, is_byok: true, cost_details: { upstream_inference_cost: 0.003 } }); // { costUsd: 0.00315, byok: true }
 */
export function reportedCost(raw: unknown, providerMetadata?: unknown): ReportedCost | undefined {
  const usage = (typeof raw === 'object' && raw !== null ? raw : undefined) as RawUsage | undefined;
  if (usage && typeof usage.cost === 'number') {
    const byok = usage.is_byok === true;
    const upstream = usage.cost_details?.upstream_inference_cost;
    const total = byok && typeof upstream === 'number' ? addUsd(usage.cost, upstream) : usage.cost;
    return { costUsd: total, byok };
  }
  const metadata = (providerMetadata as { openrouter?: { usage?: { cost?: unknown } } } | undefined)
    ?.openrouter?.usage;
  if (metadata && typeof metadata.cost === 'number') return { costUsd: metadata.cost, byok: false };
  return undefined;
}

/** Nanodollars (10^-9 USD), rounded up: budgets count in whole nanodollars and never undercount. */
export function toNanoUsd(usd: number): number {
  return Math.ceil(Math.round(usd * 1e12) / 1e3);
}

/** Adds two USD amounts as decimals (the floats OpenRouter sends are short decimals). */
function addUsd(a: number, b: number): number {
  return Math.round((a + b) * 1e15) / 1e15;
}
