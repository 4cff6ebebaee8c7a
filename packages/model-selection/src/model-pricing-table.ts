import { parseUsd } from '@orkit/config/usd';
import type { CatalogModel, ModelPricing } from './catalog-model.js';

/** One price list, parsed: exact (picodollars) for accounting, floats for quick estimates. */
export interface ParsedPrices {
  readonly prompt: bigint;
  readonly completion: bigint;
  readonly request: bigint;
  readonly image: bigint;
  readonly cacheRead: bigint;
  readonly cacheWrite: bigint;
  readonly reasoning: bigint;
  readonly promptPerToken: number;
  readonly completionPerToken: number;
  readonly reasoningPerToken: number;
  readonly requestFee: number;
}

/** A model's prices parsed once: the base list and the long-context tiers. */
export interface PricingTable {
  readonly base: ParsedPrices;
  readonly tiers: ReadonlyArray<{ readonly aboveInputTokens: number; readonly prices: ParsedPrices }>;
}

function parsePrices(pricing: ModelPricing): ParsedPrices {
  const prompt = parseUsd(pricing.prompt);
  const completion = parseUsd(pricing.completion);
  // OpenRouter bills cache reads/writes at the prompt price and reasoning at the completion price unless the
  // model lists its own price for them.
  const cacheRead = pricing.inputCacheRead === undefined ? prompt : parseUsd(pricing.inputCacheRead);
  const cacheWrite = pricing.inputCacheWrite === undefined ? prompt : parseUsd(pricing.inputCacheWrite);
  const reasoning =
    pricing.internalReasoning === undefined ? completion : parseUsd(pricing.internalReasoning);
  const request = pricing.request === undefined ? 0n : parseUsd(pricing.request);
  return {
    prompt,
    completion,
    request,
    image: pricing.image === undefined ? 0n : parseUsd(pricing.image),
    cacheRead,
    cacheWrite,
    reasoning,
    promptPerToken: Number(pricing.prompt),
    completionPerToken: Number(pricing.completion),
    reasoningPerToken: Number(pricing.internalReasoning ?? pricing.completion),
    requestFee: Number(pricing.request ?? '0'),
  };
}

const tables = new WeakMap<CatalogModel, PricingTable>();

/** The parsed pricing of a model, computed on first use and cached. */
export function pricingTableOf(model: CatalogModel): PricingTable {
  let table = tables.get(model);
  if (!table) {
    table = {
      base: parsePrices(model.pricing),
      tiers: model.tiers.map((tier) => ({
        aboveInputTokens: tier.aboveInputTokens,
        prices: parsePrices(tier.pricing),
      })),
    };
    tables.set(model, table);
  }
  return table;
}

/** The prices for a request of `inputTokens`: the highest tier it passes, else the base list. */
export function pricesFor(table: PricingTable, inputTokens: number): ParsedPrices {
  let prices = table.base;
  for (const tier of table.tiers) if (inputTokens > tier.aboveInputTokens) prices = tier.prices;
  return prices;
}
