import { describe, expect, it } from 'vitest';
import type { CatalogModel } from './catalog-model.js';
import { createModelCatalog } from './model-catalog.js';
import { NoAffordableModelError, NoCapableModelError } from './model-selection-errors.js';
import { selectModel } from './select-model.js';

function model(id: string, overrides: Partial<CatalogModel> = {}): CatalogModel {
  return {
    id,
    name: id,
    contextLength: 200_000,
    maxOutputTokens: 32_000,
    inputModalities: ['text'],
    outputModalities: ['text'],
    supportedParameters: ['tools', 'tool_choice', 'response_format', 'max_tokens'],
    pricing: { prompt: '0.000001', completion: '0.000004' },
    tiers: [],
    ...overrides,
  };
}

const catalog = createModelCatalog({
  initial: {
    source: 'test',
    fetchedAt: '2026-11-24T00:00:00.000Z',
    models: [
      model('acme/premium', {
        pricing: { prompt: '0.000003', completion: '0.000015' },
        inputModalities: ['text', 'image'],
      }),
      model('acme/fallback', { pricing: { prompt: '0.000002', completion: '0.00001' } }),
      model('acme/fast', {
        pricing: { prompt: '0.0000001', completion: '0.0000004' },
        supportedParameters: ['max_tokens'],
        contextLength: 32_000,
      }),
      model('acme/thinker', {
        pricing: { prompt: '0.000005', completion: '0.000025' },
        contextLength: 1_000_000,
      }),
      model('acme/coder', { pricing: { prompt: '0.0000015', completion: '0.000006' } }),
      model('acme/mystery', {
        supportedParameters: null,
        contextLength: null,
        pricing: { prompt: '0.00000005', completion: '0.0000001' },
      }),
    ],
  },
});
const tiers = {
  default: 'acme/premium',
  fallback: 'acme/fallback',
  fast: 'acme/fast',
  reasoning: 'acme/thinker',
  coding: 'acme/coder',
  vision: 'acme/premium',
};

