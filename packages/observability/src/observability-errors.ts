import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { BudgetWindow } from './calendar-window.js';

// One marker per class, so a subclass's `isInstance` never answers yes for its siblings (and works across copies).
const MARKER = Symbol.for('orkit.observability.error');
const EXCEEDED = Symbol.for('orkit.observability.budget-exceeded');
const UNAVAILABLE = Symbol.for('orkit.observability.budget-unavailable');
const LEDGER_OPEN = Symbol.for('orkit.observability.ledger-open');
const LEDGER_QUERY = Symbol.for('orkit.observability.ledger-query');

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
  readonly [EXCEEDED] = true as const;
  override readonly name = 'BudgetExceededError';
  readonly scope: string;
  readonly window: BudgetWindow;
  /** Exact decimal USD, like every amount in this package. */
  readonly limitUsd: string;
  readonly spentUsd: string;
  readonly reservedUsd: string;
  readonly requestedUsd: string;
  /** When the window resets (epoch ms). */
  readonly resetAt: number;

  constructor(facts: {
    scope: string;
    window: BudgetWindow;
    limitUsd: string;
    spentUsd: string;
    reservedUsd: string;
    requestedUsd: string;
    resetAt: number;
  }) {
    const leftPico = parseUsd(facts.limitUsd) - parseUsd(facts.spentUsd) - parseUsd(facts.reservedUsd);
    // Spend can pass a limit when a call cost more than its reservation: say by how much, not "-$x left".
    const standing =
      leftPico < 0n ? `is over by $${formatUsd(-leftPico)}` : `has $${formatUsd(leftPico)} left`;
    super(
      `The ${facts.window} budget for ${facts.scope} ($${facts.limitUsd}) ${standing} ($${facts.spentUsd} spent, $${facts.reservedUsd} reserved by calls in flight); this call may cost up to $${facts.requestedUsd}. It resets at ${new Date(facts.resetAt).toISOString()}. Raise the limit, lower maxOutputTokens, or pick a cheaper model.`,
    );
    this.scope = facts.scope;
    this.window = facts.window;
    this.limitUsd = facts.limitUsd;
    this.spentUsd = facts.spentUsd;
    this.reservedUsd = facts.reservedUsd;
    this.requestedUsd = facts.requestedUsd;
    this.resetAt = facts.resetAt;
  }

  static override isInstance(error: unknown): error is BudgetExceededError {
    return typeof error === 'object' && error !== null && EXCEEDED in error;
  }
}

/**
 * The budget store did not answer, and budgets fail closed (the default): no call runs unaccounted.
 *
 * @example
 * budgetMiddleware({ ..., onStoreFailure: 'allow' }); // to fail open instead
 */
export class BudgetUnavailableError extends ObservabilityError {
  readonly [UNAVAILABLE] = true as const;
  override readonly name = 'BudgetUnavailableError';

  static override isInstance(error: unknown): error is BudgetUnavailableError {
    return typeof error === 'object' && error !== null && UNAVAILABLE in error;
  }

  constructor(cause: unknown) {
    super(
      `The budget store did not answer (${(cause as Error)?.message ?? String(cause)}), so the call was refused (budgets fail closed). Check REDIS_URL, or set onStoreFailure: 'allow' to fail open.`,
      { cause },
    );
  }
}

/**
 * A ledger could not be opened: the file is not an orkit ledger, is damaged, or was written by a newer version.
 * Nothing in the file was changed.
 *
 * @example
 * try { createSqliteLedger({ path }); } catch (error) { if (LedgerOpenError.isInstance(error)) console.error(error.message); }
 */
export class LedgerOpenError extends ObservabilityError {
  readonly [LEDGER_OPEN] = true as const;
  override readonly name = 'LedgerOpenError';
  /** The file or database that was being opened (credentials masked). */
  readonly location: string;

  constructor(location: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.location = location;
  }

  static override isInstance(error: unknown): error is LedgerOpenError {
    return typeof error === 'object' && error !== null && LEDGER_OPEN in error;
  }
}

/**
 * A ledger query had a bad parameter; `parameter` names it (an API answers 400 with it).
 *
 * @example
 * if (LedgerQueryError.isInstance(error)) reply(400, { error: error.message, parameter: error.parameter });
 */
export class LedgerQueryError extends ObservabilityError {
  readonly [LEDGER_QUERY] = true as const;
  override readonly name = 'LedgerQueryError';
  readonly parameter: string;

  constructor(parameter: string, problem: string) {
    super(`Ledger query parameter '${parameter}' ${problem}.`);
    this.parameter = parameter;
  }

  static override isInstance(error: unknown): error is LedgerQueryError {
    return typeof error === 'object' && error !== null && LEDGER_QUERY in error;
  }
}
