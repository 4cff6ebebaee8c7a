import {
  ChatResult$inboundSchema,
  ChatStreamChunk$inboundSchema,
  GenerationResponse$inboundSchema,
  ModelsListResponse$inboundSchema,
} from '@openrouter/sdk/models';
import { GetCurrentKeyResponse$inboundSchema } from '@openrouter/sdk/models/operations';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { faults } from './faults.js';
import { chatBody, parseSse, postChat } from './raw-client.test-helper.js';
import { reply, toolCalls } from './simulator-step.js';
import { SIMULATOR_API_KEY, startOpenRouterSimulator } from './start-open-router-simulator.js';

const simulator = await startOpenRouterSimulator();
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

function expectValid(
  schema: { safeParse(value: unknown): { success: boolean; error?: unknown } },
  value: unknown,
): void {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new Error(`schema rejected ${JSON.stringify(value).slice(0, 400)}: ${String(result.error)}`);
}

describe('the simulator passes the official @openrouter/sdk schemas', () => {
  it('JSON completions, with text, reasoning and tool calls', async () => {
    simulator.script({
      prompt: 'reason',
      steps: reply('Because.', { reasoning: 'Think first.', usage: { cachedTokens: 3 } }),
    });
    simulator.script({ prompt: 'tool', steps: toolCalls([{ name: 'lookup', arguments: { q: 'x' } }]) });
    for (const prompt of ['hello', 'reason', 'tool']) {
      const body = await (await postChat(simulator.baseURL, chatBody('openai/gpt-5.5', prompt))).json();
      expectValid(ChatResult$inboundSchema, body);
    }
  });

  it('every SSE chunk, including the usage chunk and an error event', async () => {
    simulator.script({ prompt: 'tool', steps: toolCalls([{ name: 'lookup', arguments: { q: 'x' } }]) });
    simulator.script({ prompt: 'broken', steps: faults.streamError({ afterChunks: 2 }) });
    for (const prompt of ['hello there', 'tool', 'broken']) {
      const response = await postChat(
        simulator.baseURL,
        chatBody('anthropic/claude-sonnet-5', prompt, { stream: true }),
      );
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const { comments, events } = parseSse(await response.text());
      expect(comments[0]).toBe(': OPENROUTER PROCESSING');
      for (const event of events) if (event !== '[DONE]') expectValid(ChatStreamChunk$inboundSchema, event);
    }
  });

  it('GET /models, GET /generation and GET /key', async () => {
    expectValid(ModelsListResponse$inboundSchema, await (await fetch(`${simulator.baseURL}/models`)).json());
    const completion = await postChat(simulator.baseURL, chatBody('google/gemini-3.5-flash', 'hi'));
    const id = completion.headers.get('x-generation-id');
    const auth = { headers: { authorization: `Bearer ${SIMULATOR_API_KEY}` } };
    expectValid(
      GenerationResponse$inboundSchema,
      await (await fetch(`${simulator.baseURL}/generation?id=${id}`, auth)).json(),
    );
    expectValid(
      GetCurrentKeyResponse$inboundSchema,
      await (await fetch(`${simulator.baseURL}/key`, auth)).json(),
    );
  });

  it('serves prices as decimal strings per token, from the same table it bills with', async () => {
    const { data } = (await (await fetch(`${simulator.baseURL}/models`)).json()) as {
      data: Array<{ id: string; pricing: Record<string, string> }>;
    };
    const sonnet = data.find((model) => model.id === 'anthropic/claude-sonnet-5');
    expect(sonnet?.pricing).toMatchObject({
      prompt: '0.000002',
      completion: '0.00001',
      input_cache_read: '0.0000002',
    });
    for (const model of data)
      for (const price of Object.values(model.pricing)) expect(price).toMatch(/^\d+(\.\d+)?$/);
  });
});
