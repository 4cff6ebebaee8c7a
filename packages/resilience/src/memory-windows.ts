/** The in-process store's building blocks: sliding-window logs, and the sweeper that drops idle keys. */

/** A sliding-window log: entries in time order, with a running sum. */
export class WindowLog {
  times: number[] = [];
  weights: number[] = [];
  tickets: string[] = [];
  head = 0;
  sum = 0;
  /** The window it was last used with: once its newest entry is older than this, the log is idle. */
  windowMs = 0;

  idle(now: number): boolean {
    return this.count === 0 || (this.times[this.times.length - 1] as number) + this.windowMs <= now;
  }

  prune(cutoff: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff) {
      this.sum -= this.weights[this.head] as number;
      this.head += 1;
    }
    // Compact now and then so the arrays do not grow forever.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.weights = this.weights.slice(this.head);
      this.tickets = this.tickets.slice(this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.times.length - this.head;
  }

  /** Milliseconds until `needed` of the window's weight has expired. */
  waitFor(needed: number, windowMs: number, now: number): number {
    let freed = 0;
    for (let index = this.head; index < this.times.length; index += 1) {
      freed += this.weights[index] as number;
      if (freed >= needed) return Math.max(1, (this.times[index] as number) + windowMs - now);
    }
    return windowMs;
  }

  push(time: number, weight: number, ticket: string): void {
    this.times.push(time);
    this.weights.push(weight);
    this.tickets.push(ticket);
    this.sum += weight;
  }

  correct(ticket: string, weight: number): void {
    for (let index = this.times.length - 1; index >= this.head; index -= 1) {
      if (this.tickets[index] === ticket) {
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
