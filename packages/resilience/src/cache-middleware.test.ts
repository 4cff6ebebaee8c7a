import { faults, mockOpenRouterModel, reply } from '@orkit/testing-mocks';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { describe, expect, it } from 'vitest';
import { cacheMiddleware } from './cache-middleware.js';
import type { ResilienceEvent } from './resilience-events.js';

function cached(
  steps: NonNullable<Parameters<typeof mockOpenRouterModel>[0]>['steps'],
  options: Parameters<typeof cacheMiddleware>[0] = {},
) {
  const mock = mockOpenRouterModel(
    steps === undefined
      ? { modelId: 'anthropic/claude-sonnet-5' }
      : { modelId: 'anthropic/claude-sonnet-5', steps },
  );
  const events: ResilienceEvent[] = [];
  const model = wrapLanguageModel({
    model: mock,
    middleware: cacheMiddleware({ ...options, onEvent: (event) => events.push(event) }),
  });
  return { mock, model, events };
}

async function streamed(model: Parameters<typeof streamText>[0]['model'], prompt = 'hi') {
  const result = streamText({ model, prompt, temperature: 0, maxRetries: 0, onError: () => undefined });
  let text = '';
  for await (const part of result.fullStream) if (part.type === 'text-delta') text += part.text;
  return { text, metadata: await result.providerMetadata };
}

describe('cacheMiddleware', () => {
  it('answers a repeated deterministic call from the cache, with cost 0 and a hit marker', async () => {
    const { mock, model, events } = cached(
      reply('cached answer', { usage: { promptTokens: 100, completionTokens: 20 } }),
    );
    const first = await generateText({ model, prompt: 'hi', temperature: 0 });
    const second = await generateText({ model, prompt: 'hi', temperature: 0 });
    expect(second.text).toBe('cached answer');
    expect(mock.doGenerateCalls).toHaveLength(1);
    expect(
      (first.providerMetadata?.openrouter as { usage: { cost: number } } | undefined)?.usage.cost,
    ).toBeGreaterThan(0);
    expect((second.providerMetadata?.openrouter as { usage: { cost: number } } | undefined)?.usage.cost).toBe(
      0,
    );
    expect(second.providerMetadata?.orkit).toEqual({ cache: 'hit', originalCost: 0.0004 });
    expect(events.map((event) => event.type)).toEqual(['cache-miss', 'cache-store', 'cache-hit']);
  });

  it('skips non-deterministic calls by default, and keys on every output-affecting setting and the scope', async () => {
    const { mock, model } = cached(reply('x'), {
      scope: (params) => params.headers?.['x-tenant'] as string | undefined,
    });
    await generateText({ model, prompt: 'hi', temperature: 0.7 });
    await generateText({ model, prompt: 'hi', temperature: 0.7 });
    expect(mock.doGenerateCalls).toHaveLength(2);
    await generateText({ model, prompt: 'hi', seed: 1 });
    await generateText({ model, prompt: 'hi', seed: 2 });
    await generateText({ model, prompt: 'hi', seed: 1, headers: { 'x-tenant': 'a' } });
    await generateText({ model, prompt: 'hi', seed: 1, headers: { 'x-tenant': 'b' } });
    await generateText({ model, prompt: 'hi', seed: 1, headers: { 'x-tenant': 'a' } });
    expect(mock.doGenerateCalls).toHaveLength(6);
  });

  it('replays a cached stream as a stream', async () => {
    const { mock, model } = cached(reply('one two three'));
    expect((await streamed(model)).text).toBe('one two three');
    const replay = await streamed(model);
    expect(replay.text).toBe('one two three');
    expect(replay.metadata?.orkit).toMatchObject({ cache: 'hit' });
    expect(mock.doStreamCalls).toHaveLength(1);
  });

  it('never stores errors or partial streams', async () => {
    const failing = cached([faults.http(500, 'boom'), reply('fine')]);
    await expect(
      generateText({ model: failing.model, prompt: 'hi', temperature: 0, maxRetries: 0 }),
    ).rejects.toThrow('boom');
    expect((await generateText({ model: failing.model, prompt: 'hi', temperature: 0 })).text).toBe('fine');
    const partial = cached([
      faults.streamError({ afterChunks: 1, text: 'half an answer' }),
      reply('whole answer'),
    ]);
    expect((await streamed(partial.model)).text).toBe('half ');
    expect((await streamed(partial.model)).text).toBe('whole answer');
    expect(partial.mock.doStreamCalls).toHaveLength(2);
  });
});

describe('a cache store that fails', () => {
  it('never fails a call: a store that throws is a miss and an event, and the answer still arrives', async () => {
    const broken = {
      get: () => {
        throw new Error('the cache is down');
      },
      set: async () => {
        throw new Error('the cache is down');
      },
    };
    const { model, events } = cached(reply('still answered'), { store: broken });
    const result = await generateText({ model, prompt: 'hi', temperature: 0, maxRetries: 0 });
    expect(result.text).toBe('still answered');
    expect((await streamed(model)).text).toBe('still answered');
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      events.filter((event) => event.type === 'store-unavailable').map((event) => event.operation),
    ).toEqual(['get', 'set', 'get', 'set']);
  });
});
