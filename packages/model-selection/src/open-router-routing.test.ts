import { describe, expect, it } from 'vitest';
import { createModelCatalog } from './model-catalog.js';
import { RoutingOptionsError } from './model-selection-errors.js';
import { openRouterRouting, withVariant } from './open-router-routing.js';

describe('openRouterRouting', () => {
  it('turns typed preferences into the provider body OpenRouter reads', () => {
    expect(
      openRouterRouting({
        provider: {
          order: ['anthropic', 'amazon-bedrock'],
          allowFallbacks: false,
          dataCollection: 'deny',
          zdr: true,
          sort: 'price',
          maxPrice: { prompt: 1, completion: 5 },
        },
        models: ['openai/gpt-5.5', 'google/gemini-3.5-flash'],
      }),
    ).toEqual({
      openrouter: {
        provider: {
          order: ['anthropic', 'amazon-bedrock'],
          allow_fallbacks: false,
          data_collection: 'deny',
          zdr: true,
          sort: 'price',
          max_price: { prompt: 1, completion: 5 },
        },
        models: ['openai/gpt-5.5', 'google/gemini-3.5-flash'],
      },
    });
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      openRouterRouting({
        provider: {
          sort: 'cheapest' as 'price',
          only: ['openai'],
          ignore: ['openai'],
          maxPrice: { prompt: -1 },
        },
        models: ['gpt4', 'openai/gpt-5.55'],
        catalog: createModelCatalog(),
      });
    } catch (error) {
      caught = error;
    }
    expect(RoutingOptionsError.isInstance(caught)).toBe(true);
    const problems = (caught as RoutingOptionsError).problems;
    expect(problems[0]).toMatch(/^provider\.sort: /);
    expect(problems[1]).toMatch(/^provider\.maxPrice\.prompt: /);
    expect(problems).toContain('models.0: an OpenRouter model id such as "openai/gpt-5.5", got \'gpt4\'');
    expect(
      problems.some((problem) =>
        problem.startsWith(
          "models.1: 'openai/gpt-5.55' is not in the OpenRouter catalog (did you mean openai/gpt-5.5",
        ),
      ),
    ).toBe(true);
  });

  it('sets variants', () => {
    expect(withVariant('openai/gpt-5.5:free', 'nitro')).toBe('openai/gpt-5.5:nitro');
    expect(() => withVariant('openai/gpt-5.5', 'turbo' as 'nitro')).toThrow(
      "variant must be one of free, nitro, floor, exacto, online, thinking, extended, got 'turbo'.",
    );
  });
});
