import type { ErrorClassification } from './classify-error.js';

const MARKER = Symbol.for('orkit.resilience.error');

/**
 * The base of every error this package throws; `isInstance` recognises it across package copies.
 *
 * @example
 * if (ResilienceError.isInstance(error)) console.error(error.name, error.model);
 */
export class ResilienceError extends Error {
  readonly [MARKER] = true as const;
  override readonly name: string = 'ResilienceError';
  /** The model (or key) the decision was about. */
  readonly model: string;
  /** Never retried by the AI SDK's own retry loop: our layers already decided. */
  readonly isRetryable = false;

  constructor(message: string, options: { model: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.model = options.model;
  }

  /** On the base class: any resilience error. On a subclass: that subclass (by its marker and name). */
  static isInstance<T extends ResilienceError>(
    this: { readonly prototype: T; readonly name: string },
    error: unknown,
  ): error is T {
    if (typeof error !== 'object' || error === null || !(MARKER in error)) return false;
    // `this` is the class the check was called on (a subclass or the base): that is the point of the check.
    // biome-ignore lint/complexity/noThisInStatic: the subclass this is called on decides what matches.
    const expected = this.name;
    return expected === 'ResilienceError' || (error as { name?: unknown }).name === expected;
  }
}

/**
 * The circuit for a model is open: recent calls failed on the provider's side. Try another model or wait.
 *
 * @example
 * if (CircuitOpenError.isInstance(error)) await sleep(error.retryAfterMs);
 */
export class CircuitOpenError extends ResilienceError {
  override readonly name = 'CircuitOpenError';
  readonly retryAfterMs: number;

