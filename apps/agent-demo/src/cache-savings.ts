/**
 * @module
 * What prompt caching saved on a model's cache tokens, at the catalog's prices, for the dashboard (its
 * `cacheSavings` option): the ledger keeps the tokens, the catalog knows the prices.
 */
import { createModelCatalog, savedByCaching } from '@orkit/model-selection';

const catalog = createModelCatalog();

/**
 * Exact decimal USD saved on `tokens` of `model`, at its base prices (a model's totals do not say which calls
 * were above a long-context tier); `undefined` for a model the catalog does not know.
 *
 * @example
 * startDashboard({ ledger, cacheSavings: demoCacheSavings });
 */
export function demoCacheSavings(
  model: string,
  tokens: { readonly cacheReadTokens: number; readonly cacheWriteTokens: number },
): string | undefined {
  const entry = catalog.find(model);
  if (!entry) return undefined;
  return savedByCaching(
    { ...entry, tiers: [] },
    {
      inputTokens: tokens.cacheReadTokens + tokens.cacheWriteTokens,
      outputTokens: 0,
      cacheReadTokens: tokens.cacheReadTokens,
      cacheWriteTokens: tokens.cacheWriteTokens,
    },
  ).exact;
}
