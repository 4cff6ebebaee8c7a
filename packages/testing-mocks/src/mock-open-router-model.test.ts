import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateText, type LanguageModel, streamText } from 'ai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { faults } from './faults.js';
import { mockOpenRouterModel } from './mock-open-router-model.js';
import { reply, type SimulatorStep, toolCalls } from './simulator-step.js';
import { startOpenRouterSimulator } from './start-open-router-simulator.js';

const simulator = await startOpenRouterSimulator();
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

/** What a caller can observe of one generateText call. */
async function generateSurface(model: LanguageModel) {
  try {
    const result = await generateText({ model, prompt: 'hello', maxRetries: 0 });
    return {
      ok: true,
      text: result.text,
      finish: result.finishReason,
      tools: result.toolCalls.map((call) => call.toolName),
    };
  } catch (error) {
    const apiError = error as {
      name: string;
      statusCode?: number;
      isRetryable?: boolean;
      responseHeaders?: Record<string, string>;
    };
    return {
      ok: false,
      name: apiError.name,
      status: apiError.statusCode,
      retryable: apiError.isRetryable,
      retryAfter: apiError.responseHeaders?.['retry-after'],
    };
  }
}

/** What a caller can observe of one streamText call. */
async function streamSurface(model: LanguageModel) {
  const result = streamText({ model, prompt: 'hello', maxRetries: 0, onError: () => undefined });
  let text = '';
  const errors: Array<{ name: string; status: unknown; retryable: unknown }> = [];
  let finish: string | undefined;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'finish') finish = part.finishReason;
    if (part.type === 'error') {
      const error = part.error as { name: string; statusCode?: number; isRetryable?: boolean };
      errors.push({ name: error.name, status: error.statusCode, retryable: error.isRetryable });
    }
  }
  return { text, errors, finish };
}

const STEPS: Array<[string, SimulatorStep]> = [
  ['reply', reply('alpha beta gamma')],
  ['tool calls', toolCalls([{ name: 'lookup', arguments: { q: 'x' } }])],
  ['429', faults.rateLimited({ retryAfterSeconds: 3 })],
  ['402', faults.insufficientCredits()],
  ['502', faults.upstream()],
  ['in-band', faults.inBand(503, 'overloaded upstream')],
  ['stream error before content', faults.streamError({ afterChunks: 0, text: 'alpha beta gamma' })],
  ['stream error mid-stream', faults.streamError({ afterChunks: 2, text: 'alpha beta gamma' })],
  ['cut', faults.cut({ afterChunks: 1, text: 'alpha beta gamma' })],
];

describe('mockOpenRouterModel behaves like the real provider against the simulator', () => {
  it.each(STEPS)('generateText: %s', async (_name, step) => {
    simulator.script({ steps: step });
    const real = await generateSurface(openrouter.chat('openai/gpt-5.5'));
    const mocked = await generateSurface(mockOpenRouterModel({ steps: step }));
    if (step.type === 'cut') {
      // Over HTTP a cut JSON response is a network error; the mock reports an unparsable body. Both fail, non-OK.
      expect([real.ok, mocked.ok]).toEqual([false, false]);
      return;
    }
    expect(mocked).toEqual(real);
  });

  it.each(STEPS)('streamText: %s', async (_name, step) => {
    simulator.script({ steps: step });
    const real = await streamSurface(openrouter.chat('openai/gpt-5.5'));
    const mocked = await streamSurface(mockOpenRouterModel({ steps: step }));
    expect(mocked).toEqual(real);
  });

  it('reports usage and the catalog cost, and records calls', async () => {
    const model = mockOpenRouterModel({
      modelId: 'anthropic/claude-sonnet-5',
      steps: reply('hi', { usage: { promptTokens: 1000, completionTokens: 100 } }),
    });
    const result = await generateText({ model, prompt: 'x' });
    expect(result.usage.inputTokens).toBe(1000);
    expect((result.providerMetadata?.openrouter as { usage: { cost: number } } | undefined)?.usage.cost).toBe(
      0.003,
    );
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('plays sequences and functions', async () => {
    const sequence = mockOpenRouterModel({ steps: [faults.http(500, 'boom'), reply('ok')] });
    await expect(generateText({ model: sequence, prompt: 'x', maxRetries: 0 })).rejects.toThrow('boom');
    expect((await generateText({ model: sequence, prompt: 'x' })).text).toBe('ok');
    const computed = mockOpenRouterModel({ steps: ({ attempt }) => reply(`call ${attempt}`) });
    expect((await generateText({ model: computed, prompt: 'x' })).text).toBe('call 0');
    expect((await generateText({ model: computed, prompt: 'x' })).text).toBe('call 1');
  });
});
