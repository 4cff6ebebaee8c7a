import type {
  BadBodyStep,
  CutStep,
  ErrorStep,
  MalformedStep,
  ReplyStep,
  StreamErrorStep,
} from './simulator-step.js';

/** Where a 402 says the money ran out. */
export type LimitSource = 'openrouter_credits' | 'openrouter_key_limit' | 'openrouter_in_flight_budget';

function withRetryAfter(step: ErrorStep, retryAfterSeconds: number | undefined): ErrorStep {
  return retryAfterSeconds === undefined ? step : { ...step, retryAfterSeconds };
}

/**
 * OpenRouter's failures, each with its real status, body and metadata.
 *
 * @example
 * simulator.script({ model: 'anthropic/claude-sonnet-5', steps: [faults.rateLimited({ retryAfterSeconds: 2 }), reply('ok')] });
 */
export const faults = {
  /** Any status with OpenRouter's error body. */
  http(
    status: number,
    message: string,
    options: Omit<ErrorStep, 'type' | 'status' | 'message'> = {},
  ): ErrorStep {
    return { type: 'error', status, message, ...options };
  },
  /** 400: the prompt does not fit the model's context window. */
  contextLength(options: { maxContext?: number; requested?: number } = {}): ErrorStep {
    const maxContext = options.maxContext ?? 200_000;
    const requested = options.requested ?? maxContext + 1_000;
    return {
      type: 'error',
      status: 400,
      message: `This endpoint's maximum context length is ${maxContext} tokens. However, you requested about ${requested} tokens. Please reduce the length of either one, or use the "middle-out" transform to compress your prompt automatically.`,
    };
  },
  /** 401: missing, revoked or unknown key. */
  unauthorized(message = 'User not found.'): ErrorStep {
    return { type: 'error', status: 401, message };
  },
  /** 402: out of credits, or a key or in-flight budget reached. */
  insufficientCredits(
    options: {
      limitSource?: LimitSource;
      retryAfterSeconds?: number;
      requestedTokens?: number;
      affordableTokens?: number;
    } = {},
  ): ErrorStep {
    const message =
      options.affordableTokens === undefined
        ? 'Insufficient credits. Add more using https://openrouter.ai/settings/credits'
        : `This request requires more credits, or fewer max_tokens. You requested up to ${options.requestedTokens ?? options.affordableTokens * 2} tokens, but can only afford ${options.affordableTokens}. To increase, visit https://openrouter.ai/settings/credits and add more credits`;
    return withRetryAfter(
      {
        type: 'error',
        status: 402,
        message,
        metadata: { limit_source: options.limitSource ?? 'openrouter_credits' },
      },
      options.retryAfterSeconds,
    );
  },
  /** 403: the input was flagged by moderation. */
  moderation(
    options: { reasons?: readonly string[]; flaggedInput?: string; providerName?: string } = {},
  ): ErrorStep {
    const reasons = options.reasons ?? ['violence'];
    return {
      type: 'error',
      status: 403,
      message: `Your input was flagged for "${reasons.join(', ')}". No credits were charged.`,
      metadata: {
        reasons,
        flagged_input: options.flaggedInput ?? '…',
        provider_name: options.providerName ?? 'OpenAI',
      },
    };
  },
  /** 404: no endpoint matches the routing requirements or data policy. */
  noEndpoints(
    message = 'No endpoints found matching your data policy (Free model publication). Configure: https://openrouter.ai/settings/privacy',
  ): ErrorStep {
    return { type: 'error', status: 404, message };
  },
  /** 408: the request timed out upstream. */
  timeout(): ErrorStep {
    return { type: 'error', status: 408, message: 'Request timed out' };
  },
  /** 429 with `Retry-After`. */
  rateLimited(options: { retryAfterSeconds?: number; message?: string } = {}): ErrorStep {
    return withRetryAfter(
      {
        type: 'error',
        status: 429,
        message: options.message ?? 'Rate limit exceeded: too many requests. Please retry shortly.',
      },
      options.retryAfterSeconds ?? 1,
    );
  },
  /** 502: the upstream provider failed; `provider_name` and `raw` in metadata. */
  upstream(options: { providerName?: string; raw?: string; message?: string } = {}): ErrorStep {
    return {
      type: 'error',
      status: 502,
      message: options.message ?? 'Provider returned error',
      metadata: {
        provider_name: options.providerName ?? 'Anthropic',
        raw: options.raw ?? '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      },
    };
  },
  /** 503: no provider meets the routing requirements, or all are overloaded. */
  unavailable(options: { retryAfterSeconds?: number } = {}): ErrorStep {
    return withRetryAfter(
      {
        type: 'error',
        status: 503,
        message: 'No available model provider that meets your routing requirements.',
      },
      options.retryAfterSeconds,
    );
  },
  /** An error body inside an HTTP 200 (non-streaming) or as the first SSE event (streaming). */
  inBand(status: number, message: string, metadata?: Readonly<Record<string, unknown>>): ErrorStep {
    return { type: 'error', status, message, inBand: true, ...(metadata ? { metadata } : {}) };
  },
  /** An SSE error event after N content chunks (`finish_reason: "error"`). */
  streamError(options: {
    afterChunks: number;
    code?: number;
    message?: string;
    metadata?: Readonly<Record<string, unknown>>;
    text?: string;
  }): StreamErrorStep {
    return {
      type: 'stream-error',
      afterChunks: options.afterChunks,
      code: options.code ?? 502,
      message: options.message ?? 'Provider disconnected mid-stream',
      ...(options.metadata ? { metadata: options.metadata } : { metadata: { provider_name: 'Anthropic' } }),
      ...(options.text === undefined ? {} : { text: options.text }),
    };
  },
  /** The socket is closed after N content chunks. */
  cut(options: { afterChunks: number; text?: string }): CutStep {
    return { type: 'cut', ...options };
  },
  /** Nothing (or only keep-alive comments) for `ms`, then the reply goes on. */
  stall(options: { ms: number; keepAlive?: boolean; afterChunks?: number; text?: string }): ReplyStep {
    return {
      type: 'reply',
      ...(options.text === undefined ? {} : { text: options.text }),
      stall: { ms: options.ms, keepAlive: options.keepAlive ?? false, afterChunks: options.afterChunks ?? 0 },
    };
  },
  /**
   * The server accepts the connection and sends nothing, not even headers, for `ms`; then the reply goes on.
   * A deadline that only starts counting at the headers waits the whole time.
   */
  noHeaders(options: { ms: number; text?: string }): ReplyStep {
    return {
      type: 'reply',
      ...(options.text === undefined ? {} : { text: options.text }),
      headersDelayMs: options.ms,
    };
  },
  /** A 200 whose body is HTML, empty, plain JSON, the wrong shape, or a stream that ends without finishing. */
  badBody(body: BadBodyStep['body'], options: { text?: string } = {}): BadBodyStep {
    return { type: 'bad-body', body, ...options };
  },
  /** A body or SSE event that is not JSON. */
  malformed(options: { afterChunks?: number } = {}): MalformedStep {
    return { type: 'malformed', ...options };
  },
} as const;
