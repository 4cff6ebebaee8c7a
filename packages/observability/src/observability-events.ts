import type { BudgetWindow } from './calendar-window.js';
import type { UsageRecord } from './usage-record.js';

/** What observability reports. It never logs by itself. */
export type ObservabilityEvent =
  | { readonly type: 'usage'; readonly record: UsageRecord }
  | {
      readonly type: 'budget-rejected';
      readonly scope: string;
      readonly window: BudgetWindow;
      readonly limitUsd: number;
      readonly spentUsd: number;
      readonly reservedUsd: number;
      readonly requestedUsd: number;
      readonly resetAt: number;
    }
  | {
      readonly type: 'budget-alert';
      readonly scope: string;
      readonly window: BudgetWindow;
      readonly threshold: number;
      readonly spentUsd: number;
      readonly limitUsd: number;
    }
  | {
      readonly type: 'budget-store-unavailable';
      readonly error: Error;
      readonly decision: 'denied' | 'allowed' | 'settle-lost';
    }
  | { readonly type: 'ledger-error'; readonly error: Error; readonly recordId: string }
  | { readonly type: 'sink-dropped'; readonly sink: string; readonly count: number; readonly reason: string };

/** A listener for {@link ObservabilityEvent}s. */
export type ObservabilityEventListener = (event: ObservabilityEvent) => void;
