import { randomUUID } from 'node:crypto';
import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { callGate } from '@orkit/config/call-gate';
import {
  type HealthTracker,
  type PromptCachingOptions,
  promptCachingMiddleware,
} from '@orkit/model-selection';
import {
  type BudgetOptions,
  budgetMiddleware,
  type EventLedger,
  recordLedgerEvents,
  type UsageOptions,
  usageMiddleware,
} from '@orkit/observability';
import {
  type CacheOptions,
  cacheMiddleware,
  type FallbackOptions,
  type ResilienceOptions,
  resilienceMiddleware,
  withFallback,
} from '@orkit/resilience';
import { type LanguageModelMiddleware, wrapLanguageModel } from 'ai';

/** The shared pieces an agent's model is built from. Each is optional. */
export interface AgentStack {
  /** Retry, breaker, rate limits, timeouts, bulkhead: around each model of the chain. */
  readonly resilience?: ResilienceOptions;
  /** Budgets: reserved once per call, settled at what was charged. The agent's name is its attribution. */
  readonly budget?: Omit<BudgetOptions, 'attribution'>;
  /** Usage records per attempt. */
  readonly usage?: Omit<UsageOptions, 'attribution'>;
  /** One lookup per call, outside fallback: a hit skips the chain. */
  readonly cache?: CacheOptions;
  /**
   * Prompt caching for Anthropic and Gemini models (a cache breakpoint after the instructions and tools), per model
   * of the chain; other models cache by themselves. `{}` for the defaults.
   */
  readonly promptCaching?: PromptCachingOptions;
  /**
   * Model health measured from this stack's own calls (`createHealthTracker` from `@orkit/model-selection`): fed
   * from usage and breaker events, and adaptive agents try unhealthy models last. Share one tracker across agents.
   */
  readonly health?: HealthTracker;
  /** Guards and other middleware, outermost, once per call outside fallback (e.g. `@orkit/security`'s guard). */
  readonly guards?: readonly LanguageModelMiddleware[];
  /** Attempts and deadline for the whole call, shared by retries and fallbacks. */
  readonly fallback?: Pick<
    FallbackOptions,
    'maxAttempts' | 'deadlineMs' | 'classify' | 'contextWindowOf' | 'serverSideModels' | 'onEvent'
  >;
}

/**
 * A model that calls `inner` with each call's options passed through `prepare` first: a plain wrapper, cheaper
 * than a middleware layer, for the steps that only look at the options on the way in.
 *
 * @example
 * const stamped = beforeEachCall(model, (options) => ({ ...options, temperature: options.temperature ?? 0 }));
 */
export function beforeEachCall(
  inner: LanguageModelV4,
  prepare: (
    options: LanguageModelV4CallOptions,
  ) => LanguageModelV4CallOptions | Promise<LanguageModelV4CallOptions>,
): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: inner.provider,
    modelId: inner.modelId,
    get supportedUrls() {
      return inner.supportedUrls;
    },
    doGenerate(options) {
      const prepared = prepare(options);
      return prepared instanceof Promise
        ? prepared.then((ready) => inner.doGenerate(ready))
        : inner.doGenerate(prepared);
    },
    doStream(options) {
      const prepared = prepare(options);
      return prepared instanceof Promise
        ? prepared.then((ready) => inner.doStream(ready))
        : inner.doStream(prepared);
    },
  };
}

/**
 * Gives each call an id (in `providerOptions.orkit.callId`, unless the caller set one) that every attempt's usage
 * record carries, so a ledger can show a call with all its retries and fallbacks. The cache key ignores it.
 */
function stampCallId(options: LanguageModelV4CallOptions): LanguageModelV4CallOptions {
  const orkit = (options.providerOptions?.orkit ?? {}) as Record<string, unknown>;
  if (typeof orkit.callId === 'string') return options;
  return {
    ...options,
    providerOptions: { ...options.providerOptions, orkit: { ...orkit, callId: randomUUID() } },
  } as LanguageModelV4CallOptions;
}

/**
 * Right above the model chain: nothing goes to a model (no admission, no provider call) before the budget's
 * reservation, started alongside the cache lookup, has been granted. A call without a gate (a local budget store
 * decides at once) pays one synchronous check.
 */
function passGate(options: LanguageModelV4CallOptions) {
  const gate = callGate();
  return gate ? gate.then(() => options) : options;
}

