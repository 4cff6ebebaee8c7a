import { AsyncLocalStorage } from 'node:async_hooks';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { faults, reply, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { generateText, streamText } from 'ai';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { withAttemptBudget } from './attempt-budget.js';
import { AttemptsExhaustedError, MidStreamError } from './resilience-errors.js';
import type { ResilienceEvent } from './resilience-events.js';
import { resilienceMiddleware } from './resilience-middleware.js';
import { withFallback } from './with-fallback.js';

const simulator = await startOpenRouterSimulator();
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const PRIMARY = 'anthropic/claude-sonnet-5';
const SECONDARY = 'openai/gpt-5.5';
const TERTIARY = 'google/gemini-3.5-flash';

function chain(options: Parameters<typeof withFallback>[1] = {}) {
  const events: ResilienceEvent[] = [];
  const model = withFallback(
    [openrouter.chat(PRIMARY), openrouter.chat(SECONDARY), openrouter.chat(TERTIARY)],
    { ...options, onEvent: (event) => events.push(event) },
  );
  return { model, events };
}

async function stream(model: ReturnType<typeof chain>['model']) {
  const result = streamText({ model, prompt: 'hello', maxRetries: 0, onError: () => undefined });
  let text = '';
  const errors: unknown[] = [];
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'error') errors.push(part.error);
  }
  return { text, errors };
}

describe('withFallback', () => {
  it('moves on for an error inside a 200 and for a 503, answering from the third model', async () => {
    simulator.script({ model: PRIMARY, steps: faults.inBand(502, 'Provider returned error') });
    simulator.script({ model: SECONDARY, steps: faults.unavailable() });
    simulator.script({ model: TERTIARY, steps: reply('from the third') });
    const { model, events } = chain();
    const result = await generateText({ model, prompt: 'hello', maxRetries: 0 });
    expect(result.text).toBe('from the third');
    expect(
      events.map((event) =>
        event.type === 'fallback' ? `${event.from}->${event.to}:${event.classification.kind}` : event.type,
      ),
    ).toEqual([`${PRIMARY}->${SECONDARY}:upstream`, `${SECONDARY}->${TERTIARY}:unavailable`]);
  });

  it('moves on for a stream error before the first content part; the caller sees one clean stream', async () => {
    simulator.script({ model: PRIMARY, steps: faults.streamError({ afterChunks: 0, code: 503 }) });
    simulator.script({ model: SECONDARY, steps: reply('clean answer') });
    expect(await stream(chain().model)).toEqual({ text: 'clean answer', errors: [] });
  });

  it('after content, a failure is a MidStreamError and nothing is replayed from another model', async () => {
    simulator.script({
      model: PRIMARY,
      steps: faults.streamError({ afterChunks: 2, text: 'alpha beta gamma' }),
    });
    simulator.script({ model: SECONDARY, steps: reply('should never appear') });
    const { text, errors } = await stream(chain().model);
    expect(text).toBe('alpha beta ');
    expect(MidStreamError.isInstance(errors[0])).toBe(true);
    expect(simulator.requests.chats().map((record) => record.requestedModel)).toEqual([PRIMARY]);
  });

  it('does not route around a 401 or a moderation refusal by default', async () => {
    simulator.script({ model: PRIMARY, steps: faults.moderation({ reasons: ['violence'] }) });
    const error = await generateText({ model: chain().model, prompt: 'hello', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect((error as { statusCode: number }).statusCode).toBe(403);
    expect(simulator.requests.chats()).toHaveLength(1);
    simulator.reset();
    simulator.script({ model: PRIMARY, steps: faults.moderation() });
    simulator.script({ steps: reply('rerouted') });
    const opted = chain({ classify: { moderation: { fallback: true } } });
    expect((await generateText({ model: opted.model, prompt: 'hello', maxRetries: 0 })).text).toBe(
      'rerouted',
    );
  });

  it('falls back on context length only to a model with a larger window', async () => {
    const windows: Record<string, number> = {
      [PRIMARY]: 200_000,
      [SECONDARY]: 128_000,
      [TERTIARY]: 1_000_000,
    };
    simulator.script({ model: PRIMARY, steps: faults.contextLength() });
    simulator.script({ steps: reply('big window') });
    const { model, events } = chain({ contextWindowOf: (id) => windows[id] });
    expect((await generateText({ model, prompt: 'hello', maxRetries: 0 })).text).toBe('big window');
    expect(simulator.requests.chats().map((record) => record.requestedModel)).toEqual([PRIMARY, TERTIARY]);
    expect(events[0]).toMatchObject({ type: 'fallback', from: PRIMARY, to: TERTIARY });
    simulator.reset();
    simulator.script({ model: PRIMARY, steps: faults.contextLength() });
    const blind = chain();
    await expect(generateText({ model: blind.model, prompt: 'hello', maxRetries: 0 })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('retries and fallbacks share one attempt budget (no multiplying layers)', async () => {
    simulator.script({ steps: faults.http(500, 'down') });
    const { model } = chain({
      middleware: [resilienceMiddleware({ retry: { maxAttempts: 3, baseDelayMs: 1 } })],
      maxAttempts: 4,
    });
    const error = await generateText({ model, prompt: 'hello', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(AttemptsExhaustedError.isInstance(error)).toBe(true);
    expect((error as AttemptsExhaustedError).attempts).toHaveLength(4);
    expect(simulator.requests.chats()).toHaveLength(4);
    expect(simulator.requests.chats().map((record) => record.requestedModel)).toEqual([
      PRIMARY,
      PRIMARY,
      PRIMARY,
      SECONDARY,
    ]);
  });

  it('draws from a budget set around the call by withAttemptBudget, without an AsyncLocalStorage of its own', async () => {
    simulator.script({ steps: faults.http(500, 'down') });
    const { model } = chain({
      middleware: [resilienceMiddleware({ retry: { maxAttempts: 3, baseDelayMs: 1 } })],
      maxAttempts: 6,
    });
    // withFallback hands its budget down on the call's options: no storage runs, so Node's promise hooks stay
    // off for every other promise in the process.
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    const alone = await generateText({ model, prompt: 'hello', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(AttemptsExhaustedError.isInstance(alone)).toBe(true);
    expect(run).not.toHaveBeenCalled();
    run.mockRestore();
    simulator.reset();
    simulator.script({ steps: faults.http(500, 'down') });
    const error = await withAttemptBudget({ maxAttempts: 2 }, () =>
      generateText({ model, prompt: 'hello', maxRetries: 0 }),
    ).catch((caught: unknown) => caught);
    expect(AttemptsExhaustedError.isInstance(error)).toBe(true);
    expect(simulator.requests.chats()).toHaveLength(2);
  });

  it('can also send the remaining models as OpenRouter server-side fallback', async () => {
    const { model } = chain({ serverSideModels: true });
    await generateText({ model, prompt: 'hello', maxRetries: 0 });
    expect(simulator.requests.chats()[0]?.body).toMatchObject({ models: [PRIMARY, SECONDARY, TERTIARY] });
  });
});
