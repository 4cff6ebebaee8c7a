import { AttemptsExhaustedError, ResilienceError } from './resilience-errors.js';

/** What kind of failure an error is. */
export type ErrorKind =
  | 'bad-request'
  | 'context-length'
  | 'unauthorized'
  | 'payment-required'
  | 'moderation'
  | 'forbidden'
  | 'not-found'
  | 'timeout'
  | 'rate-limited'
  | 'server-error'
  | 'upstream'
  | 'unavailable'
  | 'network'
  | 'stream-cut'
  | 'malformed'
  | 'aborted'
  | 'circuit-open'
  | 'local-limit'
  | 'unknown';

/** The decision for an error. */
export interface ErrorClassification {
  readonly kind: ErrorKind;
  /** HTTP status, or the inner code of an in-band / stream error. */
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** Whether another model may take over. */
  readonly fallback: boolean;
  /** Whether it is the provider's failure (counts toward opening a circuit). */
  readonly countsForBreaker: boolean;
  /** What the server asked for (`Retry-After`, `retry-after-ms`, rate-limit reset headers). */
  readonly retryAfterMs: number | undefined;
  /** 402: `openrouter_credits`, `openrouter_key_limit` or `openrouter_in_flight_budget`. */
  readonly limitSource: string | undefined;
  /** The error arrived inside an HTTP 200 body or as a stream error event. */
  readonly inBand: boolean;
  readonly message: string;
}

/** Per-kind overrides of the default table. */
export type ClassificationOverrides = Partial<
  Record<ErrorKind, Partial<Pick<ErrorClassification, 'retryable' | 'fallback' | 'countsForBreaker'>>>
>;

type Decision = Pick<ErrorClassification, 'retryable' | 'fallback' | 'countsForBreaker'>;

/** The default table (OPENROUTER.md): retry, fall back, count for the breaker. */
export const DEFAULT_ERROR_TABLE: Readonly<Record<ErrorKind, Decision>> = Object.freeze({
  'bad-request': { retryable: false, fallback: false, countsForBreaker: false },
  'context-length': { retryable: false, fallback: true, countsForBreaker: false },
  unauthorized: { retryable: false, fallback: false, countsForBreaker: false },
  'payment-required': { retryable: false, fallback: false, countsForBreaker: false },
  moderation: { retryable: false, fallback: false, countsForBreaker: false },
  forbidden: { retryable: false, fallback: false, countsForBreaker: false },
  'not-found': { retryable: false, fallback: true, countsForBreaker: false },
  timeout: { retryable: true, fallback: true, countsForBreaker: true },
  'rate-limited': { retryable: true, fallback: true, countsForBreaker: true },
  'server-error': { retryable: true, fallback: true, countsForBreaker: true },
  upstream: { retryable: true, fallback: true, countsForBreaker: true },
  unavailable: { retryable: true, fallback: true, countsForBreaker: true },
  network: { retryable: true, fallback: true, countsForBreaker: true },
  'stream-cut': { retryable: true, fallback: true, countsForBreaker: true },
  malformed: { retryable: true, fallback: true, countsForBreaker: true },
  aborted: { retryable: false, fallback: false, countsForBreaker: false },
  'circuit-open': { retryable: false, fallback: true, countsForBreaker: false },
  'local-limit': { retryable: false, fallback: true, countsForBreaker: false },
  unknown: { retryable: false, fallback: false, countsForBreaker: false },
});

type Record_ = Record<string, unknown>;
const asRecord = (value: unknown): Record_ | undefined =>
  typeof value === 'object' && value !== null ? (value as Record_) : undefined;
const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : undefined;

/** Parses `Retry-After` (seconds or HTTP date), `retry-after-ms`, and `x-ratelimit-reset` (epoch ms or s). */
export function retryAfterFromHeaders(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) =>
    headers[name] ??
    headers[name.toLowerCase()] ??
    Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const ms = get('retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Math.round(Number(ms));
  const after = get('retry-after');
  if (after !== undefined) {
    if (/^\d+(\.\d+)?$/.test(after.trim())) return Math.round(Number(after) * 1000);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = get('x-ratelimit-reset') ?? get('x-ratelimit-reset-requests');
  if (reset !== undefined && /^\d+$/.test(reset)) {
    const value = Number(reset);
    if (value > 1e12) return Math.max(0, value - now);
    if (value > 1e9) return Math.max(0, value * 1000 - now);
    return value * 1000;
  }
  return undefined;
}

function kindOfStatus(status: number, message: string, metadata: Record_ | undefined): ErrorKind {
  if (status === 400 || status === 413 || status === 422) {
    return /context length|context window|maximum context|too many tokens|reduce the length|prompt is too long/i.test(
      message,
    )
      ? 'context-length'
      : 'bad-request';
  }
  if (status === 401) return 'unauthorized';
  if (status === 402) return 'payment-required';
  if (status === 403)
    return metadata?.reasons !== undefined ||
      metadata?.flagged_input !== undefined ||
      /flagged|moderation/i.test(message)
      ? 'moderation'
      : 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 408 || status === 504 || status === 524) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status === 502) return 'upstream';
  if (status === 503 || status === 529) return 'unavailable';
  if (status >= 500 || status === 409) return 'server-error';
  return 'unknown';
}