/**
 * Listeners the stack adds by itself, beside the caller's own `onEvent`: when the usage ledger keeps events (the
 * SQLite and PostgreSQL ledgers do), the decisions worth counting (retries, fallbacks, breaker openings, cache hits,
 * budget alerts) go into it, so the dashboard shows them without extra wiring; and a health tracker hears every
 * usage record and breaker change.
 */
function withStackListeners(stack: AgentStack, agent: string): AgentStack {
  const ledger = stack.usage?.ledger as Partial<EventLedger> | undefined;
  const record =
    typeof ledger?.appendEvent === 'function'
      ? recordLedgerEvents(ledger as EventLedger, { agent })
      : undefined;
  const health = stack.health;
  if (!record && !health) return stack;
  const both =
    <E extends { type: string }>(own: ((event: E) => void) | undefined) =>
    (event: E) => {
      record?.(event);
      health?.listen(event);
      own?.(event);
    };
  return {
    ...stack,
    ...(stack.resilience
      ? { resilience: { ...stack.resilience, onEvent: both(stack.resilience.onEvent) } }
      : {}),
    ...(stack.cache ? { cache: { ...stack.cache, onEvent: both(stack.cache.onEvent) } } : {}),
    ...(stack.budget ? { budget: { ...stack.budget, onEvent: both(stack.budget.onEvent) } } : {}),
    ...(stack.usage && health ? { usage: { ...stack.usage, onEvent: both(stack.usage.onEvent) } } : {}),
    fallback: { ...stack.fallback, onEvent: both(stack.fallback?.onEvent) },
  };
}

/**
 * The model an agent runs on, in **the one middleware order** (every README shows this one):
 *
 * ```
 * caller
 *   -> guards (input checks; output redaction on the way back)   once per call, outside fallback
 *   -> budget: reserve                                           once per call
 *   -> cache: lookup (a hit skips everything below)              once per call
 *   -> withFallback([model A, model B, ...])                     one attempt budget and deadline for the call
 *        -> resilience: breaker, rate limit, retry, timeouts     per model
 *        -> usage: one ledger record per attempt                 per attempt
 *        -> provider (OpenRouter over HTTP)
 *   <- cache store, budget settle (at what the answering model charged)
 * ```
 *
 * A blocked input reaches no model and fires one event, however many models the chain has. The budget reserves
 * at the estimate for the chain's first model (`estimateCostUsd(model)` sees the chain, whose `modelId` is the
 * first) and settles at what was really charged.
 *
 * Store round trips: the reservation and the cache lookup go out together, and the chain waits for the reservation
 * before its first admission; settlements and the cache store go behind the answer. So with every store on Redis a
 * call waits for two round trips (one on a cache hit).
 *
 * @example
 * const model = buildAgentModel([openrouter.chat('anthropic/claude-sonnet-5'), openrouter.chat('openai/gpt-5.5')], 'reviewer', { resilience: { retry: {} }, usage: { ledger } });
 */
export function buildAgentModel(
  models: readonly LanguageModelV4[],
  agent: string,
  stack: AgentStack = {},
): LanguageModelV4 {
  const attribution = { agent };
  stack = withStackListeners(stack, agent);
  const perModel: LanguageModelMiddleware[] = [
    ...(stack.promptCaching ? [promptCachingMiddleware(stack.promptCaching)] : []),
    ...(stack.resilience ? [resilienceMiddleware(stack.resilience)] : []),
    ...(stack.usage
      ? [
          usageMiddleware({
            // An abandoned stream is recorded at the same worst case the budget reserved for it.
            ...(stack.budget?.estimateCostUsd ? { estimateCostUsd: stack.budget.estimateCostUsd } : {}),
            ...stack.usage,
            attribution,
          }),
        ]
      : []),
  ];
  const chain = withFallback(models, {
    ...stack.fallback,
    ...(perModel.length ? { middleware: perModel } : {}),
  });
  const perCall: LanguageModelMiddleware[] = [
    ...(stack.guards ?? []),
    ...(stack.budget ? [budgetMiddleware({ ...stack.budget, attribution, reserveAlongside: true })] : []),
    ...(stack.cache ? [cacheMiddleware(stack.cache)] : []),
  ];
  const gated = stack.budget ? beforeEachCall(chain, passGate) : chain;
  const wrapped = perCall.length
    ? (wrapLanguageModel({ model: gated, middleware: perCall }) as LanguageModelV4)
    : gated;
  return beforeEachCall(wrapped, stampCallId);
}
