import { countTokens, decode, encode } from 'gpt-tokenizer';
import type { ChatRequest } from './chat-request.js';
import {
  chunkBody,
  completionBody,
  type GenerationIdentity,
  streamErrorChunkBody,
  toolCallsBody,
  usageBody,
  usageChunkBody,
} from './openrouter-bodies.js';
import { priceUsage, type TokenCounts } from './price-usage.js';
import type { ServedModel } from './simulator-state.js';
import type { ReplyStep } from './simulator-step.js';
import type { SseEvent } from './sse-writer.js';
import { usdToNumber } from './usd.js';

/** The content of a reply, cut to `max_tokens` when it would overflow (finish reason `length`). */
export interface ReplyContent {
  readonly text: string;
  readonly finishReason: string;
  readonly tokens: TokenCounts;
}

/** Token counts and final text for a reply step. */
export function replyContent(step: ReplyStep, request: ChatRequest, fallbackText: string): ReplyContent {
  let text = step.text ?? (step.toolCalls ? '' : fallbackText);
  let finishReason: string = step.finishReason ?? (step.toolCalls ? 'tool_calls' : 'stop');
  const reasoningTokens = step.usage?.reasoningTokens ?? (step.reasoning ? countTokens(step.reasoning) : 0);
  const toolTokens = step.toolCalls ? countTokens(JSON.stringify(step.toolCalls)) : 0;
  let textTokens = countTokens(text);
  const budget =
    request.maxTokens === undefined ? undefined : request.maxTokens - reasoningTokens - toolTokens;
  if (budget !== undefined && textTokens > budget) {
    text = decode(encode(text).slice(0, Math.max(0, budget)));
    textTokens = Math.max(0, budget);
    finishReason = 'length';
  }
  return {
    text,
    finishReason,
    tokens: {
      promptTokens: step.usage?.promptTokens ?? request.promptTokens,
      cachedTokens: step.usage?.cachedTokens ?? 0,
      cacheWriteTokens: step.usage?.cacheWriteTokens ?? 0,
      completionTokens: step.usage?.completionTokens ?? textTokens + reasoningTokens + toolTokens,
      reasoningTokens,
    },
  };
}

/** The exact charge and the `usage` body for some tokens on a model. */
export function chargeFor(served: ServedModel, tokens: TokenCounts, byok: boolean, byokFeeRate: number) {
  const price = priceUsage(served.pricing, tokens);
  // BYOK: the provider bills the user directly; OpenRouter charges its fee, reported as `cost`.
  const fee = byok ? (price.total * BigInt(Math.round(byokFeeRate * 1_000_000))) / 1_000_000n : price.total;
  const usage = usageBody(tokens, {
    cost: usdToNumber(fee),
    promptCost: usdToNumber(price.prompt),
    completionCost: usdToNumber(price.completion),
    byok,
    upstreamCost: byok ? usdToNumber(price.total) : undefined,
  });
  return { charged: fee, usage };
}

/** Splits text into content pieces of `wordsPerChunk` words, keeping every character. */
export function splitIntoChunks(text: string, wordsPerChunk: number): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
  const chunks: string[] = [];
  for (let start = 0; start < words.length; start += wordsPerChunk) {
    chunks.push(words.slice(start, start + wordsPerChunk).join(''));
  }
  return chunks;
}

/** The JSON body of a successful reply. */
export function replyJson(
  identity: GenerationIdentity,
  step: ReplyStep,
  content: ReplyContent,
  usage: ReturnType<typeof usageBody>,
) {
  return completionBody(
    identity,
    {
      content: step.toolCalls && content.text === '' ? null : content.text,
      reasoning: step.reasoning,
      toolCalls: step.toolCalls ? toolCallsBody(step.toolCalls, identity.id) : undefined,
    },
    content.finishReason,
    usage,
  );
}

