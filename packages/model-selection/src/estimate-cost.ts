import { countTokens } from '@orkit/config/tokens';
import type { CatalogModel } from './catalog-model.js';
import { pricesFor, pricingTableOf } from './model-pricing-table.js';

/** A prompt: plain text or chat messages whose text parts are counted. */
export type PromptInput = string | ReadonlyArray<{ readonly role: string; readonly content: unknown }>;

/** Options of {@link estimateCost}. */
export interface EstimateCostOptions {
  /** The prompt, counted with an o200k tokenizer (gpt-tokenizer). Ignored when `promptTokens` is given. */
  readonly prompt?: PromptInput;
  readonly promptTokens?: number;
  /** The most output the call may produce. Default: the model's max output, else 1 024. */
  readonly maxOutputTokens?: number;
}

/** A worst-case estimate for before a call (budget reservations, selection). */
export interface CostEstimate {
  readonly usd: number;
  readonly promptTokens: number;
  readonly maxOutputTokens: number;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : ''))
    .join('\n');
}

/**
 * Tokens in a prompt, as chat templates count them (a small overhead per message).
 *
 * @example
 * countPromptTokens([{ role: 'user', content: 'Hello' }]); // 8
 */
export function countPromptTokens(prompt: PromptInput): number {
  if (typeof prompt === 'string') return countTokens(prompt);
  let total = 3;
  for (const message of prompt) total += 4 + countTokens(textOf(message.content));
  return total;
}

/**
 * The most a call can cost: the prompt at the input price plus `maxOutputTokens` at the higher of the output and
 * reasoning prices, with long-context tiers and the request fee. A float estimate (fast); use `costOf` for exact
 * accounting after the call.
 *
 * @example
 * estimateCost(catalog.get('openai/gpt-5.5'), { prompt: 'Summarise…', maxOutputTokens: 500 }).usd;
 */
export function estimateCost(model: CatalogModel, options: EstimateCostOptions): CostEstimate {
  const promptTokens =
    options.promptTokens ?? (options.prompt === undefined ? 0 : countPromptTokens(options.prompt));
  const maxOutputTokens = options.maxOutputTokens ?? model.maxOutputTokens ?? 1_024;
  const prices = pricesFor(pricingTableOf(model), promptTokens);
  const outputPrice = Math.max(prices.completionPerToken, prices.reasoningPerToken);
  return {
    usd: promptTokens * prices.promptPerToken + maxOutputTokens * outputPrice + prices.requestFee,
    promptTokens,
    maxOutputTokens,
  };
}
