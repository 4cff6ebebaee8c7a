/**
 * The paths where money used to go missing: a stream its reader stopped reading, a listener that throws, a sink
 * that cannot write, and failed calls that were never charged.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { mockOpenRouterModel } from '@orkit/testing-mocks';
import { generateText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { budgetMiddleware } from './budget-middleware.js';
import { createMemoryBudgetStore } from './budget-store.js';
import { windowSpan } from './calendar-window.js';
import { jsonLinesSink } from './json-lines-sink.js';
import { createMemoryLedger } from './ledger.js';
import type { ObservabilityEvent } from './observability-events.js';
import { reconcileCosts } from './reconcile-costs.js';
import { usageMiddleware } from './usage-middleware.js';
import type { UsageRecord } from './usage-record.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A model whose stream sends a start and two words, then waits for ever (until cancelled). */
function endlessModel() {
  let cancelled = false;
  const model = new MockLanguageModelV4({
    modelId: 'openai/gpt-5-mini',
    doStream: async () => ({
      stream: new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({
            type: 'response-metadata',
            id: 'gen-abandoned',
            modelId: 'openai/gpt-5-mini',
          });
          controller.enqueue({ type: 'text-start', id: 't' });
          controller.enqueue({ type: 'text-delta', id: 't', delta: 'Hello' });
          controller.enqueue({ type: 'text-delta', id: 't', delta: ' world' });
        },
        cancel() {
          cancelled = true;
        },
      }),
    }),
  });
  return { model, wasCancelled: () => cancelled };
}

describe('a stream whose reader stops reading without cancelling', () => {
  it('is ended after abandonAfterMs, recorded as abandoned at the estimate, and its reservation settled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 7, 12));
    const { model, wasCancelled } = endlessModel();
    const ledger = createMemoryLedger();
    const store = createMemoryBudgetStore();
    const wrapped = wrapLanguageModel({
      model,
      middleware: [
        budgetMiddleware({
          limits: [{ scope: 'global', window: 'daily', usd: 1 }],
          estimateCostUsd: () => '0.004',
          store,
          abandonAfterMs: 60_000,
        }),
        usageMiddleware({ ledger, estimateCostUsd: () => '0.004', abandonAfterMs: 60_000 }),
      ],
    });
    const { stream } = await wrapped.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    const reader = stream.getReader();
    for (let read = 0; read < 4; read += 1) await reader.read();
    // The caller walks away: no more reads, no cancel, no abort.
    await vi.advanceTimersByTimeAsync(59_000);
    expect(await ledger.query()).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    const [record] = (await ledger.query()) as UsageRecord[];
    expect(record).toMatchObject({
      outcome: 'abandoned',
      costUsd: '0.004',
      costSource: 'estimated',
      generationId: 'gen-abandoned',
      errorKind: 'abandoned',
    });
    expect(wasCancelled()).toBe(true);
    const key = `global|${windowSpan('daily', Date.now()).label}`;
    // No cost came back: the whole reservation counts as spent, never undercounted.
    expect(await store.snapshot(key, Date.now())).toEqual({ spentPico: 4_000_000_000n, reservedPico: 0n });
    // A reader that comes back learns why the stream ended.
    await expect(reader.read()).rejects.toThrow(/read nothing for 60000 ms/);
  });

  it('is not abandoned while the reader keeps reading, however slowly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { model } = endlessModel();
    const ledger = createMemoryLedger();
    const wrapped = wrapLanguageModel({
      model,
      middleware: usageMiddleware({ ledger, abandonAfterMs: 1_000 }),
    });
    const { stream } = await wrapped.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    const reader = stream.getReader();
    for (let read = 0; read < 5; read += 1) {
      await reader.read();
      await vi.advanceTimersByTimeAsync(900);
    }
    // The upstream has nothing more yet; a read is waiting on it, which is not abandonment.
    void reader.read();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await ledger.query()).toEqual([]);
    await reader.cancel();
    expect((await ledger.query())[0]?.outcome).toBe('aborted');
  });
});

