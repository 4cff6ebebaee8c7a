import { describe, expect, it } from 'vitest';
import type { CatalogModel } from './catalog-model.js';
import { costOf, savedByCaching } from './cost-of.js';
import { estimateCost } from './estimate-cost.js';
import { createModelCatalog } from './model-catalog.js';

const model: CatalogModel = {
  id: 'acme/priced',
  name: 'Acme Priced',
  contextLength: 1_000_000,
  maxOutputTokens: 64_000,
  inputModalities: ['text'],
  outputModalities: ['text'],
  supportedParameters: ['tools'],
  pricing: {
    prompt: '0.000003',
    completion: '0.000015',
    inputCacheRead: '0.0000003',
    inputCacheWrite: '0.00000375',
    internalReasoning: '0.00002',
    request: '0.0001',
    image: '0.0048',
  },
  tiers: [
    {
      aboveInputTokens: 200_000,
      pricing: { prompt: '0.000006', completion: '0.0000225', inputCacheRead: '0.0000006' },
    },
  ],
};

describe('costOf', () => {
  it('prices every part of the usage exactly', () => {
    const cost = costOf(model, {
      inputTokens: 10_000,
      cacheReadTokens: 6_000,
      cacheWriteTokens: 1_000,
      outputTokens: 2_000,
      reasoningTokens: 500,
      images: 2,
    });
    // 3000*0.000003 + 6000*0.0000003 + 1000*0.00000375 + 1500*0.000015 + 500*0.00002 + 2*0.0048 + 0.0001
    // = 0.009 + 0.0018 + 0.00375 + 0.0225 + 0.01 + 0.0096 + 0.0001
    expect(cost.exact).toBe('0.05675');
    expect(cost.usd).toBe(0.05675);
    expect(cost.breakdown.input).toBe(9_000_000_000n); // $0.009 in picodollars
    expect(cost.tierAboveInputTokens).toBeUndefined();
  });

  it('bills the whole request at the long-context tier past its threshold (missing tier prices fall back to the tier prompt/completion)', () => {
    const cost = costOf(model, { inputTokens: 300_000, outputTokens: 1_000, requests: 0 });
    expect(cost.exact).toBe('1.8225');
    expect(cost.tierAboveInputTokens).toBe(200_000);
    expect(costOf(model, { inputTokens: 200_000, outputTokens: 0, requests: 0 }).exact).toBe('0.6');
  });

  it('rejects impossible usage with a message that says what is wrong', () => {
    expect(() => costOf(model, { inputTokens: -1, outputTokens: 0 })).toThrow(
      'costOf: inputTokens must be a non-negative integer, got -1.',
    );
    expect(() => costOf(model, { inputTokens: 10, cacheReadTokens: 11, outputTokens: 0 })).toThrow(
      'cannot exceed inputTokens',
    );
    expect(() => costOf(model, { inputTokens: 1.5, outputTokens: 0 })).toThrow('non-negative integer');
  });

  it('sums 10^6 calls with no drift against an exact decimal reference (to 1e-9 USD), where floats drift', () => {
    const sonnet = createModelCatalog().get('anthropic/claude-sonnet-4.5');
    // Reference: prices as integers of 10^-12 USD (every price here has at most 12 decimals), summed as bigint.
    const pico = (price: string | undefined) => {
      const [whole = '0', fraction = ''] = (price ?? '0').split('.');
      return BigInt(whole) * 10n ** 12n + BigInt(fraction.padEnd(12, '0'));
    };
    const p = {
      prompt: pico(sonnet.pricing.prompt),
      completion: pico(sonnet.pricing.completion),
      read: pico(sonnet.pricing.inputCacheRead),
    };
    let exact = 0n;
    let reference = 0n;
    let floats = 0;
    for (let call = 0; call < 1_000_000; call += 1) {
      const usage = {
        inputTokens: 100 + (call % 977),
        cacheReadTokens: call % 50,
        outputTokens: 7 + (call % 313),
      };
      const cost = costOf(sonnet, usage);
      exact += cost.pico;
      floats +=
        (usage.inputTokens - usage.cacheReadTokens) * 3e-6 +
        usage.cacheReadTokens * 3e-7 +
        usage.outputTokens * 1.5e-5;
      reference +=
        BigInt(usage.inputTokens - usage.cacheReadTokens) * p.prompt +
        BigInt(usage.cacheReadTokens) * p.read +
        BigInt(usage.outputTokens) * p.completion;
    }
    const exactPico = exact;
    expect(exactPico).toBe(reference);
    const referenceUsd = Number(reference) / 1e12;
    expect(Math.abs(Number(exactPico) / 1e12 - referenceUsd)).toBeLessThanOrEqual(1e-9);
    // The naive float sum is the problem this solves (kept as a record of why, not as the contract).
    expect(Math.abs(floats - referenceUsd)).toBeGreaterThan(0);
  });
});

describe('estimateCost', () => {
  it('takes the worst case: prompt tokens counted, all output at the higher of output and reasoning prices, plus the fee', () => {
    const estimate = estimateCost(model, { promptTokens: 1_000, maxOutputTokens: 100 });
    expect(estimate.usd).toBeCloseTo(1_000 * 0.000003 + 100 * 0.00002 + 0.0001, 12);
    const counted = estimateCost(model, { prompt: 'Hello world', maxOutputTokens: 0 });
    expect(counted.promptTokens).toBe(2);
    expect(estimateCost(model, { promptTokens: 10 }).maxOutputTokens).toBe(64_000);
  });
});

describe('savedByCaching', () => {
  it('is the input price minus the cache-read price on every token read, exactly', () => {
    // 6,000 tokens read at $0.0000003 instead of $0.000003: 6,000 x $0.0000027.
    const saved = savedByCaching(model, { inputTokens: 10_000, cacheReadTokens: 6_000, outputTokens: 100 });
    expect(saved.exact).toBe('0.0162');
    expect(saved.pico).toBe(16_200_000_000n);
  });

  it('counts a write as a cost: a prefix written and never read is a net loss', () => {
    // 1,000 tokens written at $0.00000375 instead of $0.000003.
    const lost = savedByCaching(model, { inputTokens: 2_000, cacheWriteTokens: 1_000, outputTokens: 0 });
    expect(lost.exact).toBe('-0.00075');
  });

  it('uses the long-context tier the call was priced in', () => {
    const saved = savedByCaching(model, { inputTokens: 300_000, cacheReadTokens: 100_000, outputTokens: 0 });
    // Above 200k: $0.000006 input, $0.0000006 cache read.
    expect(saved.exact).toBe('0.54');
  });

  it('is zero without cache tokens, and refuses the same bad input as costOf', () => {
    expect(savedByCaching(model, { inputTokens: 500, outputTokens: 50 }).pico).toBe(0n);
    expect(() => savedByCaching(model, { inputTokens: 10, cacheReadTokens: 20, outputTokens: 0 })).toThrow(
      RangeError,
    );
  });
});
