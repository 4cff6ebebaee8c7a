import { ServiceDrainingError } from './http-errors.js';

/** One call being served: its abort signal, and how it ends. */
export interface TrackedCall {
  readonly signal: AbortSignal;
  /** The client went away: stop the agent, so its reservation settles at what was used. */
  abandon(): void;
  /** The call is over (answered, failed or ended). */
  end(): void;
}

/**
 * The calls a replica is serving, so a drain can wait for them and end the ones that outlive its grace period
 * (with {@link ServiceDrainingError}, which clients see as `shutting_down`).
 *
 * @example
 * const calls = createCallTracker();
 * const call = calls.track(); try { … } finally { call.end(); }
 * await calls.drain(10_000);
 */
export function createCallTracker() {
  const calls = new Set<{ controller: AbortController; done: Promise<void> }>();
  return {
    track(): TrackedCall {
      const controller = new AbortController();
      let finish!: () => void;
      const call = { controller, done: new Promise<void>((resolve) => (finish = resolve)) };
      calls.add(call);
      return {
        signal: controller.signal,
        abandon: () => controller.abort(new Error('The client closed the connection.')),
        end: () => {
          calls.delete(call);
          finish();
        },
      };
    },
    inFlight: () => calls.size,
    /** Lets calls finish for `graceMs`, then ends the rest and waits for them to settle. */
    async drain(graceMs: number): Promise<{ finished: number; ended: number }> {
      const pending = [...calls];
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.all(pending.map((call) => call.done)), graceOver]);
      clearTimeout(timer);
      const left = [...calls];
      for (const call of left) call.controller.abort(new ServiceDrainingError());
      await Promise.all(left.map((call) => call.done));
      return { finished: pending.length - left.length, ended: left.length };
    },
  };
}
