/** A tool call the simulated model makes. `arguments` objects are sent as JSON text. */
export interface ToolCallSpec {
  readonly name: string;
  readonly arguments: string | Readonly<Record<string, unknown>>;
  readonly id?: string;
}

/** Pause the stream: before the first content part (`afterChunks: 0`) or after N content chunks. */
export interface StallSpec {
  readonly afterChunks: number;
  readonly ms: number;
  /** Send `: OPENROUTER PROCESSING` comments while stalled (proof of life, not of progress). */
  readonly keepAlive: boolean;
}

/** Overrides for the token counts and money the simulator would otherwise compute. */
export interface UsageSpec {
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly reasoningTokens?: number;
  readonly cachedTokens?: number;
  readonly cacheWriteTokens?: number;
  /** Bring-your-own-key: `cost` is OpenRouter's fee and `upstream_inference_cost` what the provider charged. */
  readonly byok?: boolean;
}

/** A successful answer: text, tool calls, or both. */
export interface ReplyStep {
  readonly type: 'reply';
  readonly text?: string;
  readonly toolCalls?: readonly ToolCallSpec[];
  readonly reasoning?: string;
  readonly finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  readonly usage?: UsageSpec;
  /** Nothing at all, not even the response headers, for this long: a server that accepted the connection and hangs. */
  readonly headersDelayMs?: number;
  /** Delay before the first content chunk (keep-alive comments are sent meanwhile). Default 0. */
  readonly firstChunkDelayMs?: number;
  /** Delay between content chunks. Default 0. */
  readonly chunkDelayMs?: number;
  /** Words per content chunk. Default 1. */
  readonly wordsPerChunk?: number;
  readonly stall?: StallSpec;
}

/** An HTTP error with OpenRouter's body, or (`inBand`) the same body inside an HTTP 200. */
export interface ErrorStep {
  readonly type: 'error';
  readonly status: number;
  readonly message: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly retryAfterSeconds?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send the error body with HTTP 200 (non-streaming) or as the first SSE event (streaming). */
  readonly inBand?: boolean;
}

/** An SSE `error` event after N content chunks (`finish_reason: "error"`); for a JSON request, an in-band error. */
export interface StreamErrorStep {
  readonly type: 'stream-error';
  readonly afterChunks: number;
  readonly code: number;
  readonly message: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** The text streamed before the error. Default: the simulator's default reply. */
  readonly text?: string;
}

/** The connection is dropped after N content chunks: no finish chunk, no usage, no `[DONE]`. */
export interface CutStep {
  readonly type: 'cut';
  readonly afterChunks: number;
  readonly text?: string;
}

/** A body that is not valid JSON (non-streaming) or an SSE event whose data is not JSON (streaming). */
export interface MalformedStep {
  readonly type: 'malformed';
  readonly afterChunks?: number;
}

/**
 * A 200 whose body is not what was asked for: `html` (a proxy's error page), `empty`, `json` (a plain chat
 * completion where a stream was asked for; a JSON request gets it as the right answer, billed), `wrong-shape` (JSON that is not a chat completion, or SSE events that
 * are not chunks), `no-finish` (a stream that ends cleanly after its content, with no finish chunk and no `[DONE]`;
 * a JSON request gets the reply's body cut in half).
 */
export interface BadBodyStep {
  readonly type: 'bad-body';
  readonly body: 'html' | 'empty' | 'json' | 'wrong-shape' | 'no-finish';
  /** The text streamed before a `no-finish` ending. Default: the simulator's default reply. */
  readonly text?: string;
}

/** What the simulated model does for one attempt. */
export type SimulatorStep = ReplyStep | ErrorStep | StreamErrorStep | CutStep | MalformedStep | BadBodyStep;

/**
 * A successful text answer.
 *
 * @example
 * simulator.script({ model: 'openai/gpt-5.5', steps: reply('Hello!', { firstChunkDelayMs: 200 }) });
 */
export function reply(text: string, options: Omit<ReplyStep, 'type' | 'text'> = {}): ReplyStep {
  return { type: 'reply', text, ...options };
}

/**
 * An answer that calls tools (finish reason `tool_calls`).
 *
 * @example
 * simulator.script({ steps: [toolCalls([{ name: 'weather', arguments: { city: 'Oslo' } }]), reply('It is sunny.')] });
 */
export function toolCalls(
  calls: readonly ToolCallSpec[],
  options: Omit<ReplyStep, 'type' | 'toolCalls'> = {},
): ReplyStep {
  return { type: 'reply', toolCalls: calls, finishReason: 'tool_calls', ...options };
}
