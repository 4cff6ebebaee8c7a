import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { faults, mockOpenRouterModel, reply } from '@orkit/testing-mocks';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDeadlines } from './deadline-ticker.js';
import {
  AttemptsExhaustedError,
  BulkheadRejectedError,
  CircuitOpenError,
  MidStreamError,
  ModelTimeoutError,
  RateLimitExceededError,
} from './resilience-errors.js';
import type { ResilienceEvent } from './resilience-events.js';
import { resilienceMiddleware } from './resilience-middleware.js';
import type { ResilienceOptions } from './resilience-options.js';

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

function resilient(model: MockLanguageModelV4, options: ResilienceOptions) {
  const events: ResilienceEvent[] = [];
  const wrapped = wrapLanguageModel({
    model,
    middleware: resilienceMiddleware({ ...options, onEvent: (event) => events.push(event) }),
  });
  return {
    model: wrapped,
    events,
    of: (type: ResilienceEvent['type']) => events.filter((event) => event.type === type),
  };
}

/** A model whose stream sends the given parts, then waits forever (to exercise timeouts). */
function stallingModel(parts: LanguageModelV4StreamPart[]): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    doStream: async ({ abortSignal }) => ({
      stream: new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          abortSignal?.addEventListener('abort', () => controller.error(abortSignal.reason));
        },
      }),
    }),
  });
}

async function collect(result: ReturnType<typeof streamText>) {
  let text = '';
  const errors: unknown[] = [];
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'error') errors.push(part.error);
  }
  return { text, errors };
}