/** How a stream should end after its content chunks. */
export type StreamEnding =
  | { readonly kind: 'finish'; readonly usage: ReturnType<typeof usageBody>; readonly finishReason: string }
  | {
      readonly kind: 'error';
      readonly code: number;
      readonly message: string;
      readonly metadata: Readonly<Record<string, unknown>> | undefined;
    }
  | { readonly kind: 'cut' }
  | { readonly kind: 'malformed' }
  /** The content, then a clean end: no finish chunk, no usage, no `[DONE]`. */
  | { readonly kind: 'unfinished' }
  /** SSE events whose data is JSON but not a chat completion chunk. */
  | { readonly kind: 'wrong-shape' };

/** The SSE events of a reply: keep-alive, role chunk, reasoning, content (with delays and stalls), then the ending. */
export function streamEvents(
  identity: GenerationIdentity,
  step: ReplyStep,
  text: string,
  stopAfterChunks: number | undefined,
  ending: StreamEnding,
): SseEvent[] {
  const events: SseEvent[] = [{ kind: 'comment' }];
  if (step.firstChunkDelayMs) events.push({ kind: 'wait', ms: step.firstChunkDelayMs, keepAlive: true });
  events.push({ kind: 'data', payload: chunkBody(identity, { role: 'assistant', content: '' }, null) });
  if (step.reasoning) {
    events.push({
      kind: 'data',
      payload: chunkBody(
        identity,
        {
          role: 'assistant',
          content: '',
          reasoning: step.reasoning,
          reasoning_details: [{ type: 'reasoning.text', text: step.reasoning, format: 'unknown', index: 0 }],
        },
        null,
      ),
    });
  }
  const deltas: Array<{ delta: Record<string, unknown>; content: string }> = splitIntoChunks(
    text,
    step.wordsPerChunk ?? 1,
  ).map((chunk) => ({ delta: { role: 'assistant', content: chunk }, content: chunk }));
  if (step.toolCalls) {
    const calls = toolCallsBody(step.toolCalls, identity.id).map((call, index) => ({ index, ...call }));
    deltas.push({ delta: { role: 'assistant', content: null, tool_calls: calls }, content: '' });
  }
  const limit = Math.min(deltas.length, stopAfterChunks ?? deltas.length);
  const stallAt = step.stall ? Math.min(step.stall.afterChunks, limit) : -1;
  for (let position = 0; position <= limit; position += 1) {
    if (position === stallAt && step.stall) {
      events.push({ kind: 'wait', ms: step.stall.ms, keepAlive: step.stall.keepAlive });
    }
    const next = deltas[position];
    if (position === limit || next === undefined) break;
    events.push({ kind: 'data', payload: chunkBody(identity, next.delta, null), content: next.content });
    if (step.chunkDelayMs && position < limit - 1)
      events.push({ kind: 'wait', ms: step.chunkDelayMs, keepAlive: false });
  }
  switch (ending.kind) {
    case 'finish':
      events.push({ kind: 'data', payload: chunkBody(identity, {}, ending.finishReason) });
      events.push({ kind: 'data', payload: usageChunkBody(identity, ending.usage) });
      events.push({ kind: 'done' });
      break;
    case 'error':
      events.push({
        kind: 'data',
        payload: streamErrorChunkBody(identity, ending.code, ending.message, ending.metadata),
      });
      events.push({ kind: 'end' });
      break;
    case 'cut':
      events.push({ kind: 'cut' });
      break;
    case 'malformed':
      events.push({ kind: 'raw', text: 'data: {"id":"gen-malformed","choices":[{"delta":{"content":\n\n' });
      events.push({ kind: 'end' });
      break;
    case 'unfinished':
      events.push({ kind: 'end' });
      break;
    case 'wrong-shape':
      events.push({ kind: 'data', payload: { status: 'ok', result: { text: 'not a chunk' } } });
      events.push({ kind: 'done' });
      break;
  }
  return events;
}
