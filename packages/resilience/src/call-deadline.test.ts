/**
 * Deadlines count from the start of the call, response headers included: a server that accepts the connection
 * and never answers is a typed timeout, retried or routed elsewhere, in generate and in stream. Over real HTTP to
 * the simulator; the deadline clock is faked (only `performance`, `Date` and the ticker's interval), so nothing
 * here depends on how busy the machine is.
 */
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { faults, reply, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDeadlines } from './deadline-ticker.js';
import { readFullStream } from './read-stream.test-helper.js';
import { AttemptsExhaustedError, ModelTimeoutError, ResilienceError } from './resilience-errors.js';
import type { ResilienceEvent } from './resilience-events.js';
import { resilienceMiddleware } from './resilience-middleware.js';
import type { ResilienceOptions } from './resilience-options.js';
import { withFallback } from './with-fallback.js';

const simulator = await startOpenRouterSimulator();
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance', 'Date'] });
});
afterEach(() => {
  // Two ticks more, so the shared ticker drops what it still holds and stops before the clock turns real.
  vi.advanceTimersByTime(20);
  vi.useRealTimers();
});

const PRIMARY = 'anthropic/claude-sonnet-5';
const SECONDARY = 'openai/gpt-5.5';
/** Longer than any test: the server never answers. */
const NEVER = 600_000;

/** Waits (on real time, no limit but the test's) until the simulator has seen `count` chat requests. */
async function requestsSeen(count: number): Promise<void> {
  while (simulator.requests.chats().length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Waits until the simulator has ended every chat request it saw (an abort reaches it a moment later). */
async function allEnded(): Promise<void> {
  while (simulator.requests.chats().some((record) => record.outcome === undefined))
    await new Promise((resolve) => setTimeout(resolve, 5));
}

function resilient(modelId: string, options: ResilienceOptions) {
  const events: ResilienceEvent[] = [];
  const model = wrapLanguageModel({
    model: openrouter.chat(modelId),
    middleware: resilienceMiddleware({ random: () => 0, ...options, onEvent: (event) => events.push(event) }),
  });
  return { model, events };
}

async function streamed(model: Parameters<typeof streamText>[0]['model']) {
  const { text, errors } = await readFullStream(
    streamText({ model, prompt: 'hello', maxRetries: 0, onError: () => undefined }),
  );
  return { text, errors };
}

describe('a server that accepts the connection and sends no headers', () => {
  it('generate: totalMs counts from the start; the timeout is retried and the retry answers', async () => {
    simulator.script({ model: SECONDARY, steps: [faults.noHeaders({ ms: NEVER }), reply('second try')] });
    const { model, events } = resilient(SECONDARY, {
      retry: { maxAttempts: 2 },
      timeout: { totalMs: 5_000 },
    });
    const pending = generateText({ model, prompt: 'hello', maxRetries: 0 });
    await requestsSeen(1);
    await vi.advanceTimersByTimeAsync(5_010);
    expect((await pending).text).toBe('second try');
    expect(events.filter((event) => event.type === 'timeout')).toEqual([
      { type: 'timeout', model: `openrouter:${SECONDARY}`, kind: 'total', timeoutMs: 5_000 },
    ]);
    expect(simulator.requests.chats().map((record) => record.outcome)).toEqual(['client-aborted', 'ok']);
    expect(openDeadlines()).toBe(0);
  });

  it('stream: firstChunkMs counts from the start, before headers; retried unseen, the text arrives once', async () => {
    simulator.script({ model: SECONDARY, steps: [faults.noHeaders({ ms: NEVER }), reply('second try')] });
    const { model, events } = resilient(SECONDARY, {
      retry: { maxAttempts: 2 },
      timeout: { firstChunkMs: 5_000, totalMs: 60_000 },
    });
    const pending = streamed(model);
    await requestsSeen(1);
    await vi.advanceTimersByTimeAsync(5_010);
    expect(await pending).toEqual({ text: 'second try', errors: [] });
    expect(events.filter((event) => event.type === 'timeout')).toMatchObject([{ kind: 'first-chunk' }]);
    expect(simulator.requests.chats().map((record) => record.outcome)).toEqual(['client-aborted', 'ok']);
    expect(openDeadlines()).toBe(0);
  });

  it('stream: a total timeout before any content is retryable, never a MidStreamError', async () => {
    simulator.script({ model: SECONDARY, steps: [faults.noHeaders({ ms: NEVER }), reply('second try')] });
    const { model, events } = resilient(SECONDARY, {
      retry: { maxAttempts: 2 },
      timeout: { totalMs: 5_000 },
    });
    const pending = streamed(model);
    await requestsSeen(1);
    await vi.advanceTimersByTimeAsync(5_010);
    expect(await pending).toEqual({ text: 'second try', errors: [] });
    expect(events.filter((event) => event.type === 'mid-stream-error')).toEqual([]);
  });

  it('withFallback: a first-chunk timeout moves to the next model, in stream and in generate', async () => {
    simulator.script({ model: PRIMARY, steps: faults.noHeaders({ ms: NEVER }) });
    simulator.script({ model: SECONDARY, steps: reply('from the second model') });
    const events: ResilienceEvent[] = [];
    const model = withFallback([openrouter.chat(PRIMARY), openrouter.chat(SECONDARY)], {
      middleware: [resilienceMiddleware({ timeout: { firstChunkMs: 5_000, totalMs: 5_000 } })],
      onEvent: (event) => events.push(event),
    });
    const stream = streamed(model);
    await requestsSeen(1);
    await vi.advanceTimersByTimeAsync(5_010);
    expect(await stream).toEqual({ text: 'from the second model', errors: [] });
    const generate = generateText({ model, prompt: 'hello', maxRetries: 0 });
    await requestsSeen(3);
    await vi.advanceTimersByTimeAsync(5_010);
    expect((await generate).text).toBe('from the second model');
    expect(events.filter((event) => event.type === 'fallback')).toHaveLength(2);
  });

  it("withFallback's deadlineMs bounds a model with no middleware at all: a typed error, not a hang", async () => {
    simulator.script({ model: PRIMARY, steps: faults.noHeaders({ ms: NEVER }) });
    const model = withFallback([openrouter.chat(PRIMARY), openrouter.chat(SECONDARY)], { deadlineMs: 5_000 });
    const generate = generateText({ model, prompt: 'hello', maxRetries: 0 }).catch((error: unknown) => error);
    await requestsSeen(1);
    await vi.advanceTimersByTimeAsync(5_010);
    const error = await generate;
    expect(ResilienceError.isInstance(error)).toBe(true);
    expect(
      ModelTimeoutError.isInstance(error) ||
        (AttemptsExhaustedError.isInstance(error) && error.reason === 'deadline'),
    ).toBe(true);
    const stream = streamed(model);
    await requestsSeen(2);
    await vi.advanceTimersByTimeAsync(5_010);
    const { text, errors } = await stream;
    expect(text).toBe('');
    expect(errors).toHaveLength(1);
    // The second model was never asked: the deadline had passed. The stalled requests were aborted.
    await allEnded();
    expect(simulator.requests.chats().map((record) => [record.body, record.outcome])).toMatchObject([
      [{ model: PRIMARY }, 'client-aborted'],
      [{ model: PRIMARY }, 'client-aborted'],
    ]);
    expect(openDeadlines()).toBe(0);
  });
});
