import type { BudgetWindow } from './calendar-window.js';
import type { UsageRecord } from './usage-record.js';

/** What observability reports. It never logs by itself. */
export type ObservabilityEvent =
  | { readonly type: 'usage'; readonly record: UsageRecord }
  | {
      readonly type: 'budget-rejected';
      readonly scope: string;
      readonly window: BudgetWindow;
      /** Exact decimal USD, like every amount in events. */
      readonly limitUsd: string;
      readonly spentUsd: string;
      readonly reservedUsd: string;
      readonly requestedUsd: string;
      readonly resetAt: number;
    }
  | {
      readonly type: 'budget-alert';
      readonly scope: string;
      readonly window: BudgetWindow;
      readonly threshold: number;
      readonly spentUsd: string;
      readonly limitUsd: string;
    }
  | {
      readonly type: 'budget-store-unavailable';
      readonly error: Error;
      /**
       * `denied` / `allowed`: a reservation the store did not answer (see `onStoreFailure`); `settle-lost` /
       * `release-lost`: a settlement or release that never landed (the lease expires it); `alert-lost`: the spend
       * landed but the check for a crossed alert threshold failed.
       */
      readonly decision: 'denied' | 'allowed' | 'settle-lost' | 'release-lost' | 'alert-lost';
    }
  | {
      /** A listener threw or rejected; the call and its record went on. */
      readonly type: 'listener-error';
      readonly error: Error;
      /** The event the listener failed on. */
      readonly eventType: ObservabilityEvent['type'];
    }
  | {
      /** A stored ledger row could not be read (damaged or from a newer schema); it was skipped, never deleted. */
      readonly type: 'ledger-row-skipped';
      readonly recordId: string;
      readonly reason: string;
    }
  | { readonly type: 'ledger-error'; readonly error: Error; readonly recordId: string }
  | { readonly type: 'sink-dropped'; readonly sink: string; readonly count: number; readonly reason: string };

/** A listener for {@link ObservabilityEvent}s. It may throw or return a promise: neither ever fails a call. */
export type ObservabilityEventListener = (event: ObservabilityEvent) => void;
