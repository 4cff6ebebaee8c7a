/**
 * @module
 * What a budget does behind a call: settling a reservation at what the call cost and raising the alerts it crossed,
 * releasing a reservation the call did not use (retried), and knowing which of those are still in flight, so
 * `flush()` can wait for them. A failure here is an event, never a failed call.
 */
import { formatUsd } from '@orkit/config/usd';
import type { ApplicableBudget } from './applicable-budgets.js';
import type { BudgetStore } from './budget-store.js';
import type { ObservabilityEvent } from './observability-events.js';

/** A budget reservation held for one call. */
export interface Reservation {
  readonly id: string;
  readonly budgets: readonly ApplicableBudget[];
  readonly amountPico: bigint;
}

/**
 * Whether a store answered with a promise (remote) or at once (local).
 *
 * @example
 * const answer = store.reserve(request);
 * if (isPromiseLike(answer)) await answer;
 */
export const isPromiseLike = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown } | undefined)?.then === 'function';

const RELEASE_RETRIES_MS = [250, 1_000, 5_000];

/**
 * Settlements and releases for one budget middleware.
 *
 * @example
 * const { settle, release, flush } = budgetSettlements({ store, emit, thresholds: [0.5, 0.8, 1] });
 * settle(reservation, costPico); // behind the call
 * await flush(); // at shutdown
 */
export function budgetSettlements(options: {
  readonly store: BudgetStore;
  readonly emit: (event: ObservabilityEvent) => void;
  readonly thresholds: readonly number[];
}) {
  const { store, emit, thresholds } = options;
  const pending = new Set<Promise<void>>();
  /** Keeps a settlement still in flight behind the call (`flush()` waits for it); one already done needs nothing. */
  const behind = (work: void | Promise<void>): void => {
    if (!work) return;
    pending.add(work);
    const done = () => pending.delete(work);
    work.then(done, done);
  };

  /** Drops a reservation by id, retrying a few times: a store that was slow may answer later. */
  const release = (id: string, budgets: readonly ApplicableBudget[]): void => {
    const keys = budgets.map((entry) => entry.budget);
    behind(
      (async () => {
        for (let attempt = 0; ; attempt += 1) {
          try {
            await store.release({ id, keys, now: Date.now() });
            return;
          } catch (error) {
            const wait = RELEASE_RETRIES_MS[attempt];
            if (wait === undefined) {
              // The lease runs out on its own after reservationTtlMs; say so rather than hide it.
              emit({ type: 'budget-store-unavailable', error: error as Error, decision: 'release-lost' });
              return;
            }
            await new Promise((resolve) => setTimeout(resolve, wait).unref());
          }
        }
      })(),
    );
  };

  // The alert thresholds as parts per million, for exact comparison in picodollars.
  const thresholdsPpm = thresholds.map((threshold) => BigInt(Math.round(threshold * 1_000_000)));

  /**
   * Settles a reservation at what the call cost, then raises the alerts it crossed. Synchronous with a local store
   * (memory, SQLite); a promise that never rejects with a remote one. A failure is an event, never a failed call.
   */
  function settleNow(reservation: Reservation | undefined, costPico: bigint): void | Promise<void> {
    if (!reservation) return;
    // A settle that timed out may still land (settling is idempotent by id). If it never does, the lease ends and
    // this call's spend is missing from the budget (never from the ledger): say so.
    const settleLost = (error: unknown) =>
      emit({ type: 'budget-store-unavailable', error: error as Error, decision: 'settle-lost' });
    // The spend landed; only the check for a crossed threshold failed, so an alert may be missing.
    const alertLost = (error: unknown) =>
      emit({ type: 'budget-store-unavailable', error: error as Error, decision: 'alert-lost' });
    const alertSafely = (spent: readonly bigint[]): void | Promise<void> => {
      try {
        const alerted = alert(reservation, spent);
        return isPromiseLike(alerted) ? Promise.resolve(alerted).catch(alertLost) : undefined;
      } catch (error) {
        alertLost(error);
      }
    };
    try {
      const spent = store.settle({
        id: reservation.id,
        keys: reservation.budgets.map((entry) => entry.budget),
        actualPico: costPico,
        now: Date.now(),
      });
      return isPromiseLike(spent) ? Promise.resolve(spent).then(alertSafely, settleLost) : alertSafely(spent);
    } catch (error) {
      settleLost(error);
    }
  }

  /** Raises each crossed threshold once per window (across processes), in order; only a crossed one asks the store. */
  function alert(reservation: Reservation, spent: readonly bigint[]): void | Promise<void> {
    let chain: Promise<void> | undefined;
    for (const [index, entry] of reservation.budgets.entries()) {
      const spentPico = spent[index] ?? 0n;
      for (const [position, threshold] of thresholds.entries()) {
        if (spentPico * 1_000_000n < (thresholdsPpm[position] as bigint) * entry.budget.limitPico) continue;
        const raise = (first: boolean) => {
          if (!first) return;
          emit({
            type: 'budget-alert',
            scope: entry.scope,
            window: entry.limit.window,
            threshold,
            spentUsd: formatUsd(spentPico),
            limitUsd: formatUsd(entry.budget.limitPico),
          });
        };
        const mark = () => store.markAlert(entry.budget.key, threshold, entry.budget.expiresAt);
        if (chain) chain = chain.then(() => Promise.resolve(mark()).then(raise));
        else {
          const marked = mark();
          if (isPromiseLike(marked)) chain = Promise.resolve(marked).then(raise);
          else raise(marked);
        }
      }
    }
    return chain;
  }

  return {
    /** Settles behind the call: synchronously with a local store, tracked for `flush()` with a remote one. */
    settle: (reservation: Reservation | undefined, costPico: bigint): void =>
      behind(settleNow(reservation, costPico)),
    release,
    /** Resolves when every settle and release started so far has landed or given up (with an event). */
    flush: async (): Promise<void> => {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
