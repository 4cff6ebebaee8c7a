import { passCallGate } from '@orkit/config/call-gate';
import { faults, mockOpenRouterModel, reply } from '@orkit/testing-mocks';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { budgetMiddleware } from './budget-middleware.js';
import { type BudgetStore, createMemoryBudgetStore } from './budget-store.js';
import { windowSpan } from './calendar-window.js';
import { BudgetExceededError, BudgetUnavailableError } from './observability-errors.js';
import type { ObservabilityEvent } from './observability-events.js';

afterEach(() => vi.useRealTimers());

// claude-sonnet-5: $0.000002 per prompt token, $0.00001 per completion token.
const step = reply('ok', { usage: { promptTokens: 1_000, completionTokens: 100 } }); // $0.003 per call

function budgeted(
  options: Partial<Parameters<typeof budgetMiddleware>[0]> = {},
  steps: Parameters<typeof mockOpenRouterModel>[0] = {},
) {
  const events: ObservabilityEvent[] = [];
  const store = options.store ?? createMemoryBudgetStore();
  const model = wrapLanguageModel({
    model: mockOpenRouterModel({ modelId: 'anthropic/claude-sonnet-5', steps: step, ...steps }),
    middleware: budgetMiddleware({
      limits: [{ scope: 'global', window: 'daily', usd: 0.01 }],
      estimateCostUsd: () => 0.004,
      store,
      onEvent: (event) => events.push(event),
      ...options,
    }),
  });
  return { model, events, store };
}

