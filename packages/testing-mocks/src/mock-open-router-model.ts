import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { APICallError } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import { countTokens } from 'gpt-tokenizer';
import { splitIntoChunks } from './chat-answer.js';
import { DEFAULT_SIMULATOR_MODELS } from './default-models.generated.js';
import { errorBody } from './openrouter-bodies.js';
import { type ParsedPricing, parsePricing, priceUsage, type TokenCounts } from './price-usage.js';
import type { ErrorStep, ReplyStep, SimulatorStep } from './simulator-step.js';
import { usdToNumber } from './usd.js';

/** Options of {@link mockOpenRouterModel}. */
export interface MockOpenRouterModelOptions {
  /** Default `openai/gpt-5.5`. Its price (from the simulator's catalog) sets `providerMetadata.openrouter.usage.cost`. */
  readonly modelId?: string;
  /** One step for every call, a sequence (the last repeats), or a function of the call. Default: a fixed reply. */
  readonly steps?:
    | SimulatorStep
    | readonly SimulatorStep[]
    | ((call: { attempt: number; options: LanguageModelV4CallOptions }) => SimulatorStep);
}

const URL = 'https://openrouter.ai/api/v1/chat/completions';
const FINISH: Readonly<Record<string, LanguageModelV4FinishReason['unified']>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
};

function promptText(options: LanguageModelV4CallOptions): string {
  return options.prompt
    .flatMap((message) =>
      typeof message.content === 'string'
        ? [message.content]
        : message.content.map((part) => ('text' in part ? part.text : '')),
    )
    .join('\n');
}

function usageOf(tokens: TokenCounts): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: tokens.promptTokens,
      noCache: tokens.promptTokens - tokens.cachedTokens - tokens.cacheWriteTokens,
      cacheRead: tokens.cachedTokens,
      cacheWrite: tokens.cacheWriteTokens,
    },
    outputTokens: {
      total: tokens.completionTokens,
      text: tokens.completionTokens - tokens.reasoningTokens,
      reasoning: tokens.reasoningTokens,
    },
  };
}

