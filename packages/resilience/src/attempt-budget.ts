import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttemptFailure } from './resilience-errors.js';

/** One budget for a whole call: retries and fallbacks at every layer draw from it. */
export interface AttemptBudget {
  /** Attempts left. */
  remaining: number;
  /** Epoch ms after which no new attempt starts. */
  readonly deadline: number | undefined;
  /** Every failed attempt, across layers. */
  readonly failures: AttemptFailure[];
}

const storage = new AsyncLocalStorage<AttemptBudget>();

// `withFallback` hands its budget to the layers below on the call's options, under a registered symbol: spreads
// of the options keep it, serialisation ignores it, and no `AsyncLocalStorage` runs (which would make every
// promise in the process pay for Node's promise hooks).
const ON_OPTIONS = Symbol.for('orkit.attempt-budget');

/** A budget for a call that draws from `outer` (a layer above) where there is one. */
function budgetWithin(
  outer: AttemptBudget | undefined,
  options: { maxAttempts: number; deadlineMs?: number },
): AttemptBudget {
  const deadline =
    options.deadlineMs === undefined
      ? outer?.deadline
      : Math.min(Date.now() + options.deadlineMs, outer?.deadline ?? Number.POSITIVE_INFINITY);
  return {
    remaining: Math.min(options.maxAttempts, outer?.remaining ?? Number.POSITIVE_INFINITY),
    deadline,
    failures: outer?.failures ?? [],
  };
}

/**
 * Runs `fn` with an attempt budget that every resilience layer inside it draws from, so retries inside a
 * fallback chain cannot multiply (3 retries × 3 models is 3 attempts, not 9, with `maxAttempts: 3`).
 *
 * @example
 * await withAttemptBudget({ maxAttempts: 4, deadlineMs: 30_000 }, () => generateText({ model, prompt }));
 */
export function withAttemptBudget<T>(options: { maxAttempts: number; deadlineMs?: number }, fn: () => T): T {
  return storage.run(budgetWithin(storage.getStore(), options), fn);
}

/**
 * The budget of the current call, if a layer above set one: on the call's options (`withFallback`), or around the
 * call (`withAttemptBudget`).
 *
 * @example
 * const left = currentAttemptBudget(params)?.remaining;
 */
export function currentAttemptBudget(params?: object): AttemptBudget | undefined {
  return (params as { [ON_OPTIONS]?: AttemptBudget } | undefined)?.[ON_OPTIONS] ?? storage.getStore();
}

/**
 * The call's options carrying a new budget for the layers below, drawn from the budget already in force: how
 * `withFallback` shares one attempt budget with the retries of each model's layers.
 */
export function withBudgetOnOptions<T extends object>(
  params: T,
  options: { maxAttempts: number; deadlineMs?: number },
): { readonly params: T; readonly budget: AttemptBudget } {
  const budget = budgetWithin(currentAttemptBudget(params), options);
  return { params: { ...params, [ON_OPTIONS]: budget }, budget };
}
