import type { z } from 'zod';
import type { CatalogModel, ModelPricing } from './catalog-model.js';
import { zod } from './lazy-zod.js';

function build() {
  const z = zod();
  const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string in USD');

  /** The parts of OpenRouter's `GET /models` entry the catalog uses; unknown fields pass. */
  const openRouterModelSchema = z.object({
    id: z.string().min(1),
    name: z.string(),
    context_length: z.number().int().positive().nullable(),
    architecture: z.object({
      input_modalities: z.array(z.string()),
      output_modalities: z.array(z.string()),
    }),
    pricing: z.object({
      prompt: decimal,
      completion: decimal,
      request: decimal.optional(),
      image: decimal.optional(),
      input_cache_read: decimal.optional(),
      input_cache_write: decimal.optional(),
      internal_reasoning: decimal.optional(),
      web_search: decimal.optional(),
    }),
    top_provider: z.object({ max_completion_tokens: z.number().int().positive().nullish() }).optional(),
    supported_parameters: z.array(z.string()).nullish(),
  });

  /** `GET /models`. */
  const openRouterModelsResponseSchema = z.object({ data: z.array(openRouterModelSchema) });

  const pricingSchema = z.strictObject({
    prompt: decimal,
    completion: decimal,
    request: decimal.optional(),
    image: decimal.optional(),
    inputCacheRead: decimal.optional(),
    inputCacheWrite: decimal.optional(),
    internalReasoning: decimal.optional(),
    webSearch: decimal.optional(),
  });

  /** A catalog model as the snapshot stores it. */
  const catalogModelSchema = z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._:-]*$/),
    name: z.string().min(1),
    contextLength: z.number().int().positive().nullable(),
    maxOutputTokens: z.number().int().positive().nullable(),
    inputModalities: z.array(z.string()).min(1),
    outputModalities: z.array(z.string()).min(1),
    supportedParameters: z.array(z.string()).nullable(),
    pricing: pricingSchema,
    tiers: z.array(z.strictObject({ aboveInputTokens: z.number().int().positive(), pricing: pricingSchema })),
  });

  /** The snapshot file. */
  const catalogDataSchema = z.strictObject({
    source: z.string().min(1),
    fetchedAt: z.iso.datetime(),
    models: z.array(catalogModelSchema).min(1),
  });
  return { openRouterModelSchema, openRouterModelsResponseSchema, catalogModelSchema, catalogDataSchema };
}

let built: ReturnType<typeof build> | undefined;

/** The zod schemas, built on first use (zod loads lazily). */
export function catalogSchemas(): ReturnType<typeof build> {
  built ??= build();
  return built;
}

/** One entry of OpenRouter's `GET /models`, as validated. */
export type OpenRouterModelEntry = z.output<ReturnType<typeof build>['openRouterModelSchema']>;

/** Converts one validated `GET /models` entry into a catalog model. */
export function catalogModelFromOpenRouter(entry: OpenRouterModelEntry): CatalogModel {
  const pricing: ModelPricing = {
    prompt: entry.pricing.prompt,
    completion: entry.pricing.completion,
    ...(entry.pricing.request === undefined ? {} : { request: entry.pricing.request }),
    ...(entry.pricing.image === undefined ? {} : { image: entry.pricing.image }),
    ...(entry.pricing.input_cache_read === undefined
      ? {}
      : { inputCacheRead: entry.pricing.input_cache_read }),
    ...(entry.pricing.input_cache_write === undefined
      ? {}
      : { inputCacheWrite: entry.pricing.input_cache_write }),
    ...(entry.pricing.internal_reasoning === undefined
      ? {}
      : { internalReasoning: entry.pricing.internal_reasoning }),
    ...(entry.pricing.web_search === undefined ? {} : { webSearch: entry.pricing.web_search }),
  };
  return {
    id: entry.id,
    name: entry.name,
    contextLength: entry.context_length,
    maxOutputTokens: entry.top_provider?.max_completion_tokens ?? null,
    inputModalities: entry.architecture.input_modalities,
    outputModalities: entry.architecture.output_modalities,
    supportedParameters: entry.supported_parameters ?? null,
    pricing,
    tiers: [],
  };
}
