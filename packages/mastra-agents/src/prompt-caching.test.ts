/**
 * Prompt caching over real HTTP to the simulator: the request body carries OpenRouter's `cache_control` breakpoint
 * after the instructions for Anthropic and Gemini models, and nothing for models that cache by themselves; through
 * a Mastra agent too, where the instructions are Mastra's system message.
 */
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { createModelCatalog, promptCachingMiddleware, savedByCaching } from '@orkit/model-selection';
import { createMemoryLedger } from '@orkit/observability';
import { reply, useOpenRouterSimulator } from '@orkit/testing-mocks/vitest';
import { generateText, wrapLanguageModel } from 'ai';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAgent } from './create-agent.js';

const simulator = useOpenRouterSimulator(); // reset before each test
const openrouter = () =>
  createOpenRouter({ baseURL: simulator.baseURL, apiKey: simulator.apiKey, compatibility: 'strict' });
beforeEach(() => simulator.script({ steps: reply('ok') }));

const INSTRUCTIONS = 'You review code for a team that ships agents. '.repeat(40);
type SentMessage = {
  role: string;
  content: string | Array<{ type: string; text?: string; cache_control?: unknown }>;
};
const bodyOf = (index: number) => simulator.requests.chats()[index]?.body as { messages: SentMessage[] };
/** Where the request put breakpoints: [role, cache_control] for each marked text part. */
const breakpoints = (index: number) =>
  bodyOf(index).messages.flatMap((message) =>
    typeof message.content === 'string'
      ? []
      : message.content
          .filter((part) => part.cache_control)
          .map((part) => [message.role, part.cache_control]),
  );

describe('promptCachingMiddleware', () => {
  it('marks the end of the instructions for Anthropic and Gemini, and leaves other models alone', async () => {
    for (const id of ['anthropic/claude-sonnet-5', 'google/gemini-3.5-flash', 'openai/gpt-5.5']) {
      const model = wrapLanguageModel({
        model: openrouter().chat(id),
        middleware: promptCachingMiddleware(),
      });
      await generateText({ model, system: INSTRUCTIONS, prompt: 'Review: return a - b', maxRetries: 0 });
    }
    expect(bodyOf(0).messages[0]).toEqual({
      role: 'system',
      content: [{ type: 'text', text: INSTRUCTIONS, cache_control: { type: 'ephemeral' } }],
    });
    expect(breakpoints(0)).toEqual([['system', { type: 'ephemeral' }]]);
    expect(breakpoints(1)).toEqual([['system', { type: 'ephemeral' }]]);
    expect(breakpoints(2)).toEqual([]);
    expect(JSON.stringify(bodyOf(2))).not.toContain('cache_control');
  });

  it('marks the conversation too when asked, with a one-hour lifetime, and keeps a breakpoint the caller set', async () => {
    const model = wrapLanguageModel({
      model: openrouter().chat('anthropic/claude-sonnet-5'),
      middleware: promptCachingMiddleware({ ttl: '1h', conversation: true }),
    });
    await generateText({
      model,
      instructions: {
        role: 'system',
        content: INSTRUCTIONS,
        providerOptions: { openrouter: { cacheControl: { type: 'ephemeral' } } },
      },
      messages: [{ role: 'user', content: 'First question' }],
      maxRetries: 0,
    });
    // The caller's breakpoint on the instructions is kept as it was; the conversation gets the one-hour one.
    expect(breakpoints(0)).toEqual([
      ['system', { type: 'ephemeral' }],
      ['user', { type: 'ephemeral', ttl: '1h' }],
    ]);
  });

  it('through a Mastra agent: the agent instructions carry the breakpoint', async () => {
    const agent = createAgent({
      name: 'reviewer',
      instructions: INSTRUCTIONS,
      models: ['anthropic/claude-sonnet-5'],
      model: (id) => openrouter().chat(id),
      stack: { promptCaching: {} },
    });
    await agent.generate('Review: return a - b');
    expect(breakpoints(0)).toEqual([['system', { type: 'ephemeral' }]]);
  });

  it('through a Mastra agent: the second call reads the instructions from the cache, and the ledger has it', async () => {
    const ledger = createMemoryLedger();
    const long = 'You review code for a team that ships agents; check bounds, errors and tests. '.repeat(80);
    const agent = createAgent({
      name: 'reviewer',
      instructions: long,
      models: ['anthropic/claude-sonnet-5'],
      model: (id) => openrouter().chat(id),
      stack: { promptCaching: {}, usage: { ledger } },
    });
    await agent.generate('Review: return a - b');
    await agent.generate('Review: return a * b');
    const [first, second] = await ledger.query({});
    // The simulator caches as Anthropic does: the first call writes the marked prefix, the second reads it.
    expect(first?.cacheWriteTokens).toBeGreaterThanOrEqual(1_024);
    expect(second?.cacheReadTokens).toBe(first?.cacheWriteTokens);
    const catalog = createModelCatalog();
    const model = catalog.get('anthropic/claude-sonnet-5');
    const saved = savedByCaching(model, {
      inputTokens: second?.inputTokens ?? 0,
      outputTokens: second?.outputTokens ?? 0,
      cacheReadTokens: second?.cacheReadTokens ?? 0,
    });
    expect(saved.pico).toBeGreaterThan(0n);
    // What the ledger recorded is what the simulator charged, cache prices included.
    expect((await ledger.query({})).reduce((sum, record) => sum + Number(record.costUsd), 0)).toBeCloseTo(
      Number(simulator.chargedUsd()),
      12,
    );
  });
});
