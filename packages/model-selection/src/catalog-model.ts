/** Prices as OpenRouter serves them: decimal strings, USD per token (per request / per image for those two). */
export interface ModelPricing {
  readonly prompt: string;
  readonly completion: string;
  readonly request?: string;
  readonly image?: string;
  readonly inputCacheRead?: string;
  readonly inputCacheWrite?: string;
  readonly internalReasoning?: string;
  readonly webSearch?: string;
}

/** Prices that apply to the whole request once its input passes a size (long-context pricing). */
export interface PricingTier {
  readonly aboveInputTokens: number;
  readonly pricing: ModelPricing;
}

/** One model of the catalog. `null` means the source did not say (refresh from `GET /models` to learn it). */
export interface CatalogModel {
  readonly id: string;
  readonly name: string;
  readonly contextLength: number | null;
  readonly maxOutputTokens: number | null;
  readonly inputModalities: readonly string[];
  readonly outputModalities: readonly string[];
  /** OpenRouter's `supported_parameters` (`tools`, `response_format`, `reasoning`, …), or `null` if unknown. */
  readonly supportedParameters: readonly string[] | null;
  readonly pricing: ModelPricing;
  /** Sorted by threshold, lowest first. */
  readonly tiers: readonly PricingTier[];
}

/** A catalog with where it came from. */
export interface CatalogData {
  /** Where the data came from, e.g. `GET https://openrouter.ai/api/v1/models` or the snapshot's sources. */
  readonly source: string;
  /** ISO date-time the data was fetched or generated. */
  readonly fetchedAt: string;
  readonly models: readonly CatalogModel[];
}
