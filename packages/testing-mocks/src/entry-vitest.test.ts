import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { faults, reply, useOpenRouterSimulator } from './entry-vitest.js';

describe('useOpenRouterSimulator', () => {
  const simulator = useOpenRouterSimulator();

  it('starts once per file and answers through the real provider', async () => {
    simulator.script({ steps: reply('from the helper') });
    const openrouter = createOpenRouter({ baseURL: simulator.baseURL, apiKey: simulator.apiKey });
    const { text } = await generateText({
      model: openrouter.chat('openai/gpt-5.5'),
      prompt: 'hi',
      maxRetries: 0,
    });
    expect(text).toBe('from the helper');
    expect(simulator.requests.chats()).toHaveLength(1);
  });

  it('resets scripts and the log between tests', async () => {
    expect(simulator.requests.count).toBe(0);
    simulator.script({ steps: faults.unauthorized() });
    const openrouter = createOpenRouter({ baseURL: simulator.baseURL, apiKey: simulator.apiKey });
    await expect(
      generateText({ model: openrouter.chat('openai/gpt-5.5'), prompt: 'hi', maxRetries: 0 }),
    ).rejects.toThrow('User not found.');
  });
});

describe('useOpenRouterSimulator before it has started', () => {
  const early = useOpenRouterSimulator();
  it('is only usable inside tests', () => {
    expect(early.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
  });
});
