import { BulkheadRejectedError } from './resilience-errors.js';
import type { ResilienceEventListener } from './resilience-events.js';

/** Concurrency limits per model. */
export interface BulkheadPolicy {
  readonly maxConcurrent: number;
  /** Calls that may wait for a slot. Default 0 (reject at once). */
  readonly maxQueue?: number;
  /** How long a queued call waits before it is rejected. Default: no limit. */
  readonly queueTimeoutMs?: number;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

interface Compartment {
  active: number;
  readonly queue: Waiter[];
}

/** Releases a slot. Idempotent. */
export type Release = () => void;

/** Per-key concurrency slots with a bounded FIFO queue. In-process by design. */
export class Bulkhead {
  readonly #policy: BulkheadPolicy;
  readonly #compartments = new Map<string, Compartment>();
  readonly #onEvent: ResilienceEventListener | undefined;

  constructor(policy: BulkheadPolicy, onEvent: ResilienceEventListener | undefined) {
    if (!(policy.maxConcurrent >= 1))
      throw new RangeError(`bulkhead.maxConcurrent must be at least 1, got ${policy.maxConcurrent}`);
    this.#policy = policy;
    this.#onEvent = onEvent;
  }

  /** A slot for `key`, waiting in line if allowed. */
  acquire(key: string, signal: AbortSignal | undefined): Release | Promise<Release> {
    let compartment = this.#compartments.get(key);
    if (!compartment) {
      compartment = { active: 0, queue: [] };
      this.#compartments.set(key, compartment);
    }
    const slot = compartment;
    const release = this.#releaser(key, slot);
    if (slot.active < this.#policy.maxConcurrent) {
      slot.active += 1;
      return release;
    }
    const maxQueue = this.#policy.maxQueue ?? 0;
    if (slot.queue.length >= maxQueue) {
      this.#onEvent?.({ type: 'bulkhead-reject', key });
      throw new BulkheadRejectedError(key, this.#policy.maxConcurrent, maxQueue, 'queue-full');
    }
    this.#onEvent?.({ type: 'bulkhead-queued', key, queued: slot.queue.length + 1 });
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          if (waiter.timer) clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject,
        timer: undefined,
      };
      const leave = (error: unknown) => {
        const index = slot.queue.indexOf(waiter);
        if (index >= 0) slot.queue.splice(index, 1);
        if (waiter.timer) clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => leave(signal?.reason);
      if (this.#policy.queueTimeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.#onEvent?.({ type: 'bulkhead-reject', key });
          leave(new BulkheadRejectedError(key, this.#policy.maxConcurrent, maxQueue, 'queue-timeout'));
        }, this.#policy.queueTimeoutMs);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      slot.queue.push(waiter);
    });
  }

  #releaser(key: string, slot: Compartment): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.queue.shift();
      if (next) next.resolve();
      else {
        slot.active -= 1;
        if (slot.active === 0) this.#compartments.delete(key);
      }
    };
  }
}