function isAbort(error: unknown): boolean {
  const record = asRecord(error);
  return (
    record?.name === 'AbortError' ||
    (record?.name === 'TimeoutError' && !ResilienceError.isInstance(error)) ||
    record?.code === 'ABORT_ERR'
  );
}

function isNetwork(error: unknown, depth = 0): boolean {
  const record = asRecord(error);
  if (!record || depth > 4) return false;
  const code = typeof record.code === 'string' ? record.code : '';
  const message = typeof record.message === 'string' ? record.message : '';
  if (
    /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(
      code,
    )
  )
    return true;
  if (/fetch failed|Cannot connect to API|socket hang up|other side closed/i.test(message)) return true;
  return isNetwork(record.cause, depth + 1);
}

/**
 * Classifies any error or stream error part from a model call: HTTP status and OpenRouter's error body and
 * metadata, in-band errors inside a 200 (the inner code counts), stream error events, network failures, cut
 * streams, malformed bodies, aborts, and this package's own rejections. `overrides` change the decision per kind.
 *
 * @example
 * const { kind, retryable, retryAfterMs } = classifyError(error);
 */
export function classifyError(error: unknown, overrides?: ClassificationOverrides): ErrorClassification {
  const result = classifyRaw(error);
  const override = overrides?.[result.kind];
  return override ? { ...result, ...override } : result;
}

function decided(
  kind: ErrorKind,
  facts: Omit<ErrorClassification, 'kind' | 'retryable' | 'fallback' | 'countsForBreaker'>,
): ErrorClassification {
  const decision = DEFAULT_ERROR_TABLE[kind];
  // 402 with Retry-After (in-flight budget) may be retried; "can only afford N tokens" may fit on a cheaper model.
  if (kind === 'payment-required') {
    return {
      kind,
      ...decision,
      ...facts,
      retryable: facts.retryAfterMs !== undefined,
      fallback: /can only afford/i.test(facts.message),
    };
  }
  return { kind, ...decision, ...facts };
}

function classifyRaw(error: unknown): ErrorClassification {
  const record = asRecord(error);
  const message = typeof record?.message === 'string' ? record.message : String(error);
  if (ResilienceError.isInstance(error)) {
    const name = error.name;
    const kind: ErrorKind =
      name === 'CircuitOpenError'
        ? 'circuit-open'
        : name === 'ModelTimeoutError'
          ? 'timeout'
          : name === 'RateLimitExceededError' || name === 'BulkheadRejectedError'
            ? 'local-limit'
            : name === 'IncompleteStreamError'
              ? (error as { sawContent?: boolean }).sawContent
                ? 'stream-cut'
                : 'malformed'
              : 'unknown';
    return decided(kind, {
      status: undefined,
      retryAfterMs: asNumber((error as { retryAfterMs?: unknown }).retryAfterMs),
      limitSource: undefined,
      inBand: false,
      message,
    });
  }
  if (isAbort(error))
    return decided('aborted', {
      status: undefined,
      retryAfterMs: undefined,
      limitSource: undefined,
      inBand: false,
      message,
    });

  const headers = asRecord(record?.responseHeaders) as Record<string, string> | undefined;
  const data = asRecord(record?.data);
  // The provider puts the inner error at `data` (in-band) or `data.error` (HTTP errors); raw stream parts are the error itself.
  const inner =
    asRecord(data?.error) ??
    data ??
    (record && 'code' in record && typeof record.code === 'number' ? record : undefined);
  const innerCode = asNumber(inner?.code);
  const metadata = asRecord(inner?.metadata);
  const statusCode = asNumber(record?.statusCode);
  const inBand =
    (statusCode === 200 && innerCode !== undefined) ||
    record?.name === 'AI_StreamProviderError' ||
    (record !== undefined && !('statusCode' in record) && innerCode !== undefined);
  const status = statusCode === 200 || statusCode === undefined ? (innerCode ?? statusCode) : statusCode;
  const limitSource = typeof metadata?.limit_source === 'string' ? metadata.limit_source : undefined;
  const innerMessage = typeof inner?.message === 'string' ? inner.message : message;
  const facts = {
    status,
    retryAfterMs: retryAfterFromHeaders(headers),
    limitSource,
    inBand,
    message: innerMessage,
  };

  if (status !== undefined && status !== 200)
    return decided(kindOfStatus(status, innerMessage, metadata), facts);
  if (
    /Failed to process successful response/i.test(message) ||
    asRecord(record?.cause)?.message === 'terminated'
  )
    return decided('stream-cut', facts);
  const causeName = asRecord(record?.cause)?.name;
  if (
    record?.name === 'AI_JSONParseError' ||
    record?.name === 'AI_TypeValidationError' ||
    causeName === 'AI_JSONParseError' ||
    /Invalid JSON response|Unexpected end of JSON|JSON Parse/i.test(message)
  ) {
    return decided('malformed', facts);
  }
  if (isNetwork(error)) return decided('network', facts);
  return decided('unknown', facts);
}

/** Classification of `AttemptsExhaustedError` is its last attempt's, made final. */
export function classifyFinal(
  error: unknown,
  overrides: ClassificationOverrides | undefined,
): ErrorClassification {
  if (AttemptsExhaustedError.isInstance(error)) {
    const last = error.attempts.at(-1)?.classification;
    if (last) return { ...last, retryable: false };
  }
  return classifyError(error, overrides);
}
