/** A deadline the ticker watches. */
export interface Deadline {
  at: number;
  readonly fire: () => void;
}

const TICK_MS = 10;
const deadlines = new Set<Deadline>();
let timer: NodeJS.Timeout | undefined;

function tick(): void {
  const now = performance.now();
  for (const deadline of deadlines) {
    if (now >= deadline.at) {
      deadlines.delete(deadline);
      deadline.fire();
    }
  }
  if (deadlines.size === 0 && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

/**
 * Watches a deadline (in `performance.now()` time) with one shared 10 ms ticker for every call and stream, so
 * the success path sets no timer of its own. Returns the entry; move `at` to extend it, `clearDeadline` when done.
 */
export function watchDeadline(at: number, fire: () => void): Deadline {
  const deadline: Deadline = { at, fire };
  deadlines.add(deadline);
  if (!timer) {
    timer = setInterval(tick, TICK_MS);
    timer.unref?.();
  }
  return deadline;
}

/** Stops watching. */
export function clearDeadline(deadline: Deadline | undefined): void {
  if (deadline) deadlines.delete(deadline);
}

/** Open deadlines (tests check that none leak). */
export function openDeadlines(): number {
  return deadlines.size;
}
