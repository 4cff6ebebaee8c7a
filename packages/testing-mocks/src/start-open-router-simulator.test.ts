import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateText, streamText } from 'ai';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { faults } from './faults.js';
import { chatBody, parseSse, postChat } from './raw-client.test-helper.js';
import { reply } from './simulator-step.js';
import { SIMULATOR_API_KEY, startOpenRouterSimulator } from './start-open-router-simulator.js';

const simulator = await startOpenRouterSimulator();
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

describe('models fallback (server side)', () => {
  it('moves past a failing model, answers with the next, and bills at its price', async () => {
    simulator.script({ model: 'anthropic/claude-sonnet-5', steps: faults.unavailable() });
    simulator.script({ model: 'openai/gpt-5.5', steps: faults.inBand(502, 'upstream hiccup') });
    const result = await generateText({
      model: openrouter.chat('anthropic/claude-sonnet-5', {
        models: ['anthropic/claude-sonnet-5', 'openai/gpt-5.5', 'google/gemini-3.5-flash'],
      }),
      prompt: 'hello',
      maxRetries: 0,
    });
    expect(result.response.modelId).toBe('google/gemini-3.5-flash');
    const [record] = simulator.requests.chats();
    expect(record?.attempts.map((attempt) => [attempt.model, attempt.outcome, attempt.status])).toEqual([
      ['anthropic/claude-sonnet-5', 'http-error', 503],
      ['openai/gpt-5.5', 'http-error', 502],
      ['google/gemini-3.5-flash', 'ok', 200],
    ]);
    // gemini-3.5-flash: 0.0000015 per prompt token, 0.000009 per completion token.
    const usage = result.usage;
    const expected = (usage.inputTokens ?? 0) * 0.0000015 + (usage.outputTokens ?? 0) * 0.000009;
    expect(
      (result.providerMetadata?.openrouter as { usage: { cost: number } } | undefined)?.usage.cost,
    ).toBeCloseTo(expected, 12);
    expect(record?.answeredBy).toBe('google/gemini-3.5-flash');
  });

  it('returns the last failure when every model fails', async () => {
    simulator.script({ steps: faults.rateLimited({ retryAfterSeconds: 4 }) });
    const response = await postChat(
      simulator.baseURL,
      chatBody('openai/gpt-5.5', 'x', { models: ['openai/gpt-5.5', 'anthropic/claude-sonnet-5'] }),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('4');
    expect(simulator.requests.chats()[0]?.attempts).toHaveLength(2);
  });

  it('does not fall back after content was streamed', async () => {
    simulator.script({ model: 'openai/gpt-5.5', steps: faults.streamError({ afterChunks: 1 }) });
    const response = await postChat(
      simulator.baseURL,
      chatBody('openai/gpt-5.5', 'x', {
        stream: true,
        models: ['openai/gpt-5.5', 'google/gemini-3.5-flash'],
      }),
    );
    const { events } = parseSse(await response.text());
    expect(events.some((event) => typeof event === 'object' && event !== null && 'error' in event)).toBe(
      true,
    );
    expect(simulator.requests.chats()[0]?.answeredBy).toBe('openai/gpt-5.5');
  });
});

describe('auth and bad requests get OpenRouter answers', () => {
  it('401 for a missing or unknown key, with OpenRouter bodies', async () => {
    const missing = await fetch(`${simulator.baseURL}/chat/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 401, message: 'No auth credentials found' } });
    const unknown = await postChat(simulator.baseURL, chatBody('openai/gpt-5.5', 'x'), 'sk-or-v1-nope');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ error: { code: 401, message: 'User not found.' } });
  });

  it.each([
    ['{not json', 'Invalid JSON in request body.'],
    [{ model: 'openai/gpt-5.5' }, 'Input required: specify "prompt" or "messages"'],
    [chatBody('openai/gpt-9000', 'x'), 'openai/gpt-9000 is not a valid model ID'],
    [chatBody('openai/gpt-5.5', 'x', { max_tokens: -1 }), '"max_tokens" must be a positive integer.'],
    [{ messages: [{ content: 'no role' }] }, 'Invalid messages: every message needs a "role".'],
  ])('400 for %j', async (body, message) => {
    const response = await postChat(simulator.baseURL, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 400, message } });
  });

  it('never crashes on arbitrary bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.anything().map((value) => JSON.stringify({ messages: value, model: value }) ?? ''),
        ),
        async (body) => {
          const response = await postChat(simulator.baseURL, body);
          expect([200, 400]).toContain(response.status);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
    const health = await postChat(simulator.baseURL, chatBody('openai/gpt-5.5', 'still alive?'));
    expect(health.status).toBe(200);
  });

  it('checks the context window and cuts at max_tokens with finish reason length', async () => {
    const small = await startOpenRouterSimulator({
      models: [
        { id: 'tiny/model', contextLength: 50, pricing: { prompt: '0.000001', completion: '0.000002' } },
      ],
    });
    try {
      const tooLong = await postChat(small.baseURL, chatBody('tiny/model', 'word '.repeat(100)));
      expect(tooLong.status).toBe(400);
      expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(
        /^This endpoint's maximum context length is 50 tokens/,
      );
    } finally {
      await small.close();
    }
    simulator.script({ steps: reply('one two three four five six seven eight nine ten') });
    const result = await generateText({
      model: openrouter.chat('openai/gpt-5.5'),
      prompt: 'x',
      maxOutputTokens: 3,
      maxRetries: 0,
    });
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBe(3);
    expect(result.text).toBe('one two three');
  });
});

describe('accounting: /generation, /key, exact charges', () => {
  it('records each generation and what the key was charged, exactly', async () => {
    simulator.script({
      steps: reply('hello world', {
        usage: {
          promptTokens: 1000,
          cachedTokens: 400,
          cacheWriteTokens: 100,
          reasoningTokens: 50,
          completionTokens: 250,
        },
      }),
    });
    const first = await postChat(simulator.baseURL, chatBody('anthropic/claude-sonnet-5', 'x'));
    const body = (await first.json()) as { id: string; usage: { cost: number } };
    // sonnet-5: prompt 0.000002, cache read 0.0000002, cache write 0.0000025, completion 0.00001 (reasoning too).
    // 500*0.000002 + 400*0.0000002 + 100*0.0000025 + 250*0.00001 = 0.001 + 0.00008 + 0.00025 + 0.0025
    expect(simulator.chargedUsd()).toBe('0.00383');
    expect(body.usage.cost).toBe(0.00383);
    const auth = { headers: { authorization: `Bearer ${SIMULATOR_API_KEY}` } };
    const generation = (await (
      await fetch(`${simulator.baseURL}/generation?id=${body.id}`, auth)
    ).json()) as { data: Record<string, unknown> };
    expect(generation.data).toMatchObject({
      id: body.id,
      total_cost: 0.00383,
      tokens_prompt: 1000,
      native_tokens_cached: 400,
      native_tokens_reasoning: 50,
      streamed: false,
    });
    const key = (await (await fetch(`${simulator.baseURL}/key`, auth)).json()) as { data: { usage: number } };
    expect(key.data.usage).toBe(0.00383);
    const missing = await fetch(`${simulator.baseURL}/generation?id=gen-nope`, auth);
    expect(missing.status).toBe(404);
  });

  it('BYOK: cost is the fee and upstream_inference_cost what the provider charged', async () => {
    simulator.script({
      steps: reply('hi', { usage: { promptTokens: 1000, completionTokens: 100, byok: true } }),
    });
    const body = (await (
      await postChat(simulator.baseURL, chatBody('anthropic/claude-sonnet-5', 'x'))
    ).json()) as {
      usage: { cost: number; is_byok: boolean; cost_details: { upstream_inference_cost: number } };
    };
    expect(body.usage.is_byok).toBe(true);
    expect(body.usage.cost_details.upstream_inference_cost).toBe(0.003);
    expect(body.usage.cost).toBe(0.00015);
  });

  it(':free variants cost nothing and other variants bill at the base price', async () => {
    const free = (await (await postChat(simulator.baseURL, chatBody('openai/gpt-5.5:free', 'x'))).json()) as {
      usage: { cost: number };
      model: string;
    };
    expect(free.usage.cost).toBe(0);
    expect(free.model).toBe('openai/gpt-5.5');
    const nitro = (await (
      await postChat(simulator.baseURL, chatBody('openai/gpt-5.5:nitro', 'x'))
    ).json()) as { usage: { cost: number } };
    expect(nitro.usage.cost).toBeGreaterThan(0);
  });

  it('a key past its limit gets 402 with limit_source openrouter_key_limit', async () => {
    const limited = await startOpenRouterSimulator({ keyLimitUsd: 0.000001 });
    try {
      expect((await postChat(limited.baseURL, chatBody('openai/gpt-5.5', 'x'))).status).toBe(200);
      const refused = await postChat(limited.baseURL, chatBody('openai/gpt-5.5', 'x'));
      expect(refused.status).toBe(402);
      expect(await refused.json()).toMatchObject({
        error: { code: 402, metadata: { limit_source: 'openrouter_key_limit' } },
      });
    } finally {
      await limited.close();
    }
  });
});

describe('scripting', () => {
  it('plays sequences ("fail twice, then succeed"), then repeats the last step', async () => {
    simulator.script({
      model: 'openai/gpt-5.5',
      steps: [faults.http(500, 'boom'), faults.http(500, 'boom'), reply('ok')],
    });
    const statuses = [];
    for (let index = 0; index < 4; index += 1)
      statuses.push((await postChat(simulator.baseURL, chatBody('openai/gpt-5.5', 'x'))).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it('matches by prompt, cycles, stops matching, and takes functions', async () => {
    simulator.script({ prompt: /weather/i, steps: reply('Sunny.') });
    simulator.script({ prompt: 'cycle', steps: [reply('a'), reply('b')], repeat: 'cycle' });
    const once = simulator.script({ prompt: 'once', steps: [reply('only once')], repeat: 'none' });
    simulator.script({
      prompt: 'fn',
      steps: (context) => reply(`attempt ${context.attempt} on ${context.model}`),
    });
    const text = async (prompt: string) =>
      (
        (await (await postChat(simulator.baseURL, chatBody('openai/gpt-5.5', prompt))).json()) as {
          choices: Array<{ message: { content: string } }>;
        }
      ).choices[0]?.message.content;
    expect(await text('What is the Weather?')).toBe('Sunny.');
    expect([await text('cycle'), await text('cycle'), await text('cycle')]).toEqual(['a', 'b', 'a']);
    expect(await text('once')).toBe('only once');
    expect(await text('once')).toMatch(/^Simulated answer from openai\/gpt-5.5/);
    expect(once.calls).toBe(1);
    expect([await text('fn'), await text('fn')]).toEqual([
      'attempt 0 on openai/gpt-5.5',
      'attempt 1 on openai/gpt-5.5',
    ]);
  });

  it('chaos is reproducible for a seed', async () => {
    const run = async () => {
      const chaotic = await startOpenRouterSimulator({ chaos: { seed: 42, rate: 0.5 } });
      try {
        const outcomes = [];
        for (let index = 0; index < 40; index += 1) {
          const response = await postChat(
            chaotic.baseURL,
            chatBody('openai/gpt-5.5', 'x', { stream: index % 2 === 0 }),
          ).catch(() => undefined);
          await response?.text().catch(() => undefined);
        }
        for (const record of chaotic.requests.chats()) outcomes.push(record.outcome);
        return outcomes;
      } finally {
        await chaotic.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const faulted = first.filter((outcome) => outcome !== 'ok').length;
    expect(faulted).toBeGreaterThan(8);
    expect(faulted).toBeLessThan(32);
  });
});

describe('request log and lifecycle', () => {
  it('records requests without the key and can be awaited', async () => {
    const waiting = simulator.requests.waitFor((record) => record.answeredBy === 'openai/gpt-5.5', {
      count: 2,
    });
    await postChat(simulator.baseURL, chatBody('openai/gpt-5.5', 'one'));
    await postChat(
      simulator.baseURL,
      chatBody('openai/gpt-5.5', 'two', { provider: { order: ['openai'], sort: 'price' } }),
    );
    const records = await waiting;
    expect(records).toHaveLength(2);
    expect(records[0]?.headers.authorization).toBe('Bearer ***');
    expect(JSON.stringify(simulator.requests.all())).not.toContain(SIMULATOR_API_KEY);
    expect(records[1]?.body).toMatchObject({ provider: { order: ['openai'], sort: 'price' } });
    await expect(
      simulator.requests.waitFor((record) => record.path === '/never', { timeoutMs: 20 }),
    ).rejects.toThrow('requests.waitFor: fewer than 1 matching requests completed within 20 ms.');
  });

  it('records a client abort and charges only what was streamed', async () => {
    simulator.script({ steps: reply('a b c d e f g h', { chunkDelayMs: 30 }) });
    const controller = new AbortController();
    const result = streamText({
      model: openrouter.chat('openai/gpt-5.5'),
      prompt: 'x',
      abortSignal: controller.signal,
      maxRetries: 0,
      onError: () => undefined,
    });
    let seen = 0;
    for await (const part of result.fullStream) {
      if (part.type !== 'text-delta') continue;
      seen += 1;
      if (seen === 2) controller.abort();
    }
    const [record] = await simulator.requests.waitFor((candidate) => candidate.outcome === 'client-aborted');
    expect(record?.chunksSent).toBeGreaterThanOrEqual(2);
    expect(Number(record?.chargedUsd)).toBeGreaterThan(0);
  });

  it('close() ends open streams and releases the port', async () => {
    const closing = await startOpenRouterSimulator({
      scripts: [{ steps: faults.stall({ ms: 60_000, keepAlive: true }) }],
      keepAliveIntervalMs: 10,
    });
    const response = await postChat(closing.baseURL, chatBody('openai/gpt-5.5', 'x', { stream: true }));
    const reading = response.text().then(
      () => 'ended',
      () => 'ended with error',
    );
    await closing.close();
    expect(await reading).toMatch(/^ended/);
    await expect(fetch(`${closing.baseURL}/models`)).rejects.toThrow();
  });
});
