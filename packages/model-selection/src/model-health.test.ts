import { describe, expect, it } from 'vitest';
import { createModelCatalog } from './model-catalog.js';
import { createHealthTracker } from './model-health.js';
import { selectModel } from './select-model.js';

const usage = (requestedModel: string, outcome: string, startedAt: number, latencyMs = 500) => ({
  type: 'usage' as const,
  record: { requestedModel, outcome, latencyMs, startedAt },
});

describe('createHealthTracker', () => {
  it('error rate and p95 over a sliding window, once there are enough calls', () => {
    const tracker = createHealthTracker({ windowMs: 60_000, minCalls: 4 });
    for (let i = 0; i < 3; i += 1) tracker.listen(usage('a/x', 'error', 1_000 + i));
    expect(tracker.health(2_000)).toEqual({}); // 3 calls say nothing yet
    tracker.listen(usage('a/x', 'success', 1_500, 900));
    expect(tracker.health(2_000)['a/x']).toEqual({ errorRate: 0.75 });
    for (let i = 0; i < 5; i += 1) tracker.listen(usage('b/y', 'success', 1_000 + i, 100 * (i + 1)));
    expect(tracker.health(2_000)['b/y']).toEqual({ errorRate: 0, p95LatencyMs: 500 });
    // A minute later the old calls have left the window.
    expect(tracker.health(62_000)).toEqual({});
    // Aborted calls are the caller's choice and say nothing about the model.
    for (let i = 0; i < 5; i += 1) tracker.listen(usage('c/z', 'aborted', 70_000));
    expect(tracker.health(70_000)['c/z']).toBeUndefined();
  });

  it('an open breaker marks its model failing until it closes; order() tries unhealthy models last', () => {
    const tracker = createHealthTracker();
    tracker.listen({ type: 'breaker', key: 'openrouter:anthropic/claude-sonnet-5', to: 'open' });
    expect(tracker.health()['anthropic/claude-sonnet-5']).toEqual({ errorRate: 1 });
    expect(tracker.order(['anthropic/claude-sonnet-5', 'openai/gpt-5.5', 'google/gemini-3.5-flash'])).toEqual(
      ['openai/gpt-5.5', 'google/gemini-3.5-flash', 'anthropic/claude-sonnet-5'],
    );
    tracker.listen({ type: 'breaker', key: 'openrouter:anthropic/claude-sonnet-5', to: 'half-open' });
    expect(tracker.order(['anthropic/claude-sonnet-5', 'openai/gpt-5.5'])[0]).toBe('openai/gpt-5.5');
    tracker.listen({ type: 'breaker', key: 'openrouter:anthropic/claude-sonnet-5', to: 'closed' });
    expect(tracker.order(['anthropic/claude-sonnet-5', 'openai/gpt-5.5'])[0]).toBe(
      'anthropic/claude-sonnet-5',
    );
  });

  it('keeps at most maxSamples calls per model', () => {
    const tracker = createHealthTracker({ maxSamples: 10, minCalls: 1 });
    for (let i = 0; i < 100; i += 1) tracker.listen(usage('a/x', i < 90 ? 'error' : 'success', Date.now()));
    expect(tracker.health()['a/x']?.errorRate).toBe(0);
  });

  it('selectModel demotes what the tracker measured', () => {
    const catalog = createModelCatalog();
    const tracker = createHealthTracker({ minCalls: 2 });
    const first = selectModel({ catalog, task: 'coding', prompt: 'Fix this function' });
    for (let i = 0; i < 3; i += 1) tracker.listen(usage(first.model, 'error', Date.now()));
    const second = selectModel({
      catalog,
      task: 'coding',
      prompt: 'Fix this function',
      health: tracker.health(),
    });
    expect(second.model).not.toBe(first.model);
  });
});
