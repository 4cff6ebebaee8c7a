import { loadConfig } from '@orkit/config';
import { startOpenRouterSimulator } from '@orkit/testing-mocks';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CATALOG_SNAPSHOT } from './catalog-snapshot.generated.js';
import { type CatalogEvent, createModelCatalog } from './model-catalog.js';
import { UnknownModelError } from './model-selection-errors.js';
import { catalogSchemas } from './openrouter-models-schema.js';

const simulator = await startOpenRouterSimulator();
afterAll(() => simulator.close());

describe('the shipped snapshot', () => {
  it('validates, has at least 300 models, records its source, and holds every default config tier', () => {
    expect(catalogSchemas().catalogDataSchema.safeParse(CATALOG_SNAPSHOT).success).toBe(true);
    expect(CATALOG_SNAPSHOT.models.length).toBeGreaterThanOrEqual(300);
    expect(CATALOG_SNAPSHOT.source).toMatch(/@mastra\/observability .* \(prices\)/);
    const catalog = createModelCatalog();
    const config = loadConfig({ env: {}, requireApiKey: false });
    for (const id of Object.values(config.models)) expect(catalog.has(id), id).toBe(true);
  });

  it('knows the context window and tool support of the models its cited source has, and guesses none', () => {
    expect(CATALOG_SNAPSHOT.source).toMatch(/models\.dev \(github\.com\/anomalyco\/models\.dev at \w+/);
    const known = CATALOG_SNAPSHOT.models.filter((model) => model.contextLength !== null);
    expect(known.length).toBeGreaterThanOrEqual(243);
    // Whatever has a window has its capability flags from the same source, and the rest has neither.
    for (const model of CATALOG_SNAPSHOT.models)
      expect(model.supportedParameters === null, model.id).toBe(model.contextLength === null);
    const catalog = createModelCatalog();
    const config = loadConfig({ env: {}, requireApiKey: false });
    // Every default tier but the one newer than the source (claude-opus-5) is known, with tools.
    for (const id of Object.values(config.models).filter((id) => id !== 'anthropic/claude-opus-5')) {
      expect(catalog.get(id).contextLength, id).toBeGreaterThanOrEqual(128_000);
      expect(catalog.get(id).supportedParameters, id).toContain('tools');
    }
    expect(catalog.get('anthropic/claude-opus-5').contextLength).toBeNull();
  });
});

describe('lookups', () => {
  const catalog = createModelCatalog();

  it('suggests the closest ids for an unknown one', () => {
    let error: unknown;
    try {
      catalog.get('anthropic/claude-sonet-4.5');
    } catch (caught) {
      error = caught;
    }
    expect(UnknownModelError.isInstance(error)).toBe(true);
    expect((error as UnknownModelError).suggestions[0]).toBe('anthropic/claude-sonnet-4.5');
    expect((error as Error).message).toMatch(
      /^Unknown model 'anthropic\/claude-sonet-4.5': it is not in the OpenRouter catalog\. Did you mean anthropic\/claude-sonnet-4.5/,
    );
  });

  it('resolves variants to the base model', () => {
    for (const variant of ['free', 'nitro', 'floor', 'exacto']) {
      expect(catalog.get(`openai/gpt-5.5:${variant}`)).toBe(catalog.get('openai/gpt-5.5'));
    }
  });

  it('plugs into loadConfig as the checkModelId seam', () => {
    expect(() =>
      loadConfig({
        env: { DEFAULT_MODEL: 'openai/gpt-5.55' },
        requireApiKey: false,
        checkModelId: catalog.checkModelId,
      }),
    ).toThrow(/DEFAULT_MODEL is not in the OpenRouter catalog \(did you mean openai\/gpt-5\.5/);
  });
});

describe('live refresh', () => {
  it('loads GET /models from the simulator, validated', async () => {
    const events: CatalogEvent[] = [];
    const catalog = createModelCatalog({
      baseURL: simulator.baseURL,
      onEvent: (event) => events.push(event),
    });
    expect(catalog.isLive).toBe(false);
    expect(await catalog.refresh()).toEqual({ ok: true, models: simulator.models.length });
    expect(catalog.isLive).toBe(true);
    expect(catalog.list().map((model) => model.id)).toEqual(simulator.models.map((model) => model.id));
    expect(catalog.get('anthropic/claude-sonnet-5')).toMatchObject({
      contextLength: 200_000,
      pricing: { prompt: '0.000002' },
    });
    expect(catalog.get('anthropic/claude-sonnet-5').supportedParameters).toContain('tools');
    expect(events).toEqual([
      {
        type: 'catalog-refreshed',
        models: simulator.models.length,
        source: `GET ${simulator.baseURL}/models`,
      },
    ]);
  });

  it('keeps the last good catalog on failure and says so in an event', async () => {
    const events: CatalogEvent[] = [];
    const failing = await startOpenRouterSimulator();
    const catalog = createModelCatalog({ baseURL: failing.baseURL, onEvent: (event) => events.push(event) });
    await catalog.refresh();
    await failing.close();
    const result = await catalog.refresh();
    expect(result.ok).toBe(false);
    expect(catalog.list()).toHaveLength(failing.models.length);
    expect(events.at(-1)).toMatchObject({
      type: 'catalog-refresh-failed',
      keptSource: `GET ${failing.baseURL}/models`,
    });

    const broken = createModelCatalog({
      fetch: async () => new Response(JSON.stringify({ data: [{ id: 'x/y', pricing: { prompt: 3 } }] })),
      onEvent: (event) => events.push(event),
    });
    expect((await broken.refresh()).ok).toBe(false);
    expect((events.at(-1) as { error: Error }).error.message).toMatch(/returned an unexpected catalog/);
    expect(broken.has('anthropic/claude-sonnet-5')).toBe(true);
  });

  it('ensureFresh refreshes only when stale and shares one request between concurrent callers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let calls = 0;
      const catalog = createModelCatalog({
        baseURL: simulator.baseURL,
        ttlMs: 60_000,
        fetch: (input, init) => {
          calls += 1;
          return fetch(input, init);
        },
      });
      await Promise.all([catalog.ensureFresh(), catalog.ensureFresh(), catalog.ensureFresh()]);
      expect(calls).toBe(1);
      await catalog.ensureFresh();
      expect(calls).toBe(1);
      vi.advanceTimersByTime(60_001);
      await catalog.ensureFresh();
      expect(calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports an HTTP error from /models', async () => {
    const catalog = createModelCatalog({
      fetch: async () => new Response('{}', { status: 503, statusText: 'Service Unavailable' }),
    });
    const result = await catalog.refresh();
    expect(result.ok === false && result.error.message).toBe(
      'GET https://openrouter.ai/api/v1/models answered 503 Service Unavailable',
    );
  });
});
