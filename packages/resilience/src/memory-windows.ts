/** The in-process store's building blocks: windows that slide in steps, and the sweeper that drops idle keys. */

/** Steps per window: an admission counts for the window and at most one step more. */
export const WINDOW_STEPS = 60;

/** How long one step of a window is: a sixtieth of it (1 ms for windows under 60 ms), rounded up. */
export function stepOf(windowMs: number): number {
  return Math.ceil(windowMs / Math.min(WINDOW_STEPS, Math.max(1, windowMs)));
}

/**
 * A window that slides in steps: the weight admitted in each step (at most 61 entries, whatever the rate), with a
 * running sum. An admission counts from its step's start until one window and one step later, so never for less
 * than the window (the limit holds over every window) and at most one step more.
 */
export class SteppedWindow {
  /** Start of each step that holds weight, oldest first. */
  starts: number[] = [];
  weights: number[] = [];
  head = 0;
  sum = 0;
  windowMs = 0;
  stepMs = 1;

  /** Sets the window (a changed window keeps the weight already counted: it only errs on the safe side). */
  configure(windowMs: number): void {
    if (windowMs === this.windowMs) return;
    this.windowMs = windowMs;
    this.stepMs = stepOf(windowMs);
  }

  /** The start of the step `time` falls in. */
  stepStart(time: number): number {
    return Math.floor(time / this.stepMs) * this.stepMs;
  }

  idle(now: number): boolean {
    return (
      this.sum <= 0 || (this.starts[this.starts.length - 1] as number) + this.stepMs + this.windowMs <= now
    );
  }

  /** Drops the steps whose weight no longer counts at `now`. */
  prune(now: number): void {
    const cutoff = now - this.windowMs - this.stepMs;
    while (this.head < this.starts.length && (this.starts[this.head] as number) <= cutoff) {
      this.sum -= this.weights[this.head] as number;
      this.head += 1;
    }
    if (this.head === this.starts.length) {
      this.starts = [];
      this.weights = [];
      this.head = 0;
      this.sum = 0;
    } else if (this.head > 64) {
      this.starts = this.starts.slice(this.head);
      this.weights = this.weights.slice(this.head);
      this.head = 0;
    }
  }

  /** Milliseconds until `needed` of the window's weight has stopped counting. */
  waitFor(needed: number, now: number): number {
    let freed = 0;
    for (let index = this.head; index < this.starts.length; index += 1) {
      freed += this.weights[index] as number;
      if (freed >= needed)
        return Math.max(1, (this.starts[index] as number) + this.stepMs + this.windowMs - now);
    }
    return this.windowMs + this.stepMs;
  }

  /** Counts `weight` at `time`; returns the step's start, which a later correction names. */
  push(time: number, weight: number): number {
    const start = this.stepStart(time);
    const last = this.starts.length - 1;
    if (last >= this.head && this.starts[last] === start)
      this.weights[last] = (this.weights[last] as number) + weight;
    else {
      this.starts.push(start);
      this.weights.push(weight);
    }
    this.sum += weight;
    return start;
  }

  /** Adds `delta` to the weight counted in the step starting at `start`, if that step still counts. */
  correct(start: number, delta: number): void {
    for (let index = this.starts.length - 1; index >= this.head; index -= 1) {
      const at = this.starts[index] as number;
      if (at < start) return;
      if (at === start) {
        const weight = Math.max(0, (this.weights[index] as number) + delta);
        this.sum += weight - (this.weights[index] as number);
        this.weights[index] = weight;
        return;
      }
    }
  }
}

/**
 * Walks a map a few entries per call, dropping the idle ones, and starts over at the end: idle keys are
 * reclaimed within about (keys / 2) calls, at a constant cost per call, with no timer.
 */
export class IdleSweeper<V> {
  #entries: MapIterator<[string, V]> | undefined;
  readonly #map: Map<string, V>;
  readonly #isIdle: (value: V, now: number) => boolean;

  constructor(map: Map<string, V>, isIdle: (value: V, now: number) => boolean) {
    this.#map = map;
    this.#isIdle = isIdle;
  }

  step(now: number): void {
    for (let visited = 0; visited < 2; visited += 1) {
      this.#entries ??= this.#map.entries();
      const next = this.#entries.next();
      if (next.done) {
        this.#entries = undefined;
        return;
      }
      const [key, value] = next.value;
      // Deleting the entry just visited is safe while iterating a Map.
      if (this.#isIdle(value, now)) this.#map.delete(key);
    }
  }
}
