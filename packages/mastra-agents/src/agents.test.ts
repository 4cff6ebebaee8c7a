import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { createHealthTracker, strategyModels } from '@orkit/model-selection';
import { createMemoryLedger } from '@orkit/observability';
import { faults, reply, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { adaptiveRequestContext, createAdaptiveAgent } from './adaptive-agent.js';
import { CODE_REVIEW_PRESET } from './agent-presets.js';
import { callerRequestContext } from './caller-attribution.js';
import { createAgent } from './create-agent.js';
import { AgentStreamError, streamAgentText } from './stream-agent-text.js';

const simulator = await startOpenRouterSimulator();
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
const model = (id: string) => openrouter.chat(id);
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

describe('createAgent', () => {
  it('runs a preset through the stack; usage is attributed to the agent', async () => {
    simulator.script({ steps: reply('Line 1: `a - b` should be `a + b`.') });
    const ledger = createMemoryLedger();
    const agent = createAgent({
      ...CODE_REVIEW_PRESET,
      model,
      stack: { resilience: { retry: { maxAttempts: 2 } }, usage: { ledger } },
    });
    const result = await agent.generate('Review: function add(a, b) { return a - b }');
    expect(result.text).toBe('Line 1: `a - b` should be `a + b`.');
    const [seen] = simulator.requests.chats();
    expect(seen?.requestedModel).toBe(strategyModels('coding')[0]);
    expect(seen?.body).toMatchObject({ temperature: 0, max_tokens: 1_200 });
    const [record] = await ledger.query();
    expect(record).toMatchObject({ attribution: { agent: 'code-reviewer' }, costSource: 'reported' });
    expect(record?.costUsd).toBe(seen?.chargedUsd);
  });

  it("sends the agent's temperature even for a model Mastra's registry does not list (Mastra drops it there)", async () => {
    simulator.script({ steps: reply('ok') });
    for (const id of ['anthropic/claude-sonnet-5', 'openai/gpt-5.3-codex']) {
      const agent = createAgent({ name: 'warm', instructions: 'x', temperature: 0.3, models: [id], model });
      await agent.generate('hi');
      expect(simulator.requests.chats().at(-1)?.body).toMatchObject({ model: id, temperature: 0.3 });
    }
  });

  it('attributes usage to the caller from the request context (user and tenant)', async () => {
    simulator.script({ steps: reply('ok') });
    const ledger = createMemoryLedger();
    const agent = createAgent({ ...CODE_REVIEW_PRESET, model, stack: { usage: { ledger } } });
    await agent.generate('Review: x = 1', {
      requestContext: callerRequestContext({ user: 'u-42', tenant: 'acme' }),
    });
    await agent.generate('Review: y = 2');
    const records = await ledger.query();
    expect(records.map(({ attribution: { callId, ...who } }) => who)).toEqual([
      { agent: 'code-reviewer', user: 'u-42', tenant: 'acme' },
      { agent: 'code-reviewer' },
    ]);
    // Two calls, two call ids.
    expect(new Set(records.map((record) => record.attribution.callId)).size).toBe(2);
  });

  it('falls back when the primary model is down', async () => {
    const [primary, secondary] = strategyModels('coding');
    simulator.script({ model: primary as string, steps: faults.unavailable() });
    simulator.script({ steps: reply('fallback answer') });
    const agent = createAgent({ ...CODE_REVIEW_PRESET, model });
    expect((await agent.generate('Review this')).text).toBe('fallback answer');
    expect(simulator.requests.chats().map((record) => record.requestedModel)).toEqual([primary, secondary]);
  });
});

describe('createAdaptiveAgent', () => {
  it('with a health tracker, a model that keeps failing is tried last, with nothing wired by the caller', async () => {
    const prompt = 'Prove that the square root of 2 is irrational';
    const context = adaptiveRequestContext(prompt);
    const [first, second] = strategyModels(context.get('orkit.task') as never, {
      complexity: context.get('orkit.complexity') as never,
    });
    simulator.script({ model: first as string, steps: faults.unavailable() });
    simulator.script({ steps: reply('from a healthy model') });
    const health = createHealthTracker({ minCalls: 3 });
    const agent = createAdaptiveAgent({
      name: 'assistant',
      instructions: 'Help.',
      model,
      stack: { health, usage: { ledger: createMemoryLedger() }, fallback: { maxAttempts: 3 } },
    });
    for (let call = 0; call < 4; call += 1)
      expect((await agent.generate(prompt, { requestContext: context })).text).toBe('from a healthy model');
    // Three calls tried the failing model first and fell back; from then on it is tried last.
    expect(simulator.requests.chats().map((record) => record.requestedModel)).toEqual([
      first,
      second,
      first,
      second,
      first,
      second,
      second,
    ]);
    expect(health.health()[first as string]).toEqual({ errorRate: 1 });
  });

  it('100 concurrent calls of mixed tasks: each reaches the simulator on the model chosen for it', async () => {
    simulator.script({ steps: (context) => reply(`answer for: ${context.prompt}`) });
    const agent = createAdaptiveAgent({ name: 'assistant', instructions: 'Help.', model });
    const prompts = [
      'What is the capital of Australia?',
      'Fix the TypeError in this React component',
      'Prove that the square root of 2 is irrational',
      'Write a haiku about autumn rain in the city',
      'Analyze this sales CSV and tell me which region grew fastest',
    ];
    const calls = Array.from(
      { length: 100 },
      (_, index) => `${prompts[index % prompts.length]} (call ${index})`,
    );
    const answers = await Promise.all(
      calls.map((prompt) => agent.generate(prompt, { requestContext: adaptiveRequestContext(prompt) })),
    );
    expect(answers.every((answer, index) => answer.text === `answer for: ${calls[index]}`)).toBe(true);
    const records = simulator.requests.chats();
    expect(records).toHaveLength(100);
    for (const record of records) {
      const prompt = (
        record.body as { messages: Array<{ role: string; content: unknown }> }
      ).messages.findLast((message) => message.role === 'user');
      const text = typeof prompt?.content === 'string' ? prompt.content : JSON.stringify(prompt?.content);
      const call = calls.find((candidate) => text.includes(candidate)) as string;
      const context = adaptiveRequestContext(call);
      const expected = strategyModels(context.get('orkit.task') as never, {
        complexity: context.get('orkit.complexity') as never,
      })[0];
      expect(record.requestedModel, call).toBe(expected);
    }
    expect(new Set(records.map((record) => record.requestedModel)).size).toBeGreaterThanOrEqual(3);
  });
});

describe('streamAgentText', () => {
  it('yields text and ends quietly on success', async () => {
    simulator.script({ steps: reply('one two three') });
    const agent = createAgent({ name: 'a', instructions: 'x', models: ['openai/gpt-5.5'], model });
    let text = '';
    for await (const chunk of streamAgentText(agent, 'hi')) text += chunk;
    expect(text).toBe('one two three');
  });

  it('ends with AgentStreamError when the stream fails before or after the first token, and usage is recorded', async () => {
    const ledger = createMemoryLedger();
    const agent = createAgent({
      name: 'a',
      instructions: 'x',
      models: ['openai/gpt-5.5'],
      model,
      stack: { usage: { ledger } },
    });
    for (const [step, partial] of [
      [faults.streamError({ afterChunks: 0 }), ''],
      [faults.streamError({ afterChunks: 2, text: 'alpha beta gamma' }), 'alpha beta '],
    ] as const) {
      simulator.reset();
      simulator.script({ steps: step });
      let text = '';
      let caught: unknown;
      try {
        for await (const chunk of streamAgentText(agent, 'hi')) text += chunk;
      } catch (error) {
        caught = error;
      }
      expect(AgentStreamError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ agent: 'a', partialText: partial, aborted: false });
      expect(text).toBe(partial);
    }
    expect((await ledger.query()).map((record) => record.outcome)).toEqual(['error', 'error']);
  });

  it('ends with an aborted AgentStreamError on abort; the aborted call is recorded', async () => {
    simulator.script({ steps: reply('a b c d e f g h i j', { chunkDelayMs: 20 }) });
    const ledger = createMemoryLedger();
    const agent = createAgent({
      name: 'a',
      instructions: 'x',
      models: ['openai/gpt-5.5'],
      model,
      stack: { usage: { ledger } },
    });
    const controller = new AbortController();
    let chunks = 0;
    let caught: unknown;
    try {
      for await (const _chunk of streamAgentText(agent, 'hi', { signal: controller.signal })) {
        chunks += 1;
        if (chunks === 2) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'AgentStreamError', aborted: true });
    await simulator.requests.waitFor((record) => record.outcome === 'client-aborted');
    expect((await ledger.query()).map((record) => record.outcome)).toEqual(['aborted']);
  });
});
