import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { currentAttemptBudget } from './attempt-budget.js';
import { fullJitterDelay, sleep } from './backoff.js';
import { Bulkhead, type Release } from './bulkhead.js';
import { classifyError } from './classify-error.js';
import { createMemoryStore } from './memory-store.js';
import {
  type AttemptFailure,
  AttemptsExhaustedError,
  CircuitOpenError,
  RateLimitExceededError,
} from './resilience-errors.js';
import {
  defaultTokenEstimate,
  type ResilienceOptions,
  type ResolvedOptions,
  resolveOptions,
} from './resilience-options.js';
import type {
  Admission,
  AdmissionRequest,
  BreakerTransition,
  ResilienceStore,
  SettleRequest,
} from './resilience-store.js';

/** Settles an admitted attempt once: outcome and real tokens. */
export type Settle = (outcome: 'success' | 'failure' | 'ignored', actualTokens?: number) => void;

/**
 * Runs one attempt; it must call `settle` (now, or when its stream ends). `remainingMs` is what is left of the
 * call's deadline, if it has one. Positional on purpose: nothing is allocated per attempt to pass them.
 */
export type Attempt<T> = (
  model: LanguageModelV4,
  params: LanguageModelV4CallOptions,
  settle: Settle,
  key: string,
  remainingMs: number | undefined,
) => Promise<T>;

// Tickets only need to be unique within this process; the Redis store makes them unique across processes.
let ticketCounter = 0;

/** The shared machinery behind every resilience middleware. */
export class ResilienceEngine {
  readonly options: ResolvedOptions;
  readonly store: ResilienceStore | undefined;
  readonly bulkhead: Bulkhead | undefined;
  readonly #queues = new Map<string, Array<() => void>>();
  readonly #requests: AdmissionRequest['requests'];
  readonly #tokenLimit: { readonly limit: number; readonly windowMs: number } | undefined;
  readonly #estimate: (params: LanguageModelV4CallOptions) => number;

  constructor(options: ResilienceOptions) {
    this.options = resolveOptions(options);
    const needsStore = this.options.breaker !== undefined || this.options.rateLimit !== undefined;
    this.store = needsStore ? (this.options.store ?? createMemoryStore()) : undefined;
    this.bulkhead = this.options.bulkhead
      ? new Bulkhead(this.options.bulkhead, this.options.onEvent)
      : undefined;
    const rateLimit = this.options.rateLimit;
    this.#requests = rateLimit?.requestsPerWindow
      ? { limit: rateLimit.requestsPerWindow, windowMs: rateLimit.windowMs }
      : undefined;
    this.#tokenLimit = rateLimit?.tokensPerWindow
      ? { limit: rateLimit.tokensPerWindow, windowMs: rateLimit.windowMs }
      : undefined;
    this.#estimate = rateLimit?.estimateTokens ?? defaultTokenEstimate;
  }

  /** A bulkhead slot (or none). */
  acquire(key: string, signal: AbortSignal | undefined): Release | Promise<Release> | undefined {
    return this.bulkhead?.acquire(key, signal);
  }

  /** Runs attempts until one succeeds or the policy, the shared budget or the deadline says stop. */
  async run<T>(
    model: LanguageModelV4,
    key: string,
    params: LanguageModelV4CallOptions,
    attempt: Attempt<T>,
  ): Promise<T> {
    const options = this.options;
    // Only a layer that retries draws attempts from the call's shared budget (and records failures in it): a
    // breaker, limiter or timeout layer stacked with it must not spend a second unit on the same attempt. With
    // no retrying layer, withFallback counts one attempt per model call.
    const budget = options.maxAttempts > 1 ? currentAttemptBudget(params) : undefined;
    const deadlineOf = budget ?? currentAttemptBudget(params);
    // Allocated on the first failure: the success path allocates nothing it does not need.
    let failures: AttemptFailure[] | undefined;
    const ownDeadline = options.deadlineMs === undefined ? undefined : Date.now() + options.deadlineMs;
    const deadline =
      deadlineOf?.deadline === undefined
        ? ownDeadline
        : Math.min(deadlineOf.deadline, ownDeadline ?? Number.POSITIVE_INFINITY);
    const signal = params.abortSignal;
    for (let number = 1; ; number += 1) {
      if (budget) {
        if (budget.remaining <= 0) throw new AttemptsExhaustedError('max-attempts', [...budget.failures]);
        budget.remaining -= 1;
      }
      const ticket = String(++ticketCounter);
      let admission: Admission | undefined;
      // Built once: the estimate must not be taken twice for one call.
      const admissionRequest = this.store ? this.#request(key, ticket, params) : undefined;
      if (admissionRequest) {
        try {
          const pending = this.#admitNow(key, admissionRequest, signal);
          admission = pending instanceof Promise ? await pending : pending;
        } catch (error) {
          // Refused locally: nothing was sent, so the shared budget is not spent.
          if (budget) budget.remaining += 1;
          throw error;
        }
      }
      options.onEvent?.({ type: 'attempt', model: key, attempt: number });
      let settled = false;
      const settle: Settle = (outcome, actualTokens) => {
        if (settled) return;
        settled = true;
        if (!this.store || !admission) return;
        const request = {
          key,
          now: Date.now(),
          ticket,
          probe: admission.ok && admission.probe,
          outcome,
          actualTokens: this.#tokenLimit ? actualTokens : undefined,
          estimatedTokens: admissionRequest?.tokens?.estimate,
          admittedAt: admissionRequest?.now,
          breaker: options.breaker,
        } as SettleRequest;
        const result = this.store.settle(request);
        if (result instanceof Promise)
          result.then(
            (transition) => this.#report(key, transition),
            () => undefined,
          );
        else if (result) this.#report(key, result);
      };
      try {
        // The deadline also bounds the attempt in flight, not just the decision to start one.
        return await attempt(
          model,
          params,
          settle,
          key,
          deadline === undefined ? undefined : Math.max(1, deadline - Date.now()),
        );
      } catch (error) {
        const classification = classifyError(error, options.classify);
        settle(classification.countsForBreaker ? 'failure' : 'ignored');
        const failure: AttemptFailure = { model: key, attempt: number, classification, error };
        failures ??= [];
        failures.push(failure);
        budget?.failures.push(failure);
        options.onEvent?.({ type: 'attempt-failed', model: key, attempt: number, classification });
        if (classification.kind === 'aborted' || signal?.aborted)
          throw signal?.aborted ? signal.reason : error;
        if (options.maxAttempts === 1) throw error;
        if (!classification.retryable)
          throw failures.length === 1 ? error : new AttemptsExhaustedError('not-retryable', failures);
        if (number >= options.maxAttempts || (budget && budget.remaining <= 0))
          throw new AttemptsExhaustedError('max-attempts', failures);
        if (
          classification.retryAfterMs !== undefined &&
          classification.retryAfterMs > options.maxRetryAfterMs
        ) {
          throw new AttemptsExhaustedError('retry-after-too-long', failures, classification.retryAfterMs);
        }
        const delayMs =
          classification.retryAfterMs ??
          fullJitterDelay(number, options.baseDelayMs, options.maxDelayMs, options.random);
        if (deadline !== undefined && Date.now() + delayMs >= deadline)
          throw new AttemptsExhaustedError('deadline', failures);
        options.onEvent?.({ type: 'retry', model: key, attempt: number, delayMs, classification });
        await sleep(delayMs, signal);
      }
    }
  }

