import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import {
  BadGatewayResponseErrorData$inboundSchema,
  BadRequestResponseErrorData$inboundSchema,
  ForbiddenResponseErrorData$inboundSchema,
  NotFoundResponseErrorData$inboundSchema,
  PaymentRequiredResponseErrorData$inboundSchema,
  RequestTimeoutResponseErrorData$inboundSchema,
  ServiceUnavailableResponseErrorData$inboundSchema,
  TooManyRequestsResponseErrorData$inboundSchema,
  UnauthorizedResponseErrorData$inboundSchema,
} from '@openrouter/sdk/models';
import { APICallError, generateText, streamText, tool } from 'ai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { faults } from './faults.js';
import { chatBody, postChat } from './raw-client.test-helper.js';
import type { ErrorStep } from './simulator-step.js';
import { reply, toolCalls } from './simulator-step.js';
import { startOpenRouterSimulator } from './start-open-router-simulator.js';

const simulator = await startOpenRouterSimulator({ keepAliveIntervalMs: 20 });
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const MODEL = 'anthropic/claude-sonnet-5';

async function generateError(step: ErrorStep): Promise<unknown> {
  simulator.script({ steps: step });
  return generateText({ model: openrouter.chat(MODEL), prompt: 'hi', maxRetries: 0 }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Collects a streamText run: text, error parts and the finish reason. */
async function runStream(model = MODEL) {
  const result = streamText({
    model: openrouter.chat(model),
    prompt: 'stream please',
    maxRetries: 0,
    onError: () => undefined,
  });
  let text = '';
  const errors: unknown[] = [];
  let finishReason: string | undefined;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'error') errors.push(part.error);
    if (part.type === 'finish') finishReason = part.finishReason;
  }
  return { text, errors, finishReason, result };
}

describe('OpenRouter error table, through the real provider', () => {
  it.each([
    ['400 context length', faults.contextLength(), 400, false, BadRequestResponseErrorData$inboundSchema],
    ['401', faults.unauthorized(), 401, false, UnauthorizedResponseErrorData$inboundSchema],
    ['402 credits', faults.insufficientCredits(), 402, false, PaymentRequiredResponseErrorData$inboundSchema],
    [
      '403 moderation',
      faults.moderation({ reasons: ['hate'] }),
      403,
      false,
      ForbiddenResponseErrorData$inboundSchema,
    ],
    ['404 no endpoints', faults.noEndpoints(), 404, false, NotFoundResponseErrorData$inboundSchema],
    ['408', faults.timeout(), 408, true, RequestTimeoutResponseErrorData$inboundSchema],
    [
      '429',
      faults.rateLimited({ retryAfterSeconds: 7 }),
      429,
      true,
      TooManyRequestsResponseErrorData$inboundSchema,
    ],
    [
      '502',
      faults.upstream({ providerName: 'Anthropic' }),
      502,
      true,
      BadGatewayResponseErrorData$inboundSchema,
    ],
    [
      '503',
      faults.unavailable({ retryAfterSeconds: 3 }),
      503,
      true,
      ServiceUnavailableResponseErrorData$inboundSchema,
    ],
  ])(
    '%s: status, retryability and body as the provider reads them',
    async (_name, step, status, retryable, schema) => {
      const error = await generateError(step);
      expect(APICallError.isInstance(error)).toBe(true);
      const apiError = error as APICallError;
      expect(apiError.statusCode).toBe(status);
      expect(apiError.isRetryable).toBe(retryable);
      const data = apiError.data as { error: { code: number; message: string; metadata?: unknown } };
      expect(data.error.code).toBe(status);
      expect(schema.safeParse(data.error).success).toBe(true);
      if (step.retryAfterSeconds !== undefined) {
        expect(apiError.responseHeaders?.['retry-after']).toBe(String(step.retryAfterSeconds));
      }
    },
  );

  it('402 carries limit_source and Retry-After; 403 carries reasons; 502 names the provider', async () => {
    const payment = (await generateError(
      faults.insufficientCredits({
        limitSource: 'openrouter_in_flight_budget',
        retryAfterSeconds: 2,
        affordableTokens: 100,
      }),
    )) as APICallError;
    expect((payment.data as { error: { metadata: unknown } }).error.metadata).toEqual({
      limit_source: 'openrouter_in_flight_budget',
    });
    expect(payment.message).toMatch(/can only afford 100/);
    expect(payment.responseHeaders?.['retry-after']).toBe('2');
    simulator.reset();
    const moderation = (await generateError(
      faults.moderation({ reasons: ['hate'], flaggedInput: 'bad words' }),
    )) as APICallError;
    expect((moderation.data as { error: { metadata: unknown } }).error.metadata).toMatchObject({
      reasons: ['hate'],
      flagged_input: 'bad words',
    });
    simulator.reset();
    const upstream = (await generateError(
      faults.upstream({ providerName: 'Anthropic', raw: '{"error":{"message":"upstream overloaded"}}' }),
    )) as APICallError;
    expect(upstream.message).toBe('[Anthropic] upstream overloaded');
  });

  it('an error inside an HTTP 200 becomes an APICallError with status 200 that the provider calls non-retryable', async () => {
    const error = (await generateError(faults.inBand(429, 'Rate limited upstream'))) as APICallError;
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(200);
    expect(error.isRetryable).toBe(false);
    expect(error.data).toMatchObject({ code: 429, message: 'Rate limited upstream' });
  });
});