describe('listeners and sinks never fail a call, and never cost a record', () => {
  it('a listener that throws: the call succeeds, the record is in the ledger, the failure is an event', async () => {
    const ledger = createMemoryLedger();
    const seen: ObservabilityEvent[] = [];
    const model = wrapLanguageModel({
      model: mockOpenRouterModel(),
      middleware: usageMiddleware({
        ledger,
        onEvent: (event) => {
          seen.push(event);
          if (event.type === 'usage') throw new Error('dashboard exporter is down');
        },
      }),
    });
    expect((await generateText({ model, prompt: 'x' })).text).toBeTruthy();
    expect(await ledger.query()).toHaveLength(1);
    expect(seen.map((event) => event.type)).toEqual(['usage', 'listener-error']);
    expect(seen[1]).toMatchObject({ eventType: 'usage', error: { message: 'dashboard exporter is down' } });
  });

  it('a JSON-lines sink on a path it cannot write: the call succeeds and the record is kept', async () => {
    const ledger = createMemoryLedger();
    const blocked = join(mkdtempSync(join(tmpdir(), 'orkit-sink-')), 'missing-folder', 'llm.jsonl');
    const model = wrapLanguageModel({
      model: mockOpenRouterModel(),
      middleware: usageMiddleware({ ledger, onEvent: jsonLinesSink({ path: blocked }) }),
    });
    expect((await generateText({ model, prompt: 'x' })).text).toBeTruthy();
    expect(await ledger.query()).toHaveLength(1);
  });

  it('a budget alert listener that throws does not fail the call that crossed the threshold', async () => {
    const model = wrapLanguageModel({
      model: mockOpenRouterModel(),
      middleware: budgetMiddleware({
        limits: [{ scope: 'global', window: 'daily', usd: '0.000001' }],
        estimateCostUsd: () => 0,
        onEvent: () => {
          throw new Error('pager is down');
        },
      }),
    });
    expect((await generateText({ model, prompt: 'x' })).text).toBeTruthy();
  });
});

describe('reconcileCosts on calls that were never charged', () => {
  it('settles failed calls with no generation as uncharged after the grace period, and keeps successes pending', async () => {
    const ledger = createMemoryLedger();
    const base = {
      operation: 'stream' as const,
      requestedModel: 'm/x',
      answeredModel: undefined,
      provider: undefined,
      inputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      costUsd: '0',
      costSource: 'none' as const,
      byok: false,
      latencyMs: 5,
      timeToFirstTokenMs: undefined,
      finishReason: undefined,
      errorKind: 'http-503',
      errorMessage: 'upstream down',
      attribution: {},
    };
    const now = Date.UTC(2026, 11, 7, 12);
    ledger.append({
      ...base,
      id: 'failed-old',
      startedAt: now - 7_200_000,
      generationId: undefined,
      outcome: 'error',
    });
    ledger.append({
      ...base,
      id: 'failed-404',
      startedAt: now - 7_200_000,
      generationId: 'gen-x',
      outcome: 'error',
    });
    ledger.append({
      ...base,
      id: 'failed-new',
      startedAt: now - 60_000,
      generationId: undefined,
      outcome: 'error',
    });
    ledger.append({
      ...base,
      id: 'ok-slow',
      startedAt: now - 7_200_000,
      generationId: 'gen-y',
      outcome: 'success',
    });
    const fetch = (async () =>
      new Response('{"error":{"code":404}}', { status: 404 })) as typeof globalThis.fetch;
    expect(await reconcileCosts({ ledger, apiKey: 'k', fetch, now: () => now })).toEqual({
      reconciled: 0,
      uncharged: 2,
      pending: 2,
    });
    const sources = Object.fromEntries(
      (await ledger.query()).map((record) => [record.id, record.costSource]),
    );
    expect(sources).toEqual({
      'failed-old': 'uncharged',
      'failed-404': 'uncharged',
      'failed-new': 'none',
      'ok-slow': 'none',
    });
    // Run again: nothing already settled is asked about twice.
    expect(await reconcileCosts({ ledger, apiKey: 'k', fetch, now: () => now })).toMatchObject({
      uncharged: 0,
    });
  });
});