  #report(key: string, transition: BreakerTransition | undefined): void {
    if (transition)
      this.options.onEvent?.({ type: 'breaker', key, from: transition.from, to: transition.to });
  }

  /** The admission request; its shape is fixed so the store's hot path stays monomorphic. */
  #request(key: string, ticket: string, params: LanguageModelV4CallOptions): AdmissionRequest {
    return {
      key,
      now: Date.now(),
      ticket,
      requests: this.#requests,
      tokens: this.#tokenLimit
        ? {
            limit: this.#tokenLimit.limit,
            windowMs: this.#tokenLimit.windowMs,
            estimate: this.#estimate(params),
          }
        : undefined,
      breaker: this.options.breaker,
    } as AdmissionRequest;
  }

  /** Admits at once when there is room and nobody waits (no promise on that path); otherwise waits in line. */
  #admitNow(
    key: string,
    request: AdmissionRequest,
    signal: AbortSignal | undefined,
  ): Admission | Promise<Admission> {
    if (!this.#queues.has(key)) {
      const first = (this.store as ResilienceStore).admit(request);
      if (!(first instanceof Promise) && first.ok) {
        if (first.transition) this.#report(key, first.transition);
        return first;
      }
      // The store's answer (a promise from Redis, or a refusal) is the first try: asking again would admit twice.
      return this.#admit(key, request, signal, first);
    }
    return this.#admit(key, request, signal, undefined);
  }

  /** Admission with a bounded, first-come-first-served wait for room; `first` is an answer already asked for. */
  async #admit(
    key: string,
    request: AdmissionRequest,
    signal: AbortSignal | undefined,
    first: Admission | Promise<Admission> | undefined,
  ): Promise<Admission> {
    const store = this.store as ResilienceStore;
    const { rateLimit, onEvent } = this.options;
    // While anyone waits for room, newcomers line up behind them: waits are served in arrival order.
    let inLine = false;
    const line = this.#queues.get(key);
    if (line) {
      inLine = true;
      await new Promise<void>((resolve) => line.push(resolve));
    }
    const waitUntil = Date.now() + (rateLimit?.maxWaitMs ?? 0);
    let answer = first;
    try {
      for (;;) {
        const admission = await (answer ?? store.admit({ ...request, now: Date.now() }));
        answer = undefined;
        if (admission.ok) {
          if (admission.transition) onEvent?.({ type: 'breaker', key, ...admission.transition });
          return admission;
        }
        if (admission.reason === 'circuit-open') {
          onEvent?.({ type: 'circuit-reject', key, retryAfterMs: admission.retryAfterMs });
          throw new CircuitOpenError(key, admission.retryAfterMs);
        }
        if (Date.now() + admission.retryAfterMs > waitUntil) {
          onEvent?.({
            type: 'rate-limit-reject',
            key,
            dimension: admission.reason,
            retryAfterMs: admission.retryAfterMs,
          });
          throw new RateLimitExceededError(
            key,
            admission.reason,
            admission.retryAfterMs,
            rateLimit?.maxWaitMs ?? 0,
          );
        }
        if (!inLine) {
          inLine = true;
          if (!this.#queues.has(key)) this.#queues.set(key, []);
        }
        onEvent?.({
          type: 'rate-limit-wait',
          key,
          dimension: admission.reason,
          waitMs: admission.retryAfterMs,
        });
        await sleep(admission.retryAfterMs, signal);
      }
    } finally {
      if (inLine) {
        const next = this.#queues.get(key)?.shift();
        if (next) next();
        else this.#queues.delete(key);
      }
    }
  }
}

/** The real tokens of a usage object (input + output), if known. */
export function usageTokens(
  usage:
    | { inputTokens: { total: number | undefined }; outputTokens: { total: number | undefined } }
    | undefined,
): number | undefined {
  if (!usage || usage.inputTokens.total === undefined) return undefined;
  return (usage.inputTokens.total ?? 0) + (usage.outputTokens.total ?? 0);
}
