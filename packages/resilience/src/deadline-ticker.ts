import { setMaxListeners } from 'node:events';

/** A deadline the ticker watches. */
export interface Deadline {
  at: number;
  readonly fire: () => void;
  /**
   * For an idle deadline (time between chunks): set on activity, and the next tick moves `at` to `extendMs` after
   * it. A flag per chunk instead of a clock read per chunk; the deadline is never early, at most one tick late.
   */
  touched?: boolean;
  readonly extendMs?: number;
}

/**
 * Calls whose deadlines fall in the same tick share one abort signal: a call on the success path then allocates
 * no AbortController, listener, timer or Error of its own.
 */
export interface SharedExpiry {
  /** Aborted when the tick holding this deadline passes while calls still wait on it. */
  readonly signal: AbortSignal;
  /** Calls still holding this expiry; an empty bucket is dropped at the next tick without aborting. */
  pending: number;
}

interface Bucket extends SharedExpiry {
  readonly controller: AbortController;
}

const TICK_MS = 10;
const deadlines = new Set<Deadline>();
const buckets = new Map<number, Bucket>();
let timer: NodeJS.Timeout | undefined;

function tick(): void {
  const now = performance.now();
  for (const deadline of deadlines) {
    if (deadline.touched) {
      deadline.touched = false;
      deadline.at = now + (deadline.extendMs ?? 0);
    } else if (now >= deadline.at) {
      deadlines.delete(deadline);
      deadline.fire();
    }
  }
  for (const [slot, bucket] of buckets) {
    if (bucket.pending === 0) buckets.delete(slot);
    else if (now >= slot) {
      buckets.delete(slot);
      bucket.controller.abort(new DOMException('The call passed its deadline.', 'TimeoutError'));
    }
  }
  if (deadlines.size === 0 && buckets.size === 0 && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

function startTicker(): void {
  if (!timer) {
    timer = setInterval(tick, TICK_MS);
    timer.unref?.();
  }
}

/**
 * Watches a deadline (in `performance.now()` time) with one shared 10 ms ticker for every call and stream, so
 * the success path sets no timer of its own. Returns the entry; move `at` to extend it (or, with `extendMs`, set
 * `touched`), `clearDeadline` when done.
 */
export function watchDeadline(at: number, fire: () => void, extendMs?: number): Deadline {
  const deadline: Deadline = extendMs === undefined ? { at, fire } : { at, fire, extendMs, touched: false };
  deadlines.add(deadline);
  startTicker();
  return deadline;
}

/** Stops watching. */
export function clearDeadline(deadline: Deadline | undefined): void {
  if (deadline) deadlines.delete(deadline);
}

/**
 * Joins the shared expiry of the tick that holds `at` (in `performance.now()` time, rounded up to the tick, so
 * it never fires early). Call {@link leaveExpiry} when the call ends, however it ends.
 */
export function joinExpiry(at: number): SharedExpiry {
  const slot = Math.ceil(at / TICK_MS) * TICK_MS;
  let bucket = buckets.get(slot);
  if (!bucket) {
    const controller = new AbortController();
    // Every call in the tick may listen (fetch does): no "possible leak" warning for a shared signal.
    setMaxListeners(0, controller.signal);
    bucket = { controller, signal: controller.signal, pending: 0 };
    buckets.set(slot, bucket);
    startTicker();
  }
  bucket.pending += 1;
  return bucket;
}

/** Leaves a shared expiry. */
export function leaveExpiry(expiry: SharedExpiry): void {
  expiry.pending -= 1;
}

/** Open deadlines and calls still holding an expiry (tests check that none leak). */
export function openDeadlines(): number {
  let open = deadlines.size;
  for (const bucket of buckets.values()) open += bucket.pending;
  return open;
}
