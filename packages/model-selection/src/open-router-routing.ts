import { zod } from './lazy-zod.js';
import type { ModelCatalog } from './model-catalog.js';
import { RoutingOptionsError } from './model-selection-errors.js';

/** OpenRouter's model variants. `nitro` = sort by throughput, `floor` = sort by price. */
export const MODEL_VARIANTS = ['free', 'nitro', 'floor', 'exacto', 'online', 'thinking', 'extended'] as const;

/** A model variant suffix. */
export type ModelVariant = (typeof MODEL_VARIANTS)[number];

/** OpenRouter's provider routing preferences, in camelCase; sent as `provider` in snake_case. */
export interface ProviderPreferences {
  /** Providers to try first, in order (turns off load balancing). */
  readonly order?: readonly string[];
  /** Default true: other providers may serve the request when the preferred ones cannot. */
  readonly allowFallbacks?: boolean;
  /** Only providers that support every parameter of the request. */
  readonly requireParameters?: boolean;
  readonly dataCollection?: 'allow' | 'deny';
  /** Zero data retention endpoints only. */
  readonly zdr?: boolean;
  readonly only?: readonly string[];
  readonly ignore?: readonly string[];
  readonly quantizations?: ReadonlyArray<
    'int4' | 'int8' | 'fp4' | 'fp6' | 'fp8' | 'fp16' | 'bf16' | 'fp32' | 'unknown'
  >;
  /** Turns off load balancing. */
  readonly sort?: 'price' | 'throughput' | 'latency';
  /** USD per million tokens (per request / per image for those). */
  readonly maxPrice?: {
    readonly prompt?: number;
    readonly completion?: number;
    readonly request?: number;
    readonly image?: number;
  };
}

/** Options of {@link openRouterRouting}. */
export interface OpenRouterRoutingOptions {
  readonly provider?: ProviderPreferences;
  /** Server-side fallback models, tried in order after the request's model. */
  readonly models?: readonly string[];
  /** Checks `models` against the catalog (unknown ids fail with suggestions). */
  readonly catalog?: ModelCatalog;
}

function buildSchemas() {
  const z = zod();
  const slug = z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a provider slug such as "anthropic" or "deepinfra"');
  const providerSchema = z.strictObject({
    order: z.array(slug).min(1).optional(),
    allowFallbacks: z.boolean().optional(),
    requireParameters: z.boolean().optional(),
    dataCollection: z.enum(['allow', 'deny']).optional(),
    zdr: z.boolean().optional(),
    only: z.array(slug).min(1).optional(),
    ignore: z.array(slug).min(1).optional(),
    quantizations: z
      .array(z.enum(['int4', 'int8', 'fp4', 'fp6', 'fp8', 'fp16', 'bf16', 'fp32', 'unknown']))
      .min(1)
      .optional(),
    sort: z.enum(['price', 'throughput', 'latency']).optional(),
    maxPrice: z
      .strictObject({
        prompt: z.number().nonnegative().optional(),
        completion: z.number().nonnegative().optional(),
        request: z.number().nonnegative().optional(),
        image: z.number().nonnegative().optional(),
      })
      .optional(),
  });
  const modelId = z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*(:[a-z]+)?$/,
      'an OpenRouter model id such as "openai/gpt-5.5"',
    );
  return { providerSchema, modelId };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;

/**
 * Validated OpenRouter routing as `providerOptions` for the AI SDK: provider preferences and the server-side
 * `models` fallback list. Throws {@link RoutingOptionsError} listing every problem.
 *
 * @example
 * await generateText({
 *   model: openrouter.chat('anthropic/claude-sonnet-5'),
 *   providerOptions: openRouterRouting({ provider: { sort: 'price', dataCollection: 'deny' }, models: ['openai/gpt-5.5'] }),
 *   prompt,
 * });
 */
export function openRouterRouting(options: OpenRouterRoutingOptions): {
  openrouter: Record<string, unknown>;
} {
  schemas ??= buildSchemas();
  const { providerSchema, modelId } = schemas;
  const problems: string[] = [];
  const provider = options.provider === undefined ? undefined : providerSchema.safeParse(options.provider);
  if (provider && !provider.success) {
    for (const issue of provider.error.issues)
      problems.push(`provider.${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const preferences = provider?.success ? provider.data : undefined;
  if (preferences?.only && preferences.ignore?.some((name) => preferences.only?.includes(name))) {
    problems.push('provider: a provider is both in only and in ignore; remove it from one of them.');
  }
  for (const [index, id] of (options.models ?? []).entries()) {
    const parsed = modelId.safeParse(id);
    if (!parsed.success)
      problems.push(`models.${index}: ${parsed.error.issues[0]?.message ?? 'invalid'}, got '${id}'`);
    else if (options.catalog) {
      const problem = options.catalog.checkModelId(id);
      if (problem) problems.push(`models.${index}: '${id}' ${problem}`);
    }
  }
  if (problems.length > 0) throw new RoutingOptionsError(problems);
  const openrouter: Record<string, unknown> = {};
  if (preferences) {
    openrouter.provider = {
      ...(preferences.order ? { order: preferences.order } : {}),
      ...(preferences.allowFallbacks === undefined ? {} : { allow_fallbacks: preferences.allowFallbacks }),
      ...(preferences.requireParameters === undefined
        ? {}
        : { require_parameters: preferences.requireParameters }),
      ...(preferences.dataCollection ? { data_collection: preferences.dataCollection } : {}),
      ...(preferences.zdr === undefined ? {} : { zdr: preferences.zdr }),
      ...(preferences.only ? { only: preferences.only } : {}),
      ...(preferences.ignore ? { ignore: preferences.ignore } : {}),
      ...(preferences.quantizations ? { quantizations: preferences.quantizations } : {}),
      ...(preferences.sort ? { sort: preferences.sort } : {}),
      ...(preferences.maxPrice ? { max_price: preferences.maxPrice } : {}),
    };
  }
  if (options.models?.length) openrouter.models = [...options.models];
  return { openrouter };
}

/**
 * A model id with a variant suffix (replacing any it had).
 *
 * @example
 * withVariant('openai/gpt-5.5', 'nitro'); // 'openai/gpt-5.5:nitro'
 */
export function withVariant(id: string, variant: ModelVariant): string {
  if (!MODEL_VARIANTS.includes(variant))
    throw new RoutingOptionsError([`variant must be one of ${MODEL_VARIANTS.join(', ')}, got '${variant}'.`]);
  return `${id.split(':')[0]}:${variant}`;
}