/** The `APICallError` the real provider throws for an OpenRouter error response. */
function apiCallError(step: ErrorStep, options: LanguageModelV4CallOptions): APICallError {
  const body = errorBody(step.status, step.message, step.metadata);
  if (step.inBand) {
    return new APICallError({
      message: step.message,
      url: URL,
      requestBodyValues: options,
      statusCode: 200,
      isRetryable: false,
      data: body.error,
    });
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', ...step.headers };
  if (step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
  return new APICallError({
    message: step.message,
    url: URL,
    requestBodyValues: options,
    statusCode: step.status,
    responseHeaders: headers,
    responseBody: JSON.stringify(body),
    isRetryable: step.status === 408 || step.status === 409 || step.status === 429 || step.status >= 500,
    data: { error: { ...body.error, type: null, param: null } },
  });
}

/**
 * A mock AI SDK model (`MockLanguageModelV4`) that speaks the simulator's step vocabulary without HTTP: replies
 * and tool calls with usage and OpenRouter cost, `APICallError`s shaped like the provider's, stream error parts
 * and cuts. Calls are recorded in `doGenerateCalls` / `doStreamCalls`.
 *
 * @example
 * const model = mockOpenRouterModel({ steps: [faults.rateLimited(), reply('Hi')] });
 * await expect(generateText({ model, prompt: 'x', maxRetries: 0 })).rejects.toThrow('Rate limit');
 */
export function mockOpenRouterModel(options: MockOpenRouterModelOptions = {}): MockLanguageModelV4 {
  const modelId = options.modelId ?? 'openai/gpt-5.5';
  const catalogEntry = DEFAULT_SIMULATOR_MODELS.find((model) => model.id === modelId.split(':')[0]);
  const pricing: ParsedPricing | undefined = catalogEntry ? parsePricing(catalogEntry.pricing) : undefined;
  let calls = 0;
  const stepFor = (callOptions: LanguageModelV4CallOptions): SimulatorStep => {
    const attempt = calls;
    calls += 1;
    const { steps } = options;
    if (steps === undefined) return { type: 'reply', text: `Mock answer from ${modelId}.` };
    if (typeof steps === 'function') return steps({ attempt, options: callOptions });
    if (!Array.isArray(steps)) return steps as SimulatorStep;
    const sequence = steps as readonly SimulatorStep[];
    return sequence[Math.min(attempt, sequence.length - 1)] ?? { type: 'reply' };
  };
  const tokensFor = (
    step: ReplyStep,
    callOptions: LanguageModelV4CallOptions,
    text: string,
  ): TokenCounts => ({
    promptTokens: step.usage?.promptTokens ?? countTokens(promptText(callOptions)),
    cachedTokens: step.usage?.cachedTokens ?? 0,
    cacheWriteTokens: step.usage?.cacheWriteTokens ?? 0,
    reasoningTokens: step.usage?.reasoningTokens ?? 0,
    completionTokens: step.usage?.completionTokens ?? countTokens(text) + (step.usage?.reasoningTokens ?? 0),
  });
  const metadataFor = (tokens: TokenCounts) => ({
    openrouter: {
      provider: 'Mock',
      usage: {
        promptTokens: tokens.promptTokens,
        completionTokens: tokens.completionTokens,
        totalTokens: tokens.promptTokens + tokens.completionTokens,
        ...(pricing ? { cost: usdToNumber(priceUsage(pricing, tokens).total) } : {}),
      },
    },
  });
  const replyOf = (step: SimulatorStep) =>
    step.type === 'reply'
      ? step
      : ({
          type: 'reply',
          text: 'text' in step && step.text !== undefined ? step.text : `Mock answer from ${modelId}.`,
        } as ReplyStep);

  return new MockLanguageModelV4({
    provider: 'openrouter',
    modelId,
    doGenerate: async (callOptions): Promise<LanguageModelV4GenerateResult> => {
      const step = stepFor(callOptions);
      if (step.type === 'error') throw apiCallError(step, callOptions);
      if (step.type === 'stream-error')
        throw apiCallError(
          {
            type: 'error',
            status: step.code,
            message: step.message,
            inBand: true,
            ...(step.metadata ? { metadata: step.metadata } : {}),
          },
          callOptions,
        );
      if (step.type === 'cut' || step.type === 'malformed' || step.type === 'bad-body') {
        throw new APICallError({
          message: 'Invalid JSON response',
          url: URL,
          requestBodyValues: callOptions,
          statusCode: 200,
          isRetryable: false,
        });
      }
      const text = step.text ?? (step.toolCalls ? '' : `Mock answer from ${modelId}.`);
      const content: LanguageModelV4Content[] = [];
      if (step.reasoning) content.push({ type: 'reasoning', text: step.reasoning });
      if (text) content.push({ type: 'text', text });
      for (const [index, call] of (step.toolCalls ?? []).entries()) {
        content.push({
          type: 'tool-call',
          toolCallId: call.id ?? `call_${index}`,
          toolName: call.name,
          input: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
        });
      }
      const tokens = tokensFor(step, callOptions, text);
      const raw = step.finishReason ?? (step.toolCalls ? 'tool_calls' : 'stop');
      return {
        content,
        finishReason: { unified: FINISH[raw] ?? 'other', raw },
        usage: usageOf(tokens),
        providerMetadata: metadataFor(tokens),
        response: { id: `gen-mock-${calls}`, modelId, timestamp: new Date(0) },
        warnings: [],
      };
    },
    doStream: async (callOptions): Promise<LanguageModelV4StreamResult> => {
      const step = stepFor(callOptions);
      if (step.type === 'error' && !step.inBand) throw apiCallError(step, callOptions);
      const reply = replyOf(step);
      const text = reply.text ?? (reply.toolCalls ? '' : `Mock answer from ${modelId}.`);
      const chunks = splitIntoChunks(text, reply.wordsPerChunk ?? 1);
      const stopAfter =
        step.type === 'stream-error' || step.type === 'cut'
          ? step.afterChunks
          : step.type === 'bad-body'
            ? step.body === 'no-finish'
              ? chunks.length
              : 0
            : step.type === 'error'
              ? 0
              : chunks.length;
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', id: `gen-mock-${calls}`, modelId, timestamp: new Date(0) },
      ];
      if (stopAfter > 0) parts.push({ type: 'text-start', id: '0' });
      for (const chunk of chunks.slice(0, stopAfter))
        parts.push({ type: 'text-delta', id: '0', delta: chunk });
      if (stopAfter > 0) parts.push({ type: 'text-end', id: '0' });
      const sent = chunks.slice(0, stopAfter).join('');
      const tokens = tokensFor(reply, callOptions, sent);
      if (step.type === 'reply') {
        for (const [index, call] of (step.toolCalls ?? []).entries()) {
          parts.push({
            type: 'tool-call',
            toolCallId: call.id ?? `call_${index}`,
            toolName: call.name,
            input: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
          });
        }
        const raw = step.finishReason ?? (step.toolCalls ? 'tool_calls' : 'stop');
        parts.push({
          type: 'finish',
          finishReason: { unified: FINISH[raw] ?? 'other', raw },
          usage: usageOf(tokens),
          providerMetadata: metadataFor(tokens),
        });
      } else if (step.type === 'bad-body' && step.body !== 'wrong-shape') {
        // What the provider emits when the body held no finish chunk: a finish it made up, with no reason.
        parts.push({
          type: 'finish',
          finishReason: { unified: 'other', raw: undefined },
          usage: usageOf({
            promptTokens: 0,
            cachedTokens: 0,
            cacheWriteTokens: 0,
            completionTokens: 0,
            reasoningTokens: 0,
          }),
        });
      } else {
        const error =
          step.type === 'bad-body'
            ? Object.assign(new Error('Type validation failed: the chunk is not a chat completion chunk.'), {
                name: 'AI_TypeValidationError',
              })
            : step.type === 'stream-error'
              ? {
                  code: step.code,
                  message: step.message,
                  ...(step.metadata ? { metadata: step.metadata } : {}),
                }
              : step.type === 'error'
                ? {
                    code: step.status,
                    message: step.message,
                    ...(step.metadata ? { metadata: step.metadata } : {}),
                  }
                : new APICallError({
                    message: 'Failed to process successful response',
                    url: URL,
                    requestBodyValues: callOptions,
                    statusCode: 200,
                    responseHeaders: { 'content-type': 'text/event-stream' },
                    isRetryable: true,
                    cause: new TypeError('terminated'),
                  });
        parts.push({ type: 'error', error });
        parts.push({
          type: 'finish',
          finishReason: { unified: 'error', raw: 'error' },
          usage: usageOf(tokens),
          providerMetadata: metadataFor(tokens),
        });
      }
      return {
        stream: new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  });
}