describe('retry', () => {
  it('honours Retry-After, then succeeds, reporting every attempt', async () => {
    const { model, events, of } = resilient(
      mockOpenRouterModel({ steps: [faults.rateLimited({ retryAfterSeconds: 2 }), reply('ok')] }),
      { retry: { maxAttempts: 3 } },
    );
    const pending = generateText({ model, prompt: 'x', maxRetries: 0 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(of('attempt')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).text).toBe('ok');
    expect(events.map((event) => event.type)).toEqual(['attempt', 'attempt-failed', 'retry', 'attempt']);
    expect(of('retry')[0]).toMatchObject({ delayMs: 2_000 });
  });

  it('backs off exponentially with full jitter when the server gives no wait', async () => {
    const { model, of } = resilient(
      mockOpenRouterModel({ steps: [faults.http(500, 'a'), faults.http(502, 'b'), reply('ok')] }),
      {
        retry: { maxAttempts: 3, baseDelayMs: 1_000 },
        random: () => 0.5,
      },
    );
    const pending = generateText({ model, prompt: 'x', maxRetries: 0 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await pending).text).toBe('ok');
    expect(of('retry').map((event) => (event as { delayMs: number }).delayMs)).toEqual([500, 1_000]);
  });

  it('fails at once, with the wait in the error, when the server asks for more than maxRetryAfterMs', async () => {
    const mock = mockOpenRouterModel({
      steps: [faults.rateLimited({ retryAfterSeconds: 120 }), reply('never')],
    });
    const { model } = resilient(mock, { retry: { maxAttempts: 3, maxRetryAfterMs: 30_000 } });
    const error = await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(AttemptsExhaustedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'retry-after-too-long', retryAfterMs: 120_000 });
    expect(mock.doGenerateCalls).toHaveLength(1);
  });

  it.each([
    ['400', faults.http(400, 'bad')],
    ['401', faults.unauthorized()],
    ['403', faults.moderation()],
    ['402 without Retry-After', faults.insufficientCredits()],
  ])('never retries %s and throws the provider error as is', async (_name, step) => {
    const mock = mockOpenRouterModel({ steps: [step, reply('never')] });
    const { model } = resilient(mock, { retry: { maxAttempts: 5 } });
    const error = await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect((error as { name: string }).name).toBe('AI_APICallError');
    expect(mock.doGenerateCalls).toHaveLength(1);
  });

  it('stops at once when the caller aborts during a backoff', async () => {
    const mock = mockOpenRouterModel({
      steps: [faults.unavailable({ retryAfterSeconds: 10 }), reply('never')],
    });
    const { model } = resilient(mock, { retry: { maxAttempts: 3 } });
    const controller = new AbortController();
    const pending = generateText({ model, prompt: 'x', maxRetries: 0, abortSignal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('user left'));
    expect(await pending).toMatchObject({ message: 'user left' });
    expect(mock.doGenerateCalls).toHaveLength(1);
  });

  it('reports every failed attempt when they run out', async () => {
    const { model } = resilient(mockOpenRouterModel({ steps: faults.http(503, 'down') }), {
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    });
    const pending = generateText({ model, prompt: 'x', maxRetries: 0 }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = (await pending) as AttemptsExhaustedError;
    expect(error.reason).toBe('max-attempts');
    expect(error.attempts.map((attempt) => attempt.classification.kind)).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
  });
});

describe('streams', () => {
  it('retries an error before the first content part, unseen by the caller', async () => {
    const mock = mockOpenRouterModel({
      steps: [faults.streamError({ afterChunks: 0, code: 502 }), reply('alpha beta')],
    });
    const { model } = resilient(mock, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const collected = collect(streamText({ model, prompt: 'x', maxRetries: 0, onError: () => undefined }));
    await vi.advanceTimersByTimeAsync(10);
    expect(await collected).toEqual({ text: 'alpha beta', errors: [] });
    expect(mock.doStreamCalls).toHaveLength(2);
  });

  it('never replays after content: a typed MidStreamError keeps the partial text, no duplication', async () => {
    const mock = mockOpenRouterModel({
      steps: [
        faults.streamError({ afterChunks: 2, text: 'one two three four' }),
        reply('one two three four'),
      ],
    });
    const { model, of } = resilient(mock, { retry: { maxAttempts: 3 } });
    const { text, errors } = await collect(
      streamText({ model, prompt: 'x', maxRetries: 0, onError: () => undefined }),
    );
    expect(text).toBe('one two ');
    expect(MidStreamError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ partialText: 'one two ', classification: { kind: 'upstream' } });
    expect(mock.doStreamCalls).toHaveLength(1);
    expect(of('mid-stream-error')).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('first chunk: keep-alive-like silence before content is a ModelTimeoutError, and is retried', async () => {
    let calls = 0;
    const model = new MockLanguageModelV4({
      doStream: async (options) => {
        calls += 1;
        if (calls === 1) return stallingModel([{ type: 'stream-start', warnings: [] }]).doStream(options);
        return mockOpenRouterModel({ steps: reply('late but fine') }).doStream(options);
      },
    });
    const { model: wrapped, of } = resilient(model, {
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      timeout: { firstChunkMs: 1_000 },
    });
    const collected = collect(
      streamText({ model: wrapped, prompt: 'x', maxRetries: 0, onError: () => undefined }),
    );
    await vi.advanceTimersByTimeAsync(1_100);
    expect(await collected).toEqual({ text: 'late but fine', errors: [] });
    expect(of('timeout')).toEqual([
      { type: 'timeout', model: 'mock-provider:mock-model-id', kind: 'first-chunk', timeoutMs: 1_000 },
    ]);
    expect(openDeadlines()).toBe(0);
  });

  it('between chunks: a stall after content ends the stream with a typed error', async () => {
    const model = stallingModel([
      { type: 'stream-start', warnings: [] },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'hello ' },
    ]);
    const { model: wrapped } = resilient(model, { timeout: { betweenChunksMs: 500 } });
    const collected = collect(
      streamText({ model: wrapped, prompt: 'x', maxRetries: 0, onError: () => undefined }),
    );
    await vi.advanceTimersByTimeAsync(600);
    const { text, errors } = await collected;
    expect(text).toBe('hello ');
    expect(errors[0]).toMatchObject({ name: 'MidStreamError', classification: { kind: 'timeout' } });
    expect((errors[0] as MidStreamError).cause).toBeInstanceOf(ModelTimeoutError);
    expect(openDeadlines()).toBe(0);
  });

  it('between chunks: chunks that keep coming keep the stream alive, the first long gap ends it', async () => {
    // A delta every 300 ms for 3 s (the limit is 500 ms between chunks), then nothing; the stream ignores the
    // abort signal, so only cancelling it ends it.
    let sent = 0;
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'text-start', id: '0' });
          },
          async pull(controller) {
            if (sent >= 10) return new Promise<void>(() => undefined);
            await new Promise((resolve) => setTimeout(resolve, 300));
            sent += 1;
            controller.enqueue({ type: 'text-delta', id: '0', delta: `${sent} ` });
            return undefined;
          },
        }),
      }),
    });
    const { model: wrapped } = resilient(model, { timeout: { betweenChunksMs: 500 } });
    const collected = collect(
      streamText({ model: wrapped, prompt: 'x', maxRetries: 0, onError: () => undefined }),
    );
    await vi.advanceTimersByTimeAsync(3_400);
    expect(sent).toBe(10);
    await vi.advanceTimersByTimeAsync(600);
    const { text, errors } = await collected;
    expect(text).toBe('1 2 3 4 5 6 7 8 9 10 ');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'MidStreamError', classification: { kind: 'timeout' } });
    expect(openDeadlines()).toBe(0);
  });

  it('total: a generate call that takes too long is aborted and typed', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: ({ abortSignal }) =>
        new Promise((_, reject) => abortSignal?.addEventListener('abort', () => reject(abortSignal.reason))),
    });
    const { model: wrapped } = resilient(model, { timeout: { totalMs: 2_000 } });
    const pending = generateText({ model: wrapped, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(2_050);
    expect(await pending).toMatchObject({ name: 'ModelTimeoutError', kind: 'total', timeoutMs: 2_000 });
    expect(openDeadlines()).toBe(0);
  });

  it('total: a caller who aborts first gets their own abort, not a timeout; finished calls leave nothing open', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: ({ abortSignal }) =>
        new Promise((_, reject) => abortSignal?.addEventListener('abort', () => reject(abortSignal.reason))),
    });
    const { model: wrapped, of } = resilient(model, { timeout: { totalMs: 2_000 } });
    const caller = new AbortController();
    const pending = generateText({
      model: wrapped,
      prompt: 'x',
      maxRetries: 0,
      abortSignal: caller.signal,
    }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(500);
    caller.abort(new Error('user left'));
    expect(await pending).toMatchObject({ message: 'user left' });
    expect(of('timeout')).toEqual([]);

    const quick = resilient(mockOpenRouterModel({ steps: reply('fine') }), { timeout: { totalMs: 2_000 } });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => generateText({ model: quick.model, prompt: 'x', maxRetries: 0 })),
    );
    expect(answers.map((answer) => answer.text)).toEqual(Array(20).fill('fine'));
    expect(openDeadlines()).toBe(0);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive provider failures, rejects at once, probes once, and closes on success', async () => {
    const mock = mockOpenRouterModel({
      steps: [faults.http(503, 'x'), faults.http(503, 'x'), faults.http(503, 'x'), reply('recovered')],
    });
    const { model, of } = resilient(mock, { breaker: { threshold: 3, openMs: 10_000 } });
    for (let index = 0; index < 3; index += 1)
      await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(() => undefined);
    const rejected = await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(CircuitOpenError.isInstance(rejected)).toBe(true);
    expect((rejected as CircuitOpenError).retryAfterMs).toBe(10_000);
    expect(mock.doGenerateCalls).toHaveLength(3);
    vi.advanceTimersByTime(10_000);
    expect((await generateText({ model, prompt: 'x', maxRetries: 0 })).text).toBe('recovered');
    expect(
      of('breaker').map((event) => `${(event as { from: string }).from}>${(event as { to: string }).to}`),
    ).toEqual(['closed>open', 'open>half-open', 'half-open>closed']);
  });

  it("does not count the caller's errors (400, 401, 403)", async () => {
    const mock = mockOpenRouterModel({ steps: faults.http(400, 'bad request') });
    const { model, of } = resilient(mock, { breaker: { threshold: 2 } });
    for (let index = 0; index < 5; index += 1)
      await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(() => undefined);
    expect(mock.doGenerateCalls).toHaveLength(5);
    expect(of('breaker')).toEqual([]);
  });

  it('lets one probe through at a time while half-open, and a failed probe opens it again', async () => {
    let release: (() => void) | undefined;
    let calls = 0;
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        calls += 1;
        if (calls === 1) throw faultError(503);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        throw faultError(503);
      },
    });
    const { model: wrapped } = resilient(model, { breaker: { threshold: 1, openMs: 1_000 } });
    await generateText({ model: wrapped, prompt: 'x', maxRetries: 0 }).catch(() => undefined);
    vi.advanceTimersByTime(1_000);
    const probe = generateText({ model: wrapped, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    await vi.advanceTimersByTimeAsync(1);
    const second = await generateText({ model: wrapped, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(CircuitOpenError.isInstance(second)).toBe(true);
    release?.();
    await probe;
    const third = await generateText({ model: wrapped, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(third).toMatchObject({ name: 'CircuitOpenError', retryAfterMs: 1_000 });
    expect(calls).toBe(2);
  });

  it('failure-rate mode waits for the minimum volume', async () => {
    const steps = [
      reply('a'),
      faults.http(500, 'x'),
      reply('b'),
      faults.http(500, 'x'),
      faults.http(500, 'x'),
    ];
    const { model, of } = resilient(mockOpenRouterModel({ steps }), {
      breaker: { mode: 'failure-rate', threshold: 0.5, minimumVolume: 5, windowMs: 60_000 },
    });
    for (let index = 0; index < 4; index += 1)
      await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(() => undefined);
    expect(of('breaker')).toEqual([]);
    await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(() => undefined);
    expect(of('breaker')).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('waits (bounded) for room on requests, in arrival order, and rejects beyond maxWaitMs', async () => {
    const order: string[] = [];
    const mock = mockOpenRouterModel({
      steps: ({ options }) => reply(JSON.stringify(options.prompt).includes('third') ? 'third' : 'other'),
    });
    const { model, of } = resilient(mock, {
      rateLimit: { requestsPerWindow: 2, windowMs: 1_000, maxWaitMs: 5_000 },
    });
    const calls = ['first', 'second', 'third', 'fourth'].map((prompt) =>
      generateText({ model, prompt, maxRetries: 0 }).then(() => order.push(prompt)),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['first', 'second']);
    // A 1 s window slides in 17 ms steps: room comes within one window and one step.
    await vi.advanceTimersByTimeAsync(1_017);
    await Promise.all(calls);
    expect(order).toEqual(['first', 'second', 'third', 'fourth']);
    expect(of('rate-limit-wait').length).toBeGreaterThanOrEqual(1);

    const strict = resilient(mockOpenRouterModel(), {
      rateLimit: { requestsPerWindow: 1, windowMs: 60_000, maxWaitMs: 100 },
    });
    await generateText({ model: strict.model, prompt: 'x', maxRetries: 0 });
    const error = await generateText({ model: strict.model, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(RateLimitExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ dimension: 'requests' });
    // The window, and at most one step (1 s of a 60 s window) more.
    expect((error as RateLimitExceededError).retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect((error as RateLimitExceededError).retryAfterMs).toBeLessThanOrEqual(61_000);
  });

  it('limits tokens: estimated before, corrected with real usage after', async () => {
    const mock = mockOpenRouterModel({
      steps: reply('ok', { usage: { promptTokens: 10, completionTokens: 10 } }),
    });
    const estimates = [600, 600, 990];
    const { model } = resilient(mock, {
      rateLimit: {
        tokensPerWindow: 1_000,
        windowMs: 60_000,
        maxWaitMs: 0,
        estimateTokens: () => estimates.shift() ?? 0,
      },
    });
    await generateText({ model, prompt: 'x', maxRetries: 0 });
    // The 600-token estimate was corrected to 20 real tokens, so a second 600-token call fits (600 + 600 would not).
    await generateText({ model, prompt: 'x', maxRetries: 0 });
    // 20 + 20 in the window; 990 more would pass 1 000.
    const error = await generateText({ model, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'RateLimitExceededError', dimension: 'tokens' });
  });
});

describe('bulkhead', () => {
  it('runs maxConcurrent at once, queues maxQueue, rejects the rest', async () => {
    const resolvers: Array<() => void> = [];
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        await new Promise<void>((resolve) => resolvers.push(resolve));
        return {
          content: [{ type: 'text', text: 'ok' }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: {
            inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
            outputTokens: { total: 1, text: 1, reasoning: 0 },
          },
          warnings: [],
        };
      },
    });
    const { model: wrapped } = resilient(model, { bulkhead: { maxConcurrent: 1, maxQueue: 1 } });
    const first = generateText({ model: wrapped, prompt: 'x', maxRetries: 0 });
    const second = generateText({ model: wrapped, prompt: 'x', maxRetries: 0 });
    const third = await generateText({ model: wrapped, prompt: 'x', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(BulkheadRejectedError.isInstance(third)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(resolvers).toHaveLength(1);
    resolvers[0]?.();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    resolvers[1]?.();
    expect((await second).text).toBe('ok');
  });
});

function faultError(status: number): Error {
  return Object.assign(new Error(`status ${status}`), {
    statusCode: status,
    data: { error: { code: status, message: 'x' } },
  });
}