describe('streams, through the real provider', () => {
  it('streams text with usage and the exact cost the simulator charged', async () => {
    simulator.script({ steps: reply('one two three four', { usage: { cachedTokens: 2 } }) });
    const { text, errors, finishReason, result } = await runStream();
    expect(errors).toEqual([]);
    expect(text).toBe('one two three four');
    expect(finishReason).toBe('stop');
    const metadata = (await result.providerMetadata)?.openrouter as { usage: { cost: number } };
    const [record] = simulator.requests.chats();
    expect(metadata.usage.cost).toBe(Number(record?.chargedUsd));
    expect((await result.usage).inputTokenDetails.cacheReadTokens).toBe(2);
  });

  it('an SSE error event before any content is an error part with the inner status', async () => {
    simulator.script({ steps: faults.streamError({ afterChunks: 0, code: 429, message: 'slow down' }) });
    const { text, errors, finishReason } = await runStream();
    expect(text).toBe('');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'AI_StreamProviderError', statusCode: 429, isRetryable: true });
    expect(finishReason).toBe('error');
  });

  it('an SSE error event after two chunks keeps the partial text and ends with finish reason error', async () => {
    simulator.script({ steps: faults.streamError({ afterChunks: 2, text: 'alpha beta gamma delta' }) });
    const { text, errors, finishReason } = await runStream();
    expect(text).toBe('alpha beta ');
    expect(errors[0]).toMatchObject({ statusCode: 502, isRetryable: true });
    expect(finishReason).toBe('error');
    expect(simulator.requests.chats()[0]).toMatchObject({ outcome: 'stream-error', chunksSent: 2 });
  });

  it('a cut stream (socket closed, no [DONE]) surfaces as an error, not as success', async () => {
    simulator.script({ steps: faults.cut({ afterChunks: 2, text: 'alpha beta gamma delta' }) });
    const { text, errors, finishReason } = await runStream();
    expect(text).toBe('alpha beta ');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('Failed to process successful response');
    expect(finishReason).toBe('error');
  });

  it('a stall with keep-alives delays the first chunk and still completes', async () => {
    simulator.script({ steps: faults.stall({ ms: 80, keepAlive: true, text: 'late but fine' }) });
    const response = await postChat(simulator.baseURL, chatBody(MODEL, 'x', { stream: true }));
    const body = await response.text();
    // The opening comment and at least one from the interval (due before the stall ends, so it fires first even on
    // a loaded machine); how many more depends on the machine, so it is not counted.
    expect(body.match(/: OPENROUTER PROCESSING/g)?.length).toBeGreaterThanOrEqual(2);
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('malformed JSON surfaces as a provider error in both modes', async () => {
    simulator.script({ steps: faults.malformed() });
    const jsonError = await generateText({ model: openrouter.chat(MODEL), prompt: 'x', maxRetries: 0 }).catch(
      (error: unknown) => error,
    );
    expect(APICallError.isInstance(jsonError) || (jsonError as Error).name === 'AI_JSONParseError').toBe(
      true,
    );
    const { errors } = await runStream();
    expect(errors.length).toBeGreaterThanOrEqual(1);
  });

  it('tool calls come back in both modes', async () => {
    simulator.script({ steps: toolCalls([{ name: 'weather', arguments: { city: 'Oslo' } }]) });
    const tools = {
      weather: tool({
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => `Sunny in ${city}`,
      }),
    };
    const generated = await generateText({
      model: openrouter.chat(MODEL),
      prompt: 'weather?',
      tools,
      maxRetries: 0,
    });
    expect(generated.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ['weather', { city: 'Oslo' }],
    ]);
    expect(generated.finishReason).toBe('tool-calls');
    const streamed = streamText({ model: openrouter.chat(MODEL), prompt: 'weather?', tools, maxRetries: 0 });
    expect((await streamed.toolCalls).map((call) => [call.toolName, call.input])).toEqual([
      ['weather', { city: 'Oslo' }],
    ]);
  });
});
