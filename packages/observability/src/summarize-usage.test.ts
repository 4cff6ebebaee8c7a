import { describe, expect, it } from 'vitest';
import { summarizeUsage } from './summarize-usage.js';
import type { UsageRecord } from './usage-record.js';

function record(overrides: Partial<UsageRecord>): UsageRecord {
  return {
    id: 'r',
    at: 0,
    requestedModel: 'anthropic/claude-sonnet-5',
    answeredModel: 'anthropic/claude-sonnet-5',
    attempt: 1,
    inputTokens: 10,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 5,
    reasoningTokens: 0,
    costUsd: '0.0001',
    costSource: 'reported',
    latencyMs: 100,
    outcome: 'success',
    attribution: { agent: 'writer' },
    ...overrides,
  } as UsageRecord;
}

describe('summarizeUsage', () => {
  it('sums cost without drift and gives percentiles, by model and agent', () => {
    const records = Array.from({ length: 10 }, (_, index) =>
      record({
        latencyMs: (index + 1) * 10,
        costUsd: '0.1',
        ...(index === 9 ? { outcome: 'error', errorKind: 'server' } : {}),
      }),
    );
    const { overall, byModel, byAgent, resilience } = summarizeUsage(records);
    expect(overall.costUsd).toBe('1');
    expect(overall.successRate).toBe(0.9);
    expect(overall.latencyMs).toEqual({ p50: 50, p95: 100, p99: 100 });
    expect(overall.errorKinds).toEqual({ server: 1 });
    expect(byModel['anthropic/claude-sonnet-5']?.calls).toBe(10);
    expect(byAgent.writer?.calls).toBe(10);
    expect(resilience).toBeUndefined();
  });

  it('folds in resilience events: retries, fallbacks, breaker openings and cache hits per model', () => {
    const classification = { kind: 'server' };
    const { resilience } = summarizeUsage([record({})], {
      events: [
        { type: 'attempt', model: 'openrouter:anthropic/claude-sonnet-5' },
        { type: 'retry', model: 'openrouter:anthropic/claude-sonnet-5', classification } as never,
        { type: 'retry', model: 'openrouter:anthropic/claude-sonnet-5', classification } as never,
        { type: 'breaker', key: 'openrouter:anthropic/claude-sonnet-5', from: 'closed', to: 'open' } as never,
        { type: 'fallback', from: 'anthropic/claude-sonnet-5', to: 'openai/gpt-5.5' },
        { type: 'cache-hit', model: 'openai/gpt-5.5' },
      ],
    });
    expect(resilience).toEqual({
      retries: 2,
      fallbacks: 1,
      breakerOpened: 1,
      cacheHits: 1,
      byModel: {
        'anthropic/claude-sonnet-5': { retries: 2, fallbacksAway: 1, breakerOpened: 1, cacheHits: 0 },
        'openai/gpt-5.5': { retries: 0, fallbacksAway: 0, breakerOpened: 0, cacheHits: 1 },
      },
    });
  });
});
