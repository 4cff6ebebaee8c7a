/**
 * A 200 that is not a proper stream (HTML, empty, plain JSON, JSON events of the wrong shape) or a stream that
 * ends without finishing is a failure, as the generate path says for the same bodies: retried or routed elsewhere
 * before content, a MidStreamError after it; never a quiet `finishReason: 'other'`. Over real HTTP.
 */
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { type BadBodyStep, faults, reply, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyError } from './classify-error.js';
import { readFullStream } from './read-stream.test-helper.js';
import { IncompleteStreamError, MidStreamError } from './resilience-errors.js';
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

const MODEL = 'openai/gpt-5.5';
const OTHER = 'anthropic/claude-sonnet-5';
const BEFORE_CONTENT: BadBodyStep['body'][] = ['html', 'empty', 'json', 'wrong-shape'];

const streamed = (model: Parameters<typeof streamText>[0]['model']) =>
  readFullStream(streamText({ model, prompt: 'hello', maxRetries: 0, onError: () => undefined }));

const once = (options: Parameters<typeof resilienceMiddleware>[0] = {}) =>
  wrapLanguageModel({ model: openrouter.chat(MODEL), middleware: resilienceMiddleware(options) });

describe('a stream that is not a stream', () => {
  it.each(BEFORE_CONTENT)('%s: one typed, retryable error, no text, no success', async (body) => {
    simulator.script({ model: MODEL, steps: faults.badBody(body) });
    const { text, errors } = await streamed(once());
    expect(text).toBe('');
    expect(errors).toHaveLength(1);
    const classification = classifyError(errors[0]);
    expect(classification).toMatchObject({ kind: 'malformed', retryable: true, fallback: true });
    if (body !== 'wrong-shape') expect(IncompleteStreamError.isInstance(errors[0])).toBe(true);
  });

  it.each(BEFORE_CONTENT)('%s: retried before content; the caller sees one clean answer', async (body) => {
    simulator.script({ model: MODEL, steps: [faults.badBody(body), reply('the real answer')] });
    expect(await streamed(once({ retry: { maxAttempts: 2 }, random: () => 0 }))).toEqual({
      text: 'the real answer',
      errors: [],
      finishReason: 'stop',
    });
    expect(simulator.requests.chats().map((record) => record.outcome)).toEqual(['bad-body', 'ok']);
  });

  it.each(BEFORE_CONTENT)(
    '%s: withFallback moves to the next model, with no middleware at all',
    async (body) => {
      simulator.script({ model: MODEL, steps: faults.badBody(body) });
      simulator.script({ model: OTHER, steps: reply('from the other model') });
      const model = withFallback([openrouter.chat(MODEL), openrouter.chat(OTHER)]);
      expect(await streamed(model)).toMatchObject({ text: 'from the other model', errors: [] });
    },
  );

  it('generate raises a typed error for the same bodies (what the stream path now matches)', async () => {
    for (const body of ['html', 'empty', 'wrong-shape', 'no-finish'] as const) {
      simulator.script({ model: MODEL, steps: faults.badBody(body) });
      const error = await generateText({ model: once(), prompt: 'x', maxRetries: 0 }).catch(
        (e: unknown) => e,
      );
      expect(classifyError(error)).toMatchObject({ kind: 'malformed', retryable: true });
      simulator.reset();
    }
  });
});

describe('a stream that ends without finishing', () => {
  it('after content: a MidStreamError with the partial text; nothing replayed, not reported as a success', async () => {
    simulator.script({ model: MODEL, steps: [faults.badBody('no-finish', { text: 'one two three' })] });
    const { text, errors, finishReason } = await streamed(once({ retry: { maxAttempts: 3 } }));
    expect(text).toBe('one two three');
    expect(errors).toHaveLength(1);
    expect(MidStreamError.isInstance(errors[0])).toBe(true);
    const error = errors[0] as MidStreamError;
    expect(error.partialText).toBe('one two three');
    expect(IncompleteStreamError.isInstance(error.cause)).toBe(true);
    expect(error.classification.kind).toBe('stream-cut');
    expect(finishReason).toBe('error');
    // Content had reached the caller: one request, never a second one.
    expect(simulator.requests.chats()).toHaveLength(1);
  });

  it('a finished stream stays a success (the check reads the finish reason, not the text)', async () => {
    simulator.script({ model: MODEL, steps: reply('') });
    expect(await streamed(once())).toMatchObject({ errors: [], finishReason: 'stop' });
  });
});
