import { formatUsd, usdToNumber } from '@orkit/config/usd';
import type { CatalogModel } from './catalog-model.js';
import { pricesFor, pricingTableOf } from './model-pricing-table.js';

/** Token counts of one call. `cacheReadTokens` and `cacheWriteTokens` are part of `inputTokens`; `reasoningTokens` part of `outputTokens`. */
export interface UsageTokens {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
  readonly reasoningTokens?: number;
  /** Images in the input, billed at the model's image price. */
  readonly images?: number;
  /** Requests billed (OpenRouter's per-request fee). Default 1. */
  readonly requests?: number;
}

/** An exact cost: `pico` in 10^-12 USD (sum these; `@orkit/config`'s money type), `usd` for display. */
export interface Cost {
  readonly pico: bigint;
  readonly usd: number;
  /** Exact decimal string, e.g. `'0.00383'`. */
  readonly exact: string;
  readonly breakdown: {
    readonly input: bigint;
    readonly cacheRead: bigint;
    readonly cacheWrite: bigint;
    readonly output: bigint;
    readonly reasoning: bigint;
    readonly images: bigint;
    readonly request: bigint;
  };
  /** The long-context tier applied, if any (its input threshold). */
  readonly tierAboveInputTokens: number | undefined;
}

function count(value: number | undefined, name: string): bigint {
  const amount = value ?? 0;
  if (!Number.isInteger(amount) || amount < 0)
    throw new RangeError(`costOf: ${name} must be a non-negative integer, got ${amount}.`);
  return BigInt(amount);
}

/**
 * The exact cost of a call from its usage: uncached input, cache reads, cache writes, text output, reasoning,
 * images and the per-request fee, with long-context tiers. Prefer OpenRouter's own `usage.cost` when the
 * response has it; this is for estimates, reconciliation and responses without cost.
 *
 * @example
 * const cost = costOf(catalog.get('anthropic/claude-sonnet-4.5'), { inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 300 });
 * cost.exact; // '0.0054'
 */
export function costOf(model: CatalogModel, usage: UsageTokens): Cost {
  const input = count(usage.inputTokens, 'inputTokens');
  const output = count(usage.outputTokens, 'outputTokens');
  const cacheRead = count(usage.cacheReadTokens, 'cacheReadTokens');
  const cacheWrite = count(usage.cacheWriteTokens, 'cacheWriteTokens');
  const reasoning = count(usage.reasoningTokens, 'reasoningTokens');
  if (cacheRead + cacheWrite > input)
    throw new RangeError('costOf: cacheReadTokens + cacheWriteTokens cannot exceed inputTokens.');
  if (reasoning > output) throw new RangeError('costOf: reasoningTokens cannot exceed outputTokens.');
  const table = pricingTableOf(model);
  const prices = pricesFor(table, usage.inputTokens);
  const breakdown = {
    input: (input - cacheRead - cacheWrite) * prices.prompt,
    cacheRead: cacheRead * prices.cacheRead,
    cacheWrite: cacheWrite * prices.cacheWrite,
    output: (output - reasoning) * prices.completion,
    reasoning: reasoning * prices.reasoning,
    images: count(usage.images, 'images') * prices.image,
    request: (usage.requests === undefined ? 1n : count(usage.requests, 'requests')) * prices.request,
  };
  const pico =
    breakdown.input +
    breakdown.cacheRead +
    breakdown.cacheWrite +
    breakdown.output +
    breakdown.reasoning +
    breakdown.images +
    breakdown.request;
  const tier =
    prices === table.base
      ? undefined
      : table.tiers.find((candidate) => candidate.prices === prices)?.aboveInputTokens;
  return new ExactCost(pico, breakdown, tier);
}

/** Formats lazily: accounting only sums `pico`, so the hot path never builds strings. */
class ExactCost implements Cost {
  constructor(
    readonly pico: bigint,
    readonly breakdown: Cost['breakdown'],
    readonly tierAboveInputTokens: number | undefined,
  ) {}

  get usd(): number {
    return usdToNumber(this.pico);
  }

  get exact(): string {
    return formatUsd(this.pico);
  }

  toJSON() {
    return { usd: this.usd, exact: this.exact, tierAboveInputTokens: this.tierAboveInputTokens };
  }
}

/** What prompt caching changed on some calls' cost: `pico` in 10^-12 USD (negative when writes cost more than reads saved). */
export interface CacheSavings {
  readonly pico: bigint;
  /** Exact decimal string, e.g. `'0.0027'` (`'-0.00012'` for a net cost). */
  readonly exact: string;
}

/**
 * What prompt caching saved on a call (or on a sum of calls of one model): the cost of the same tokens with nothing
 * read from or written to the provider's cache, minus the cost with them. Cache reads save the difference to the
 * input price; cache writes (Anthropic) cost more than plain input, so a prefix written and never read again is a
 * net cost. Exact, in the model's prices (long-context tiers included).
 *
 * @example
 * // a day's cache tokens for one model, from the ledger's per-model totals
 * savedByCaching(catalog.get('anthropic/claude-sonnet-4.5'), { inputTokens: 52_000, outputTokens: 4_000, cacheReadTokens: 45_000, cacheWriteTokens: 1_500 }).exact;
 */
export function savedByCaching(model: CatalogModel, usage: UsageTokens): CacheSavings {
  const without = costOf(model, { ...usage, cacheReadTokens: 0, cacheWriteTokens: 0 });
  const pico = without.pico - costOf(model, usage).pico;
  return { pico, exact: formatUsd(pico) };
}
