import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { faults, reply, SIMULATOR_API_KEY, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLedger } from './ledger.js';
import { reconcileCosts } from './reconcile-costs.js';
import { usageMiddleware } from './usage-middleware.js';

const simulator = await startOpenRouterSimulator();
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

function tracked(modelId: string, settings: Parameters<typeof openrouter.chat>[1] = {}) {
  const ledger = createMemoryLedger();
  const model = wrapLanguageModel({
    model: openrouter.chat(modelId, settings),
    middleware: usageMiddleware({ ledger, attribution: { agent: 'tester' } }),
  });
  return { ledger, model };
}

describe('usageMiddleware records what the simulator charged, exactly', () => {
  it('for a JSON call: tokens, cost, generation id, attribution', async () => {
    simulator.script({
      steps: reply('hello there', {
        usage: { promptTokens: 1_000, cachedTokens: 400, reasoningTokens: 10, completionTokens: 60 },
      }),
    });
    const { ledger, model } = tracked('anthropic/claude-sonnet-5');
    await generateText({
      model,
      prompt: 'hi',
      maxRetries: 0,
      providerOptions: { orkit: { user: 'u-1', tags: ['beta'] } },
    });
    const [record] = await ledger.query();
    const [seen] = simulator.requests.chats();
    expect(record).toMatchObject({
      operation: 'generate',
      requestedModel: 'anthropic/claude-sonnet-5',
      answeredModel: 'anthropic/claude-sonnet-5',
      generationId: seen?.generationId,
      inputTokens: 1_000,
      cacheReadTokens: 400,
      outputTokens: 60,
      reasoningTokens: 10,
      costSource: 'reported',
      outcome: 'success',
      attribution: { agent: 'tester', user: 'u-1', tags: ['beta'] },
    });
    expect(record?.costUsd).toBe(seen?.chargedUsd);
  });

  it('for a streamed call, with time to first token', async () => {
    const { ledger, model } = tracked('openai/gpt-5.5');
    const result = streamText({ model, prompt: 'stream it', maxRetries: 0 });
    await result.consumeStream();
    const [record] = await ledger.query();
    expect(record).toMatchObject({ operation: 'stream', outcome: 'success', costSource: 'reported' });
    expect(record?.costUsd).toBe(simulator.requests.chats()[0]?.chargedUsd);
    expect(record?.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('under models fallback: the model that answered and its price', async () => {
    simulator.script({ model: 'anthropic/claude-sonnet-5', steps: faults.unavailable() });
    const { ledger, model } = tracked('anthropic/claude-sonnet-5', {
      models: ['anthropic/claude-sonnet-5', 'google/gemini-3.5-flash'],
    });
    await generateText({ model, prompt: 'hi', maxRetries: 0 });
    const [record] = await ledger.query();
    expect(record).toMatchObject({
      requestedModel: 'anthropic/claude-sonnet-5',
      answeredModel: 'google/gemini-3.5-flash',
    });
    expect(record?.costUsd).toBe(simulator.requests.chats()[0]?.chargedUsd);
  });

  it('with BYOK: fee and upstream cost, each once', async () => {
    simulator.script({
      steps: reply('x', { usage: { promptTokens: 1_000, completionTokens: 100, byok: true } }),
    });
    const { ledger, model } = tracked('anthropic/claude-sonnet-5');
    await generateText({ model, prompt: 'hi', maxRetries: 0 });
    expect((await ledger.query())[0]).toMatchObject({ byok: true, costUsd: '0.00315' });
  });

  it('for a stream cut mid-way and an aborted stream: recorded at once, exact after reconciliation', async () => {
    simulator.script({
      prompt: 'cut',
      steps: faults.cut({ afterChunks: 3, text: 'one two three four five' }),
    });
    simulator.script({ prompt: 'abort', steps: reply('a b c d e f g h', { chunkDelayMs: 20 }) });
    const { ledger, model } = tracked('openai/gpt-5.5');
    const cut = streamText({ model, prompt: 'cut', maxRetries: 0, onError: () => undefined });
    await cut.consumeStream();
    const controller = new AbortController();
    const aborted = streamText({
      model,
      prompt: 'abort',
      maxRetries: 0,
      abortSignal: controller.signal,
      onError: () => undefined,
    });
    let seen = 0;
    for await (const part of aborted.fullStream) {
      if (part.type !== 'text-delta') continue;
      seen += 1;
      if (seen === 2) controller.abort();
    }
    await simulator.requests.waitFor((record) => record.outcome === 'client-aborted');
    const records = await ledger.query();
    expect(records.map((record) => [record.outcome, record.costSource])).toEqual([
      ['error', 'none'],
      ['aborted', 'none'],
    ]);
    expect(await reconcileCosts({ ledger, baseURL: simulator.baseURL, apiKey: SIMULATOR_API_KEY })).toEqual({
      reconciled: 2,
      uncharged: 0,
      pending: 0,
    });
    const fixed = await ledger.query();
    const charged = simulator.requests.chats().map((record) => record.chargedUsd);
    expect(fixed.map((record) => record.costUsd)).toEqual(charged);
    expect(charged.every((amount) => Number(amount) > 0)).toBe(true);
    expect(fixed.every((record) => record.costSource === 'reported')).toBe(true);
  });

  it('for a failed call: outcome and error kind, no cost', async () => {
    simulator.script({ steps: faults.rateLimited() });
    const { ledger, model } = tracked('openai/gpt-5.5');
    await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch(() => undefined);
    expect((await ledger.query())[0]).toMatchObject({
      outcome: 'error',
      errorKind: 'http-429',
      costUsd: '0',
      costSource: 'none',
    });
  });
});