  constructor(model: string, retryAfterMs: number) {
    super(
      `The circuit for ${model} is open after repeated provider failures; it lets a probe through in ${retryAfterMs} ms. Fall back to another model or retry later.`,
      { model },
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** Which limit refused a call. */
export type LimitDimension = 'requests' | 'tokens';

/**
 * A local rate limit (requests or tokens per window) has no room within the allowed wait.
 *
 * @example
 * if (RateLimitExceededError.isInstance(error)) console.log(`retry in ${error.retryAfterMs} ms`);
 */
export class RateLimitExceededError extends ResilienceError {
  override readonly name = 'RateLimitExceededError';
  readonly dimension: LimitDimension;
  readonly retryAfterMs: number;

  constructor(model: string, dimension: LimitDimension, retryAfterMs: number, maxWaitMs: number) {
    super(
      `The ${dimension} limit for ${model} has no room for ${retryAfterMs} ms (longer than maxWaitMs ${maxWaitMs}). Raise the limit or maxWaitMs, or spread the load.`,
      { model },
    );
    this.dimension = dimension;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Too many calls to one model at once and the queue is full (or the wait in it ran out).
 *
 * @example
 * if (BulkheadRejectedError.isInstance(error)) return res.status(503).end();
 */
export class BulkheadRejectedError extends ResilienceError {
  override readonly name = 'BulkheadRejectedError';
  readonly maxConcurrent: number;
  readonly maxQueue: number;

  constructor(model: string, maxConcurrent: number, maxQueue: number, why: 'queue-full' | 'queue-timeout') {
    super(
      why === 'queue-full'
        ? `${model} already runs ${maxConcurrent} calls and ${maxQueue} wait: the call was rejected. Raise maxConcurrent or maxQueue, or shed load upstream.`
        : `${model} had no free slot within the bulkhead's queue timeout. Raise maxConcurrent, or lower the load.`,
      { model },
    );
    this.maxConcurrent = maxConcurrent;
    this.maxQueue = maxQueue;
  }
}

/** Which timeout fired. */
export type TimeoutKind = 'total' | 'first-chunk' | 'between-chunks';

/**
 * A call took too long: overall, before its first content, or between two chunks.
 *
 * @example
 * if (ModelTimeoutError.isInstance(error) && error.kind === 'first-chunk') metrics.slowStart(error.model);
 */
export class ModelTimeoutError extends ResilienceError {
  override readonly name = 'ModelTimeoutError';
  readonly kind: TimeoutKind;
  readonly timeoutMs: number;

  constructor(model: string, kind: TimeoutKind, timeoutMs: number) {
    const what =
      kind === 'total' ? 'did not finish' : kind === 'first-chunk' ? 'sent no content' : 'sent nothing more';
    super(
      `${model} ${what} within ${timeoutMs} ms (${kind} timeout). Raise timeout.${kind === 'total' ? 'totalMs' : kind === 'first-chunk' ? 'firstChunkMs' : 'betweenChunksMs'} or fall back to a faster model.`,
      { model },
    );
    this.kind = kind;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A stream failed after content had reached the caller. Nothing was replayed, so no text is duplicated;
 * `partialText` is what the caller already received.
 *
 * @example
 * if (MidStreamError.isInstance(error)) ui.markIncomplete(error.partialText);
 */
export class MidStreamError extends ResilienceError {
  override readonly name = 'MidStreamError';
  readonly partialText: string;
  readonly classification: ErrorClassification;

  constructor(model: string, partialText: string, classification: ErrorClassification, cause: unknown) {
    super(
      `${model} failed mid-stream after ${partialText.length} characters had been sent (${classification.kind}: ${classification.message}). The partial answer was kept; retrying would duplicate it.`,
      { model, cause },
    );
    this.partialText = partialText;
    this.classification = classification;
  }
}

/**
 * A stream ended without the provider saying it had finished (no finish reason): the 200 held HTML, nothing,
 * plain JSON, or an event stream that stopped early without an error. The generate path raises a typed error for
 * the same bodies; so does the stream path. Before any content it is retried or falls back like a cut stream;
 * after content it arrives as a {@link MidStreamError} whose cause is this.
 *
 * @example
 * if (IncompleteStreamError.isInstance(error)) log.warn(`${error.model} sent ${error.contentType ?? 'no content type'}`);
 */
export class IncompleteStreamError extends ResilienceError {
  override readonly name = 'IncompleteStreamError';
  /** The response's content type, when it said one (`text/html` from a proxy's error page, for example). */
  readonly contentType: string | undefined;
  /** Whether any content had arrived before the stream ended. */
  readonly sawContent: boolean;

  constructor(model: string, contentType: string | undefined, sawContent: boolean) {
    const what = sawContent
      ? 'ended after some content without a finish reason (cut short)'
      : contentType !== undefined && !contentType.includes('text/event-stream')
        ? `answered a stream request with ${contentType}, not an event stream`
        : 'ended without content and without a finish reason';
    super(
      `${model} ${what}. The answer is incomplete; it is retried or falls back before content, and reported as failed after it.`,
      { model },
    );
    this.contentType = contentType;
    this.sawContent = sawContent;
  }
}

/** Why the attempts stopped. */
export type ExhaustedReason =
  | 'not-retryable'
  | 'max-attempts'
  | 'deadline'
  | 'retry-after-too-long'
  | 'no-fallback';

/** One failed attempt. */
export interface AttemptFailure {
  readonly model: string;
  readonly attempt: number;
  readonly classification: ErrorClassification;
  readonly error: unknown;
}

/**
 * Every attempt (retries and fallbacks together) failed. `attempts` lists each with its classification;
 * `lastError` is the last underlying error.
 *
 * @example
 * if (AttemptsExhaustedError.isInstance(error)) console.table(error.attempts.map((a) => [a.model, a.classification.kind]));
 */
export class AttemptsExhaustedError extends ResilienceError {
  override readonly name = 'AttemptsExhaustedError';
  readonly reason: ExhaustedReason;
  readonly attempts: readonly AttemptFailure[];
  readonly lastError: unknown;
  /** With `retry-after-too-long`: how long the server asked to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(reason: ExhaustedReason, attempts: readonly AttemptFailure[], retryAfterMs?: number) {
    const last = attempts.at(-1);
    const kind = last
      ? `${last.classification.kind}${last.classification.status ? ` ${last.classification.status}` : ''}`
      : 'unknown';
    const why: Record<ExhaustedReason, string> = {
      'not-retryable': `the last error (${kind}) is not retryable`,
      'max-attempts': 'the attempt budget is spent',
      deadline: 'the call deadline passed',
      'retry-after-too-long': `the server asked to wait ${retryAfterMs} ms, more than maxRetryAfterMs`,
      'no-fallback': `no further model may take over after ${kind}`,
    };
    super(
      `${attempts.length} attempt${attempts.length === 1 ? '' : 's'} failed and ${why[reason]}: ${last?.classification.message ?? ''}`.trim(),
      {
        model: last?.model ?? 'unknown',
        cause: last?.error,
      },
    );
    this.reason = reason;
    this.attempts = attempts;
    this.lastError = last?.error;
    this.retryAfterMs = retryAfterMs;
  }
}
