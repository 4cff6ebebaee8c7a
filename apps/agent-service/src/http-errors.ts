import { APICallError } from '@ai-sdk/provider';
import { BudgetExceededError, BudgetUnavailableError } from '@orkit/observability';
import {
  AttemptsExhaustedError,
  BulkheadRejectedError,
  CircuitOpenError,
  IncompleteStreamError,
  MidStreamError,
  ModelTimeoutError,
  RateLimitExceededError,
} from '@orkit/resilience';
import { InputTooLongError, PromptInjectionError } from '@orkit/security';
import type { Context } from 'hono';

/** What a client gets for a failure: an HTTP status, a stable code, a message that says what to do. */
export interface HttpError {
  readonly status: 400 | 401 | 402 | 403 | 404 | 413 | 415 | 429 | 500 | 502 | 503 | 504;
  readonly code: string;
  readonly message: string;
  /** Seconds, for `Retry-After`. */
  readonly retryAfterSeconds?: number;
  /** Facts a client can act on (budget figures, attempts). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The service is draining for shutdown: calls in flight are ended with this reason. */
export class ServiceDrainingError extends Error {
  override readonly name = 'ServiceDrainingError';
  constructor() {
    super('This replica is shutting down and ended the call; send it again (another replica will take it).');
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Every error in a chain of causes, outermost first (Mastra and the fallback layer wrap what the stack threw). */
function* causes(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** The HTTP answer for one recognised error, or `undefined`. */
function known(error: unknown): HttpError | undefined {
  if (BudgetExceededError.isInstance(error))
    return {
      status: 402,
      code: 'budget_exceeded',
      message: error.message,
      retryAfterSeconds: seconds(error.resetAt - Date.now()),
      details: {
        scope: error.scope,
        window: error.window,
        limitUsd: error.limitUsd,
        spentUsd: error.spentUsd,
        reservedUsd: error.reservedUsd,
        requestedUsd: error.requestedUsd,
        resetsAt: new Date(error.resetAt).toISOString(),
      },
    };
  if (BudgetUnavailableError.isInstance(error))
    return {
      status: 503,
      code: 'budget_unavailable',
      message:
        'The budget store did not answer, so the call was refused (budgets fail closed). Retry shortly.',
      retryAfterSeconds: 1,
    };
  if (PromptInjectionError.isInstance(error))
    return { status: 400, code: 'input_blocked', message: error.message };
  if (InputTooLongError.isInstance(error))
    return { status: 400, code: 'input_too_long', message: error.message };
  if (error instanceof ServiceDrainingError)
    return { status: 503, code: 'shutting_down', message: error.message, retryAfterSeconds: 1 };
  if (RateLimitExceededError.isInstance(error))
    return {
      status: 429,
      code: 'model_rate_limited',
      message: error.message,
      retryAfterSeconds: seconds(error.retryAfterMs),
    };
  if (CircuitOpenError.isInstance(error))
    return {
      status: 503,
      code: 'model_unavailable',
      message: error.message,
      retryAfterSeconds: seconds(error.retryAfterMs),
    };
  if (BulkheadRejectedError.isInstance(error))
    return { status: 503, code: 'overloaded', message: error.message, retryAfterSeconds: 1 };
  if (ModelTimeoutError.isInstance(error))
    return { status: 504, code: 'model_timeout', message: error.message };
  if (AttemptsExhaustedError.isInstance(error)) {
    const failures = error.attempts.map((attempt) => attempt.error);
    // Every attempt refused locally for the same reason: answer with that reason (and its wait), not a 502.
    const local = failures.map(known);
    const first = local[0];
    if (first && local.every((answer) => answer?.code === first.code)) return first;
    const timedOut =
      error.reason === 'deadline' || failures.some((failure) => ModelTimeoutError.isInstance(failure));
    return {
      status: timedOut ? 504 : 502,
      code: timedOut ? 'model_timeout' : 'upstream_failed',
      message: error.message,
      ...(error.retryAfterMs ? { retryAfterSeconds: seconds(error.retryAfterMs) } : {}),
      details: {
        attempts: error.attempts.map((attempt) => ({
          model: attempt.model,
          kind: attempt.classification.kind,
          ...(attempt.classification.status ? { status: attempt.classification.status } : {}),
        })),
      },
    };
  }
  if (MidStreamError.isInstance(error) || IncompleteStreamError.isInstance(error))
    return { status: 502, code: 'upstream_failed', message: error.message };
  if (APICallError.isInstance(error))
    return {
      status: 502,
      code: 'upstream_failed',
      message: `The model provider answered ${error.statusCode ?? 'without a status'}: ${error.message}`,
      details: { attempts: [{ status: error.statusCode }] },
    };
  return undefined;
}

/**
 * The HTTP answer for an error thrown by an agent call: the first error in its cause chain that orkit knows,
 * else a 500 that says nothing about internals (the request id finds the details in the service's log).
 *
 * @example
 * const answer = httpErrorOf(error); return c.json({ error: answer }, answer.status);
 */
export function httpErrorOf(error: unknown): HttpError {
  for (const candidate of causes(error)) {
    const answer = known(candidate);
    if (answer) return answer;
  }
  return {
    status: 500,
    code: 'internal',
    message: 'The service failed to answer; the request id in X-Request-Id finds the details in its log.',
  };
}

/** A client error with its status, code and message. */
export const fail = (status: HttpError['status'], code: string, message: string): HttpError => ({
  status,
  code,
  message,
});

/** The JSON answer for an error, with `Retry-After` when the error says how long to wait. */
export function errorResponse(c: Context, error: HttpError): Response {
  if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds));
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
    },
    error.status,
  );
}
