import type { BudgetWindow } from './calendar-window.js';

const MARKER = Symbol.for('orkit.observability.error');

/**
 * The base of this package's errors; `isInstance` works across package copies.
 *
 * @example
 * if (ObservabilityError.isInstance(error)) report(error);
 */
export class ObservabilityError extends Error {
  readonly [MARKER] = true as const;
  override readonly name: string = 'ObservabilityError';
  /** Never retried by the AI SDK: a budget does not change by trying again. */
  readonly isRetryable = false;

  static isInstance(error: unknown): error is ObservabilityError {
    return typeof error === 'object' && error !== null && MARKER in error;
  }
}

/**
 * A call would not fit a budget: the worst case of this call, added to what is spent and reserved, passes the limit.
 *
 * @example
 * if (BudgetExceededError.isInstance(error)) res.status(429).json({ resetAt: error.resetAt });
 */
export class BudgetExceededError extends ObservabilityError {
  override readonly name = 'BudgetExceededError';
  readonly scope: string;
  readonly window: BudgetWindow;
  readonly limitUsd: number;
  readonly spentUsd: number;
  readonly reservedUsd: number;
  readonly requestedUsd: number;
  /** When the window resets (epoch ms). */
  readonly resetAt: number;

  constructor(facts: {
    scope: string;
    window: BudgetWindow;
    limitUsd: number;
    spentUsd: number;
    reservedUsd: number;
    requestedUsd: number;
    resetAt: number;
  }) {
    super(
      `The ${facts.window} budget for ${facts.scope} ($${facts.limitUsd}) has $${(facts.limitUsd - facts.spentUsd - facts.reservedUsd).toFixed(6)} left ($${facts.spentUsd.toFixed(6)} spent, $${facts.reservedUsd.toFixed(6)} reserved by calls in flight); this call may cost up to $${facts.requestedUsd.toFixed(6)}. It resets at ${new Date(facts.resetAt).toISOString()}. Raise the limit, lower maxOutputTokens, or pick a cheaper model.`,
    );
    this.scope = facts.scope;
    this.window = facts.window;
    this.limitUsd = facts.limitUsd;
    this.spentUsd = facts.spentUsd;
    this.reservedUsd = facts.reservedUsd;
    this.requestedUsd = facts.requestedUsd;
    this.resetAt = facts.resetAt;
  }
}

/**
 * The budget store did not answer, and budgets fail closed (the default): no call runs unaccounted.
 *
 * @example
 * budgetMiddleware({ ..., onStoreFailure: 'allow' }); // to fail open instead
 */
export class BudgetUnavailableError extends ObservabilityError {
  override readonly name = 'BudgetUnavailableError';

  constructor(cause: unknown) {
    super(
      `The budget store did not answer (${(cause as Error)?.message ?? String(cause)}), so the call was refused (budgets fail closed). Check REDIS_URL, or set onStoreFailure: 'allow' to fail open.`,
      { cause },
    );
  }
}
