/** A circuit's state. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** When a circuit opens and how it recovers. */
export interface BreakerPolicy {
  /** `consecutive`: open after `threshold` failures in a row. `failure-rate`: open when failures / calls in `windowMs` reach `threshold` with at least `minimumVolume` calls. */
  readonly mode: 'consecutive' | 'failure-rate';
  readonly threshold: number;
  readonly minimumVolume: number;
  readonly windowMs: number;
  /** How long the circuit stays open before one probe is let through. */
  readonly openMs: number;
  /** How long a probe may hold the half-open slot before another may try (a crashed probe must not wedge it). */
  readonly probeLeaseMs: number;
}

/** One admission check: limits and circuit, atomically. */
export interface AdmissionRequest {
  readonly key: string;
  readonly now: number;
  readonly ticket: string;
  readonly requests?: { readonly limit: number; readonly windowMs: number };
  readonly tokens?: { readonly limit: number; readonly windowMs: number; readonly estimate: number };
  readonly breaker?: BreakerPolicy;
}

/** The answer: admitted (possibly as the half-open probe) or refused with the wait that would help. */
export type Admission =
  | { readonly ok: true; readonly probe: boolean; readonly transition?: BreakerTransition }
  | {
      readonly ok: false;
      readonly reason: 'requests' | 'tokens' | 'circuit-open';
      readonly retryAfterMs: number;
    };

/** The outcome of an admitted call. */
export interface SettleRequest {
  readonly key: string;
  readonly now: number;
  readonly ticket: string;
  readonly probe: boolean;
  /** `ignored`: the caller's fault or an abort; it does not move the circuit. */
  readonly outcome: 'success' | 'failure' | 'ignored';
  /** Real tokens used; corrects the estimate in the token window. */
  readonly actualTokens?: number;
  /** The estimate this call was admitted with (lets a store correct without reading it back). */
  readonly estimatedTokens?: number;
  /** The admission's `now`: the window step that counted the estimate takes the correction. */
  readonly admittedAt?: number;
  readonly breaker?: BreakerPolicy;
}

/** A change of circuit state. */
export interface BreakerTransition {
  readonly from: BreakerState;
  readonly to: BreakerState;
}

/** What a circuit looks like now. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  /** When an open circuit lets a probe through (epoch ms). */
  readonly openUntil: number | undefined;
}

/**
 * Where rate-limit windows and circuit state live. The memory store answers synchronously; the Redis store does
 * each call in one atomic round trip.
 */
export interface ResilienceStore {
  admit(request: AdmissionRequest): Admission | Promise<Admission>;
  settle(request: SettleRequest): BreakerTransition | undefined | Promise<BreakerTransition | undefined>;
  breaker(key: string, now: number): BreakerSnapshot | Promise<BreakerSnapshot>;
  /** Forgets a key's windows and circuit (tests, manual reset). */
  reset(key: string): void | Promise<void>;
}
