import type { SimulatorPricing } from './simulator-model.js';
import { parseUsd } from './usd.js';

/** Token counts for one generation, OpenAI-style: cached and cache-write tokens are part of `promptTokens`. */
export interface TokenCounts {
  readonly promptTokens: number;
  readonly cachedTokens: number;
  readonly cacheWriteTokens: number;
  readonly completionTokens: number;
  /** Part of `completionTokens`. */
  readonly reasoningTokens: number;
}

/** Prices parsed once per model. */
export interface ParsedPricing {
  readonly prompt: bigint;
  readonly completion: bigint;
  readonly request: bigint;
  readonly cacheRead: bigint;
  readonly cacheWrite: bigint;
  readonly reasoning: bigint;
}

/** Parses a model's prices; a missing cache or reasoning price falls back to the base price, as OpenRouter bills. */
export function parsePricing(pricing: SimulatorPricing): ParsedPricing {
  const prompt = parseUsd(pricing.prompt);
  const completion = parseUsd(pricing.completion);
  return {
    prompt,
    completion,
    request: pricing.request === undefined ? 0n : parseUsd(pricing.request),
    cacheRead: pricing.inputCacheRead === undefined ? prompt : parseUsd(pricing.inputCacheRead),
    cacheWrite: pricing.inputCacheWrite === undefined ? prompt : parseUsd(pricing.inputCacheWrite),
    reasoning: pricing.internalReasoning === undefined ? completion : parseUsd(pricing.internalReasoning),
  };
}

/** The exact charge for a generation, split as OpenRouter's `cost_details` splits it (request fee on the prompt side). */
export function priceUsage(
  pricing: ParsedPricing,
  tokens: TokenCounts,
): { prompt: bigint; completion: bigint; total: bigint } {
  const uncached = Math.max(0, tokens.promptTokens - tokens.cachedTokens - tokens.cacheWriteTokens);
  const textOutput = Math.max(0, tokens.completionTokens - tokens.reasoningTokens);
  const prompt =
    BigInt(uncached) * pricing.prompt +
    BigInt(tokens.cachedTokens) * pricing.cacheRead +
    BigInt(tokens.cacheWriteTokens) * pricing.cacheWrite +
    pricing.request;
  const completion =
    BigInt(textOutput) * pricing.completion + BigInt(tokens.reasoningTokens) * pricing.reasoning;
  return { prompt, completion, total: prompt + completion };
}
