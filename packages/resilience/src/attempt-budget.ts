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

/**
 * Runs `fn` with an attempt budget that every resilience layer inside it draws from, so retries inside a
 * fallback chain cannot multiply (3 retries × 3 models is 3 attempts, not 9, with `maxAttempts: 3`).
 *
 * @example
 * await withAttemptBudget({ maxAttempts: 4, deadlineMs: 30_000 }, () => generateText({ model, prompt }));
 */
export function withAttemptBudget<T>(options: { maxAttempts: number; deadlineMs?: number }, fn: () => T): T {
  const outer = storage.getStore();
  const deadline =
    options.deadlineMs === undefined
      ? outer?.deadline
      : Math.min(Date.now() + options.deadlineMs, outer?.deadline ?? Number.POSITIVE_INFINITY);
  const budget: AttemptBudget = {
    remaining: Math.min(options.maxAttempts, outer?.remaining ?? Number.POSITIVE_INFINITY),
    deadline,
    failures: outer?.failures ?? [],
  };
  return storage.run(budget, fn);
}

/** The budget of the current call, if a layer above set one. */
export function currentAttemptBudget(): AttemptBudget | undefined {
  return storage.getStore();
}
