/**
 * OpenTelemetry end to end with the real SDK, through a Mastra agent: a live span per attempt (GenAI conventions),
 * active while its HTTP request is made (so the request is its child), closed with the same figures the ledger
 * holds; a failed attempt is an error span, and the deprecated `gen_ai.system` is gone.
 */
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMemoryLedger } from '@orkit/observability';
import { faults, reply, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgent } from './create-agent.js';

const simulator = await startOpenRouterSimulator();
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
afterAll(async () => {
  context.disable();
  await simulator.close();
});

describe('OpenTelemetry through an agent', () => {
  it('one live span per attempt, the request made inside it, with the figures the ledger holds', async () => {
    simulator.script({ model: 'anthropic/claude-sonnet-5', steps: faults.unavailable() });
    simulator.script({ steps: reply('from the second model') });
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
      'test',
    );
    const activeAtRequest: Array<string | undefined> = [];
    const openrouter = createOpenRouter({
      baseURL: simulator.baseURL,
      apiKey: simulator.apiKey,
      compatibility: 'strict',
      fetch: (input, init) => {
        activeAtRequest.push(trace.getActiveSpan()?.spanContext().spanId);
        return fetch(input, init);
      },
    });
    const ledger = createMemoryLedger();
    const agent = createAgent({
      name: 'support',
      instructions: 'Help the user.',
      models: ['anthropic/claude-sonnet-5', 'openai/gpt-5.5'],
      model: (id) => openrouter.chat(id),
      stack: { usage: { ledger, openTelemetry: { tracer } } },
    });
    expect((await agent.generate('hello', { modelSettings: { maxOutputTokens: 300 } })).text).toBe(
      'from the second model',
    );

    const spans = exporter.getFinishedSpans();
    const records = await ledger.query();
    expect(spans.map((span) => span.name)).toEqual(['chat anthropic/claude-sonnet-5', 'chat openai/gpt-5.5']);
    // Live: each request was made while its attempt's span was the active one.
    expect(activeAtRequest).toEqual(spans.map((span) => span.spanContext().spanId));
    const [failed, answered] = spans;
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['error.type']).toBe('http-503');
    expect(answered?.status.code).not.toBe(SpanStatusCode.ERROR);
    const record = records.find((entry) => entry.outcome === 'success');
    expect(answered?.attributes).toMatchObject({
      'gen_ai.provider.name': 'openrouter',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'openai/gpt-5.5',
      'gen_ai.request.max_tokens': 300,
      'gen_ai.response.model': record?.answeredModel,
      'gen_ai.response.id': record?.generationId,
      'gen_ai.usage.input_tokens': record?.inputTokens,
      'gen_ai.usage.output_tokens': record?.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': record?.cacheReadTokens,
      'gen_ai.usage.reasoning.output_tokens': record?.reasoningTokens,
      'gen_ai.agent.name': 'support',
      'orkit.cost_usd': record?.costUsd,
    });
    expect(Number(answered?.attributes['gen_ai.usage.input_tokens'])).toBeGreaterThan(0);
    for (const span of spans) expect(span.attributes['gen_ai.system']).toBeUndefined();
  });
});
