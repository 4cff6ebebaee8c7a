import { countTokens } from 'gpt-tokenizer';
import { type CacheablePrompt, cacheablePrompt } from './prompt-cache.js';

/** A validated chat request. */
export interface ChatRequest {
  readonly body: Readonly<Record<string, unknown>>;
  /** Models to try in order: `model`, then `models`. Empty means the account default. */
  readonly candidates: readonly string[];
  readonly stream: boolean;
  readonly maxTokens: number | undefined;
  /** The last user message's text. */
  readonly prompt: string;
  readonly promptTokens: number;
  /** The prefixes a provider's prompt cache could hold. */
  readonly cacheable: CacheablePrompt;
}

/** A request OpenRouter would refuse with 400. */
export interface ChatRequestProblem {
  readonly message: string;
}

interface Message {
  readonly role?: unknown;
  readonly content?: unknown;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: unknown; text?: unknown }) =>
      part?.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .join('\n');
}

/** A message's tokens: its text plus a small overhead, as chat templates add, and its tool calls. */
function messageTokens(message: Message): number {
  const toolCalls = (message as { tool_calls?: unknown }).tool_calls;
  return (
    4 +
    countTokens(textOf(message.content)) +
    (toolCalls === undefined ? 0 : countTokens(JSON.stringify(toolCalls)))
  );
}

/** Validates a chat body as OpenRouter does; never throws. */
export function parseChatRequest(body: unknown): ChatRequest | ChatRequestProblem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { message: 'Invalid request body: expected a JSON object.' };
  }
  const record = body as Record<string, unknown>;
  const messages = record.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return { message: 'Input required: specify "prompt" or "messages"' };
  }
  if (
    messages.some(
      (message) =>
        typeof message !== 'object' || message === null || typeof (message as Message).role !== 'string',
    )
  ) {
    return { message: 'Invalid messages: every message needs a "role".' };
  }
  if (record.model !== undefined && typeof record.model !== 'string')
    return { message: '"model" must be a string.' };
  if (
    record.models !== undefined &&
    (!Array.isArray(record.models) || record.models.some((id) => typeof id !== 'string'))
  ) {
    return { message: '"models" must be an array of model ids.' };
  }
  const maxTokens = record.max_tokens ?? record.max_completion_tokens;
  if (
    maxTokens !== undefined &&
    (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)
  ) {
    return { message: '"max_tokens" must be a positive integer.' };
  }
  const candidates = [
    ...new Set(
      [record.model, ...((record.models as string[] | undefined) ?? [])].filter(
        (id) => typeof id === 'string',
      ),
    ),
  ] as string[];
  const users = (messages as Message[]).filter((message) => message.role === 'user');
  const cacheable = cacheablePrompt(messages as Array<Record<string, unknown>>, messageTokens, record);
  return {
    body: record,
    candidates,
    stream: record.stream === true,
    maxTokens: maxTokens as number | undefined,
    prompt: textOf(users.at(-1)?.content),
    // Every message plus 3 for the reply's start: the last boundary.
    promptTokens: cacheable.boundaries.at(-1)?.tokens ?? 3,
    cacheable,
  };
}

/** Whether the parse failed. */
export function isChatRequestProblem(value: ChatRequest | ChatRequestProblem): value is ChatRequestProblem {
  return 'message' in value;
}