describe('budgetMiddleware', () => {
  it('reserves the worst case, settles to the real cost, and refuses what would not fit, with the facts', async () => {
    const { model, events } = budgeted();
    await generateText({ model, prompt: 'x' });
    await generateText({ model, prompt: 'x' });
    // Spent 0.006; the next call reserves 0.004: 0.010 fits exactly.
    await generateText({ model, prompt: 'x' });
    let caught: unknown;
    try {
      await generateText({ model, prompt: 'x' });
    } catch (error) {
      caught = error;
    }
    expect(BudgetExceededError.isInstance(caught)).toBe(true);
    const error = caught as BudgetExceededError;
    expect({
      scope: error.scope,
      window: error.window,
      limitUsd: error.limitUsd,
      spentUsd: error.spentUsd,
      reservedUsd: error.reservedUsd,
      requestedUsd: error.requestedUsd,
    }).toEqual({
      scope: 'global',
      window: 'daily',
      limitUsd: '0.01',
      spentUsd: '0.009',
      reservedUsd: '0',
      requestedUsd: '0.004',
    });
    expect(error.resetAt).toBe(windowSpan('daily', Date.now()).end);
    expect(
      events
        .filter((event) => event.type === 'budget-alert')
        .map((event) => (event as { threshold: number }).threshold),
    ).toEqual([0.5, 0.8]);
  });

  it('counts concurrent calls in flight: reservations hold the room until they settle', async () => {
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = wrapLanguageModel({
      model: mockOpenRouterModel({ modelId: 'anthropic/claude-sonnet-5', steps: step }),
      middleware: [
        budgetMiddleware({
          limits: [{ scope: 'global', window: 'daily', usd: 0.01 }],
          estimateCostUsd: () => 0.004,
        }),
        {
          specificationVersion: 'v4',
          wrapGenerate: async ({ doGenerate }) => {
            await gate;
            return doGenerate();
          },
        },
      ],
    });
    const first = generateText({ model: slow, prompt: 'x' });
    const second = generateText({ model: slow, prompt: 'x' });
    const third = await generateText({ model: slow, prompt: 'x' }).catch((error: unknown) => error);
    expect(third).toMatchObject({ name: 'BudgetExceededError', reservedUsd: '0.008' });
    release?.();
    await Promise.all([first, second]);
  });

  it('budgets per scope value (agent, user, tag) and per calendar window in a time zone', async () => {
    const { model } = budgeted({
      limits: [{ scope: 'user', window: 'daily', usd: 0.005 }],
      timeZone: 'Asia/Tokyo',
    });
    await generateText({ model, prompt: 'x', providerOptions: { orkit: { user: 'alice' } } });
    await expect(
      generateText({ model, prompt: 'x', providerOptions: { orkit: { user: 'alice' } } }),
    ).rejects.toThrow(/daily budget for user:alice/);
    await generateText({ model, prompt: 'x', providerOptions: { orkit: { user: 'bob' } } });
    await generateText({ model, prompt: 'x' });
    expect(windowSpan('daily', Date.parse('2026-11-24T15:30:00Z'), 'Asia/Tokyo')).toEqual({
      start: Date.parse('2026-11-24T15:00:00Z'),
      end: Date.parse('2026-11-25T15:00:00Z'),
      label: 'daily:2026-11-25',
    });
    expect(windowSpan('weekly', Date.parse('2026-11-24T10:00:00Z')).label).toBe('weekly:2026-11-23');
    expect(windowSpan('monthly', Date.parse('2026-03-29T12:00:00Z'), 'Europe/Oslo')).toMatchObject({
      start: Date.parse('2026-02-28T23:00:00Z'),
      end: Date.parse('2026-03-31T22:00:00Z'),
    });
  });

  it('releases the reservation of a failed call, and lets the reservation of a dead process expire', async () => {
    const { model } = budgeted({}, { steps: [faults.http(500, 'boom'), step, step, step] });
    await expect(generateText({ model, prompt: 'x', maxRetries: 0 })).rejects.toThrow('boom');
    await generateText({ model, prompt: 'x' });
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = createMemoryBudgetStore();
    const keys = [{ key: 'global|daily:x', limitPico: 10_000_000_000n, expiresAt: Date.now() + 86_400_000 }];
    expect(
      await store.reserve({ id: 'dead', keys, amountPico: 8_000_000_000n, now: Date.now(), ttlMs: 60_000 }),
    ).toEqual({ ok: true });
    expect(
      (await store.reserve({ id: 'live', keys, amountPico: 4_000_000_000n, now: Date.now(), ttlMs: 60_000 }))
        .ok,
    ).toBe(false);
    vi.advanceTimersByTime(60_001);
    expect(
      await store.reserve({ id: 'live', keys, amountPico: 4_000_000_000n, now: Date.now(), ttlMs: 60_000 }),
    ).toEqual({ ok: true });
  });

  it('settles streams at the reported cost, and fails closed when the store is down', async () => {
    const { model } = budgeted();
    const result = streamText({ model, prompt: 'x' });
    await result.consumeStream();
    const failing = budgeted({
      store: {
        reserve: () => Promise.reject(new Error('connection refused')),
        settle: () => [],
        release: () => undefined,
        snapshot: () => ({ spentPico: 0n, reservedPico: 0n }),
        markAlert: () => false,
      },
    });
    const error = await generateText({ model: failing.model, prompt: 'x' }).catch(
      (caught: unknown) => caught,
    );
    expect(BudgetUnavailableError.isInstance(error)).toBe(true);
    expect(failing.events[0]).toMatchObject({ type: 'budget-store-unavailable', decision: 'denied' });
    const open = budgeted({
      onStoreFailure: 'allow',
      store: {
        reserve: () => Promise.reject(new Error('down')),
        settle: () => [],
        release: () => undefined,
        snapshot: () => ({ spentPico: 0n, reservedPico: 0n }),
        markAlert: () => false,
      },
    });
    expect((await generateText({ model: open.model, prompt: 'x' })).text).toBe('ok');
  });

  it('with reserveAlongside, runs the call up to the gate while reserving; a refused call reaches no provider', async () => {
    const memory = createMemoryBudgetStore();
    const seen: string[] = [];
    let answer: (() => void) | undefined;
    const store: BudgetStore = {
      ...memory,
      reserve: async (request) => {
        seen.push('reserve sent');
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
        seen.push('reserve answered');
        return memory.reserve(request);
      },
    };
    let providerCalls = 0;
    const model = wrapLanguageModel({
      model: mockOpenRouterModel({
        modelId: 'anthropic/claude-sonnet-5',
        steps: () => {
          providerCalls += 1;
          return step;
        },
      }),
      middleware: [
        budgetMiddleware({
          limits: [{ scope: 'global', window: 'daily', usd: 0.005 }],
          estimateCostUsd: () => 0.004,
          store,
          reserveAlongside: true,
        }),
        {
          // What a cache lookup does: side-effect-free work, then the gate, then the model.
          specificationVersion: 'v4',
          wrapGenerate: async ({ doGenerate }) => {
            seen.push('lookup');
            await passCallGate();
            seen.push('gate passed');
            return doGenerate();
          },
        },
      ],
    });
    const first = generateText({ model, prompt: 'x' });
    await vi.waitFor(() => expect(seen).toEqual(['reserve sent', 'lookup']));
    answer?.();
    expect((await first).text).toBe('ok');
    expect(seen).toEqual(['reserve sent', 'lookup', 'reserve answered', 'gate passed']);
    expect(providerCalls).toBe(1);

    // $0.003 spent of $0.005: the next reservation of $0.004 is refused, and the provider never hears of it.
    seen.length = 0;
    const second = generateText({ model, prompt: 'x' }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(seen).toEqual(['reserve sent', 'lookup']));
    answer?.();
    expect(BudgetExceededError.isInstance(await second)).toBe(true);
    expect(seen).toEqual(['reserve sent', 'lookup', 'reserve answered']);
    expect(providerCalls).toBe(1);
  });

  it('does not hold the call for its settlement; flush() waits for it', async () => {
    const memory = createMemoryBudgetStore();
    let land: (() => void) | undefined;
    const settled: bigint[] = [];
    const store: BudgetStore = {
      ...memory,
      settle: async (request) => {
        await new Promise<void>((resolve) => {
          land = resolve;
        });
        settled.push(request.actualPico);
        return memory.settle(request);
      },
    };
    const budget = budgetMiddleware({ limits: [{ scope: 'global', window: 'daily', usd: 1 }], store });
    const model = wrapLanguageModel({
      model: mockOpenRouterModel({ modelId: 'anthropic/claude-sonnet-5', steps: step }),
      middleware: budget,
    });
    expect((await generateText({ model, prompt: 'x' })).text).toBe('ok');
    expect(settled).toEqual([]);
    let flushed = false;
    const flushing = budget.flush().then(() => {
      flushed = true;
    });
    await vi.waitFor(() => expect(land).toBeDefined());
    expect(flushed).toBe(false);
    land?.();
    await flushing;
    expect(settled).toEqual([3_000_000_000n]);
  });

  it('tells a lost alert check from a lost settlement: the spend still lands', async () => {
    const memory = createMemoryBudgetStore();
    const { model, events, store } = budgeted({
      store: { ...memory, markAlert: () => Promise.reject(new Error('connection closed')) },
    });
    // $0.003 of $0.01 crosses the 0.5 threshold only on the second call.
    await generateText({ model, prompt: 'x' });
    await generateText({ model, prompt: 'x' });
    await vi.waitFor(() =>
      expect(events.some((event) => event.type === 'budget-store-unavailable')).toBe(true),
    );
    expect(events.filter((event) => event.type === 'budget-store-unavailable')).toMatchObject([
      { decision: 'alert-lost', error: { message: 'connection closed' } },
    ]);
    const key = `global|${windowSpan('daily', Date.now()).label}`;
    expect(await store.snapshot(key, Date.now())).toEqual({ spentPico: 6_000_000_000n, reservedPico: 0n });
  });
});
