import type { ErrorClassification } from './classify-error.js';
import type { LimitDimension, TimeoutKind } from './resilience-errors.js';
import type { BreakerState } from './resilience-store.js';

/**
 * Every decision the resilience layers make, as data. The package never logs; subscribe with `onEvent` (and
 * let `@orkit/observability` record them).
 */
export type ResilienceEvent =
  | { readonly type: 'attempt'; readonly model: string; readonly attempt: number }
  | {
      readonly type: 'attempt-failed';
      readonly model: string;
      readonly attempt: number;
      readonly classification: ErrorClassification;
    }
  | {
      readonly type: 'retry';
      readonly model: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly classification: ErrorClassification;
    }
  | {
      readonly type: 'fallback';
      readonly from: string;
      readonly to: string;
      readonly classification: ErrorClassification;
    }
  | { readonly type: 'breaker'; readonly key: string; readonly from: BreakerState; readonly to: BreakerState }
  | {
      readonly type: 'rate-limit-wait';
      readonly key: string;
      readonly dimension: LimitDimension;
      readonly waitMs: number;
    }
  | {
      readonly type: 'rate-limit-reject';
      readonly key: string;
      readonly dimension: LimitDimension;
      readonly retryAfterMs: number;
    }
  | { readonly type: 'circuit-reject'; readonly key: string; readonly retryAfterMs: number }
  | { readonly type: 'bulkhead-queued'; readonly key: string; readonly queued: number }
  | { readonly type: 'bulkhead-reject'; readonly key: string }
  | {
      readonly type: 'timeout';
      readonly model: string;
      readonly kind: TimeoutKind;
      readonly timeoutMs: number;
    }
  | {
      readonly type: 'mid-stream-error';
      readonly model: string;
      readonly classification: ErrorClassification;
      readonly partialLength: number;
    }
  | {
      readonly type: 'cache-hit' | 'cache-miss' | 'cache-store';
      readonly key: string;
      readonly model: string;
    }
  | {
      readonly type: 'store-unavailable';
      readonly store: string;
      readonly operation: string;
      readonly error: Error;
    };

/** A listener for {@link ResilienceEvent}s. */
export type ResilienceEventListener = (event: ResilienceEvent) => void;
