/**
 * Test helpers for the guard: a model behind `guardMiddleware` that records the guard's events and what reached the
 * model, and a conversation in which a `read` tool returned the given texts.
 */
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { mockOpenRouterModel, reply } from '@orkit/testing-mocks';
import { type ModelMessage, wrapLanguageModel } from 'ai';
import { type GuardEvent, type GuardOptions, guardMiddleware } from '../guard-middleware.js';

export function guarded(options: GuardOptions, text = 'Fine.', wordsPerChunk = 1) {
  const base = mockOpenRouterModel({ modelId: 'openai/gpt-5.5', steps: reply(text, { wordsPerChunk }) });
  const events: GuardEvent[] = [];
  const model = wrapLanguageModel({
    model: base,
    middleware: guardMiddleware({ ...options, onEvent: (event) => events.push(event) }),
  });
  const seen = (): LanguageModelV4CallOptions[] => [...base.doGenerateCalls, ...base.doStreamCalls];
  return { model, events, seen };
}

/** A user turn, the model's calls to the `read` tool, and the tool's results (`texts`). */
export const toolTurn = (texts: string[]): ModelMessage[] => [
  { role: 'user', content: 'Summarise the files.' },
  {
    role: 'assistant',
    content: texts.map((_, index) => ({
      type: 'tool-call' as const,
      toolCallId: `c${index}`,
      toolName: 'read',
      input: {},
    })),
  },
  {
    role: 'tool',
    content: texts.map((text, index) => ({
      type: 'tool-result' as const,
      toolCallId: `c${index}`,
      toolName: 'read',
      output: { type: 'text' as const, value: text },
    })),
  },
];
