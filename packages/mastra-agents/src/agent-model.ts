import type { LanguageModelV4 } from '@ai-sdk/provider';
import {
  type BudgetOptions,
  budgetMiddleware,
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
import type { LanguageModelMiddleware } from 'ai';

/** The shared pieces an agent's model is built from. Each is optional. */
export interface AgentStack {
  /** Retry, breaker, rate limits, timeouts, bulkhead: around each model of the chain. */
  readonly resilience?: ResilienceOptions;
  /** Budgets: reserved and settled per attempt. The agent's name is its attribution. */
  readonly budget?: Omit<BudgetOptions, 'attribution'>;
  /** Usage records per attempt. */
  readonly usage?: Omit<UsageOptions, 'attribution'>;
  readonly cache?: CacheOptions;
  /** Guards and other middleware, outermost (e.g. the injection guard from `@orkit/security`). */
  readonly guards?: readonly LanguageModelMiddleware[];
  /** Attempts and deadline for the whole call, shared by retries and fallbacks. */
  readonly fallback?: Pick<
    FallbackOptions,
    'maxAttempts' | 'deadlineMs' | 'classify' | 'contextWindowOf' | 'serverSideModels' | 'onEvent'
  >;
}

/**
 * The model an agent runs on: a fallback chain whose every model is wrapped, outermost first, in guards, the
 * cache (a hit skips everything below), resilience (retries happen here), budget and usage (so every attempt
 * is reserved, settled and recorded).
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
  const middleware: LanguageModelMiddleware[] = [
    ...(stack.guards ?? []),
    ...(stack.cache ? [cacheMiddleware(stack.cache)] : []),
    ...(stack.resilience ? [resilienceMiddleware(stack.resilience)] : []),
    ...(stack.budget ? [budgetMiddleware({ ...stack.budget, attribution })] : []),
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
  return withFallback(models, { ...stack.fallback, ...(middleware.length ? { middleware } : {}) });
}
