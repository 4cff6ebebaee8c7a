import type { CatalogData, CatalogModel } from './catalog-model.js';
import { CATALOG_SNAPSHOT } from './catalog-snapshot.generated.js';
import { closestIds } from './closest-ids.js';
import { UnknownModelError } from './model-selection-errors.js';
import { catalogModelFromOpenRouter, catalogSchemas } from './openrouter-models-schema.js';

/** What the catalog reports; it never logs. */
export type CatalogEvent =
  | { readonly type: 'catalog-refreshed'; readonly models: number; readonly source: string }
  | { readonly type: 'catalog-refresh-failed'; readonly error: Error; readonly keptSource: string };

/** The outcome of a refresh: the catalog always stays usable. */
export type CatalogRefreshResult =
  | { readonly ok: true; readonly models: number }
  | { readonly ok: false; readonly error: Error };

/** Options of {@link createModelCatalog}. */
export interface ModelCatalogOptions {
  /** Start from this data. Default: the snapshot shipped with the package. */
  readonly initial?: CatalogData;
  /** Where `GET /models` lives. Default `https://openrouter.ai/api/v1`. */
  readonly baseURL?: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly headers?: Readonly<Record<string, string>>;
  /** How long live data counts as fresh for `ensureFresh`. Default 1 hour. */
  readonly ttlMs?: number;
  /** Give up on a refresh after this long. Default 10 000 ms. */
  readonly timeoutMs?: number;
  readonly onEvent?: (event: CatalogEvent) => void;
}

/** The OpenRouter catalog: lookups by id (variants included), live refresh, and the config seam. */
export interface ModelCatalog {
  /** The model for an id; `:free`, `:nitro`, `:floor`, `:exacto`… resolve to the base model unless listed themselves. Throws {@link UnknownModelError}. */
  get(id: string): CatalogModel;
  find(id: string): CatalogModel | undefined;
  has(id: string): boolean;
  list(): readonly CatalogModel[];
  /** For `loadConfig({ checkModelId })`: what is wrong with an id, or `undefined`. */
  checkModelId(id: string): string | undefined;
  /** Fetches `GET /models` now. On failure the last good data stays and a `catalog-refresh-failed` event is emitted. */
  refresh(options?: { signal?: AbortSignal }): Promise<CatalogRefreshResult>;
  /** Refreshes only when the data is not live or is older than `ttlMs`; concurrent callers share one request. */
  ensureFresh(options?: { signal?: AbortSignal }): Promise<CatalogRefreshResult>;
  readonly source: string;
  readonly fetchedAt: string;
  /** Whether the data came from a live `GET /models` (not the snapshot). */
  readonly isLive: boolean;
}

/**
 * Creates a catalog, usable at once from the shipped snapshot and refreshable from `GET /models`.
 *
 * @example
 * const catalog = createModelCatalog({ onEvent: (event) => metrics.record(event) });
 * await catalog.ensureFresh();                        // live data when reachable, the snapshot otherwise
 * const config = loadConfig({ checkModelId: catalog.checkModelId });
 */
export function createModelCatalog(options: ModelCatalogOptions = {}): ModelCatalog {
  const baseURL = (options.baseURL ?? 'https://openrouter.ai/api/v1').replace(/\/+$/, '');
  const ttlMs = options.ttlMs ?? 3_600_000;
  let data = options.initial ?? CATALOG_SNAPSHOT;
  let byId = indexOf(data.models);
  let liveAt: number | undefined;
  let inFlight: Promise<CatalogRefreshResult> | undefined;

  const find = (id: string): CatalogModel | undefined => {
    const direct = byId.get(id);
    if (direct) return direct;
    const colon = id.indexOf(':');
    return colon > 0 ? byId.get(id.slice(0, colon)) : undefined;
  };

  const refresh = async (refreshOptions: { signal?: AbortSignal } = {}): Promise<CatalogRefreshResult> => {
    const url = `${baseURL}/models`;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    const signal = refreshOptions.signal ? AbortSignal.any([refreshOptions.signal, timeout]) : timeout;
    try {
      const response = await (options.fetch ?? globalThis.fetch)(url, {
        headers: { ...options.headers },
        signal,
      });
      if (!response.ok)
        throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`.trim());
      const parsed = catalogSchemas().openRouterModelsResponseSchema.safeParse(await response.json());
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `GET ${url} returned an unexpected catalog (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}).`,
        );
      }
      if (parsed.data.data.length === 0) throw new Error(`GET ${url} returned an empty catalog.`);
      data = {
        source: `GET ${url}`,
        fetchedAt: new Date().toISOString(),
        models: parsed.data.data.map(catalogModelFromOpenRouter),
      };
      byId = indexOf(data.models);
      liveAt = Date.now();
      options.onEvent?.({ type: 'catalog-refreshed', models: data.models.length, source: data.source });
      return { ok: true, models: data.models.length };
    } catch (caught) {
      if (refreshOptions.signal?.aborted) throw refreshOptions.signal.reason;
      const error = caught instanceof Error ? caught : new Error(String(caught));
      options.onEvent?.({ type: 'catalog-refresh-failed', error, keptSource: data.source });
      return { ok: false, error };
    }
  };

  return {
    get(id) {
      const model = find(id);
      if (!model) throw new UnknownModelError(id, closestIds(id, byId.keys()));
      return model;
    },
    find,
    has: (id) => find(id) !== undefined,
    list: () => data.models,
    checkModelId(id) {
      if (find(id)) return undefined;
      const suggestions = closestIds(id, byId.keys());
      return `is not in the OpenRouter catalog${suggestions.length ? ` (did you mean ${suggestions.join(' or ')}?)` : ''}.`;
    },
    refresh,
    ensureFresh(refreshOptions = {}) {
      if (liveAt !== undefined && Date.now() - liveAt < ttlMs)
        return Promise.resolve({ ok: true, models: data.models.length });
      inFlight ??= refresh(refreshOptions).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    get source() {
      return data.source;
    },
    get fetchedAt() {
      return data.fetchedAt;
    },
    get isLive() {
      return liveAt !== undefined;
    },
  };
}

function indexOf(models: readonly CatalogModel[]): Map<string, CatalogModel> {
  return new Map(models.map((model) => [model.id, model]));
}
