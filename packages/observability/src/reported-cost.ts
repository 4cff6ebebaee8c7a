import { formatUsd, parseUsd } from '@orkit/config/usd';

/** What OpenRouter reported about money in `usage` (the raw JSON the provider passes through). */
export interface ReportedCost {
  /** Exact decimal USD. */
  readonly costUsd: string;
  /** The same amount in picodollars. */
  readonly costPico: bigint;
  readonly byok: boolean;
}

type RawUsage = {
  cost?: unknown;
  is_byok?: unknown;
  cost_details?: { upstream_inference_cost?: unknown } | null;
};

const isAmount = (value: unknown): value is number | string =>
  (typeof value === 'number' && Number.isFinite(value) && value >= 0) ||
  (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value));

/**
 * Reads OpenRouter's cost from a usage object's `raw` field (or from `providerMetadata.openrouter.usage`). With
 * BYOK, `cost` is OpenRouter's fee and `upstream_inference_cost` what the provider charged: both are spent, each
 * counted once. The JSON number is read as the decimal it prints as, so the amount is exact.
 *
 * @example
 * reportedCost({ cost: 0.00015, is_byok: true, cost_details: { upstream_inference_cost: 0.003 } });
 * // { costUsd: '0.00315', costPico: 3150000000n, byok: true }
 */
export function reportedCost(raw: unknown, providerMetadata?: unknown): ReportedCost | undefined {
  const usage = (typeof raw === 'object' && raw !== null ? raw : undefined) as RawUsage | undefined;
  if (usage && isAmount(usage.cost)) {
    const byok = usage.is_byok === true;
    const upstream = usage.cost_details?.upstream_inference_cost;
    const pico = parseUsd(usage.cost) + (byok && isAmount(upstream) ? parseUsd(upstream) : 0n);
    return { costUsd: formatUsd(pico), costPico: pico, byok };
  }
  const metadata = (providerMetadata as { openrouter?: { usage?: { cost?: unknown } } } | undefined)
    ?.openrouter?.usage;
  if (metadata && isAmount(metadata.cost)) {
    const pico = parseUsd(metadata.cost);
    return { costUsd: formatUsd(pico), costPico: pico, byok: false };
  }
  return undefined;
}
