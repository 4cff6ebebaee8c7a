import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateText } from 'ai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MIN_CACHED_TOKENS } from './prompt-cache.js';
import { startOpenRouterSimulator } from './start-open-router-simulator.js';

const simulator = await startOpenRouterSimulator({});
const cold = await startOpenRouterSimulator({ promptCaching: false });
afterAll(async () => {
  await simulator.close();
  await cold.close();
});
beforeEach(() => simulator.reset());

// About 1,500 tokens of stable instructions: above the providers' 1,024-token minimum.
const INSTRUCTIONS = Array.from(
  { length: 120 },
  (_, index) => `Rule ${index + 1}: review the change for correctness, naming and tests before style.`,
).join('\n');
const BREAKPOINT = { openrouter: { cacheControl: { type: 'ephemeral' } } };

async function call(
  modelId: string,
  question: string,
  options: { breakpoint?: boolean; baseURL?: string; apiKey?: string } = {},
) {
  const openrouter = createOpenRouter({
    baseURL: options.baseURL ?? simulator.baseURL,
    apiKey: options.apiKey ?? simulator.apiKey,
  });
  const result = await generateText({
    model: openrouter.chat(modelId),
    instructions: {
      role: 'system',
      content: INSTRUCTIONS,
      ...(options.breakpoint ? { providerOptions: BREAKPOINT } : {}),
    },
    prompt: question,
  });
  const usage = (result.providerMetadata?.openrouter as { usage?: { cost?: number } } | undefined)?.usage;
  return {
    details: result.usage.inputTokenDetails,
    inputTokens: result.usage.inputTokens ?? 0,
    cost: usage?.cost,
  };
}

describe("the simulator's provider prompt caching", () => {
  it('Anthropic: the first call with a breakpoint writes the prefix, the next one reads it, and pays less', async () => {
    const first = await call('anthropic/claude-sonnet-5', 'Review PR 1.', { breakpoint: true });
    const second = await call('anthropic/claude-sonnet-5', 'Review PR 2.', { breakpoint: true });
    expect(first.details.cacheWriteTokens).toBeGreaterThanOrEqual(MIN_CACHED_TOKENS);
    expect(first.details.cacheReadTokens).toBe(0);
    expect(second.details.cacheReadTokens).toBe(first.details.cacheWriteTokens);
    expect(second.details.cacheWriteTokens).toBe(0);
    // Cache reads cost a tenth of the input price here; the write a quarter more.
    expect(second.cost).toBeLessThan((first.cost ?? 0) / 2);
    const cached = second.details.cacheReadTokens ?? 0;
    const expected = (second.inputTokens - cached) * 0.000002 + cached * 0.0000002;
    expect(second.cost).toBeGreaterThan(expected);
  });

  it('Anthropic without a breakpoint caches nothing', async () => {
    await call('anthropic/claude-sonnet-5', 'Review PR 1.');
    const second = await call('anthropic/claude-sonnet-5', 'Review PR 2.');
    expect(second.details.cacheReadTokens ?? 0).toBe(0);
    expect(second.details.cacheWriteTokens ?? 0).toBe(0);
  });

  it('OpenAI caches a repeated prefix by itself, in steps of 128 tokens, and never charges a write', async () => {
    const first = await call('openai/gpt-5.5', 'Review PR 1.');
    const second = await call('openai/gpt-5.5', 'Review PR 2.');
    expect(first.details.cacheReadTokens ?? 0).toBe(0);
    expect(first.details.cacheWriteTokens ?? 0).toBe(0);
    const cached = second.details.cacheReadTokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(MIN_CACHED_TOKENS);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThan(second.inputTokens);
  });

  it('caches per model, not across models', async () => {
    await call('openai/gpt-5.5', 'Review PR 1.');
    const other = await call('openai/gpt-5.4-mini', 'Review PR 2.');
    expect(other.details.cacheReadTokens ?? 0).toBe(0);
  });

  it('a short prompt is never cached, and reset() empties the caches', async () => {
    const openrouter = createOpenRouter({ baseURL: simulator.baseURL, apiKey: simulator.apiKey });
    for (let round = 0; round < 2; round += 1) {
      const result = await generateText({ model: openrouter.chat('openai/gpt-5.5'), prompt: 'Hello there.' });
      expect(result.usage.inputTokenDetails.cacheReadTokens ?? 0).toBe(0);
    }
    await call('openai/gpt-5.5', 'Review PR 1.');
    simulator.reset();
    expect((await call('openai/gpt-5.5', 'Review PR 2.')).details.cacheReadTokens ?? 0).toBe(0);
  });

  it('promptCaching: false turns it off', async () => {
    const options = { breakpoint: true, baseURL: cold.baseURL, apiKey: cold.apiKey };
    await call('anthropic/claude-sonnet-5', 'Review PR 1.', options);
    const second = await call('anthropic/claude-sonnet-5', 'Review PR 2.', options);
    expect(second.details.cacheReadTokens ?? 0).toBe(0);
    expect(second.details.cacheWriteTokens ?? 0).toBe(0);
  });
});
