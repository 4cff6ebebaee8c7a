import type { UsageRecord } from '../src/index.js';

let next = 0;

/** A usage record with every field set; override what a test is about. */
export function usageRecord(overrides: Partial<UsageRecord> = {}): UsageRecord {
  next += 1;
  return {
    id: `r-${process.pid}-${next}`,
    startedAt: Date.UTC(2026, 11, 7, 10, 0, 0) + next,
    operation: 'generate',
    requestedModel: 'openai/gpt-5-mini',
    answeredModel: 'openai/gpt-5-mini',
    generationId: `gen-${next}`,
    provider: 'OpenAI',
    inputTokens: 120,
    cacheReadTokens: 20,
    cacheWriteTokens: 0,
    outputTokens: 40,
    reasoningTokens: 5,
    costUsd: '0.001146',
    costSource: 'reported',
    byok: false,
    latencyMs: 310,
    timeToFirstTokenMs: undefined,
    finishReason: 'stop',
    outcome: 'success',
    errorKind: undefined,
    errorMessage: undefined,
    attribution: { agent: 'reviewer', user: 'u-1', tags: ['beta'], callId: `call-${process.pid}-${next}` },
    ...overrides,
  };
}