describe('selectModel', () => {
  it('follows the task strategy and explains the choice', () => {
    const choice = selectModel({
      catalog,
      tiers,
      prompt: 'Fix the TypeError in this React component',
      expectedOutputTokens: 500,
    });
    expect(choice).toMatchObject({
      model: 'acme/coder',
      fallbacks: ['acme/premium', 'acme/fallback'],
      task: 'coding',
      complexity: 'low',
      excluded: [],
    });
    expect(choice.reason).toBe(
      "classified as coding (confidence 1), low complexity: acme/coder is the coding strategy's first qualifying model; estimated $0.0030 for 8 prompt + 500 output tokens.",
    );
  });

  it('filters by capability and context window, listing each exclusion', () => {
    const choice = selectModel({
      catalog,
      tiers,
      task: 'simple',
      complexity: 'low',
      promptTokens: 40_000,
      requires: { tools: true },
    });
    expect(choice.model).toBe('acme/fallback');
    expect(choice.excluded).toEqual([{ model: 'acme/fast', why: 'does not support tools' }]);
    const vision = selectModel({
      catalog,
      tiers,
      task: 'simple',
      complexity: 'medium',
      requires: { vision: true },
    });
    expect(vision.model).toBe('acme/premium');
    expect(vision.excluded.map((entry) => entry.why)).toEqual([
      'does not support image input',
      'does not support image input',
    ]);
    const big = selectModel({ catalog, tiers, task: 'complex', complexity: 'medium', promptTokens: 500_000 });
    expect(big.model).toBe('acme/thinker');
    expect(big.excluded).toEqual([
      { model: 'acme/premium', why: 'context window 200000 < 501024 tokens needed' },
      { model: 'acme/fallback', why: 'context window 200000 < 501024 tokens needed' },
    ]);
  });

  it('filters by budget and falls to the cheapest capable model outside the strategy', () => {
    const choice = selectModel({
      catalog,
      tiers,
      task: 'complex',
      complexity: 'medium',
      promptTokens: 1_000,
      maxCostUsd: 0.008,
      requires: { tools: true },
    });
    expect(choice.model).toBe('acme/coder');
    expect(choice.excluded.map((entry) => entry.why)).toEqual([
      'estimated $0.018 > maxCostUsd $0.0080',
      'estimated $0.031 > maxCostUsd $0.0080',
      'estimated $0.012 > maxCostUsd $0.0080',
    ]);
    expect(choice.reason).toContain(
      'no strategy model qualified, so the cheapest capable model in the catalog',
    );
    // acme/mystery is cheaper, but its tool support is unconfirmed: confirmed models rank first outside the strategy.
    expect(choice.fallbacks).toEqual(['acme/mystery']);
    expect(choice.warnings).toEqual([
      'acme/mystery: tools support not confirmed by the catalog',
      'acme/mystery: context window unknown, 2024 tokens needed',
    ]);
  });

  it('names the cheapest capable model and its cost when the budget fits none', () => {
    let caught: unknown;
    try {
      selectModel({
        catalog,
        tiers,
        task: 'coding',
        promptTokens: 10_000,
        maxCostUsd: 0.000001,
        requires: { tools: true },
        strictCapabilities: true,
      });
    } catch (error) {
      caught = error;
    }
    expect(NoAffordableModelError.isInstance(caught)).toBe(true);
    expect((caught as NoAffordableModelError).cheapest).toEqual({
      model: 'acme/coder',
      estimatedCostUsd: expect.closeTo(0.021144, 9),
    });
    expect((caught as Error).message).toBe(
      'No capable model fits maxCostUsd $0.000001: the cheapest capable model, acme/coder, would cost about $0.0211. Raise maxCostUsd, lower expectedOutputTokens, or shorten the prompt.',
    );
  });

  it('treats unknown capabilities as warnings by default and as exclusions when strict', () => {
    const lenient = selectModel({
      catalog,
      tiers: { ...tiers, fast: 'acme/mystery' },
      task: 'simple',
      complexity: 'medium',
      requires: { json: true },
    });
    expect(lenient.model).toBe('acme/mystery');
    expect(lenient.warnings).toEqual([
      'acme/mystery: JSON output support not confirmed by the catalog',
      'acme/mystery: context window unknown, 1024 tokens needed',
    ]);
    const strict = selectModel({
      catalog,
      tiers: { ...tiers, fast: 'acme/mystery' },
      task: 'simple',
      complexity: 'medium',
      requires: { json: true },
      strictCapabilities: true,
    });
    expect(strict.model).toBe('acme/fallback');
    expect(strict.excluded[0]?.why).toMatch(/^JSON output support unknown in this catalog/);
  });

  it('demotes unhealthy models without dropping them', () => {
    const choice = selectModel({
      catalog,
      tiers,
      task: 'coding',
      complexity: 'medium',
      health: { 'acme/coder': { errorRate: 0.4 }, 'acme/premium': { p95LatencyMs: 45_000 } },
    });
    expect([choice.model, ...choice.fallbacks]).toEqual(['acme/fallback', 'acme/coder', 'acme/premium']);
    expect(choice.reason).toContain(
      'acme/coder demoted (error rate 40 %); acme/premium demoted (p95 latency 45000 ms)',
    );
  });

  it('throws NoCapableModelError when nothing can do the work at all', () => {
    expect(() =>
      selectModel({ catalog, tiers, task: 'complex', promptTokens: 5_000_000, strictCapabilities: true }),
    ).toThrow(NoCapableModelError);
  });

  it('works on the full shipped catalog with the default tiers', () => {
    const choice = selectModel({
      catalog: createModelCatalog(),
      prompt: 'Write a haiku about autumn rain in the city',
    });
    expect(choice.task).toBe('creative');
    expect(choice.model).toBe('google/gemini-3.5-flash');
  });
});
