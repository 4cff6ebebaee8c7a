import type { ObservabilityEvent, ObservabilityEventListener } from './observability-events.js';

/** An event emitter that never throws, with a count of the listener's failures. */
export interface SafeEmitter {
  (event: ObservabilityEvent): void;
  /** How many times the listener threw (or rejected). */
  readonly listenerErrors: number;
}

/**
 * Wraps a listener so that it can never fail the call that emits: a throw (or a rejected promise) is counted and
 * reported once as a `listener-error` event to the same listener; a listener that throws on that too is only
 * counted. The call, and its ledger record, go on either way.
 *
 * @example
 * const emit = emitSafely(options.onEvent);
 * emit({ type: 'usage', record }); // never throws
 */
export function emitSafely(listener: ObservabilityEventListener | undefined): SafeEmitter {
  let errors = 0;
  const report = (error: unknown, event: ObservabilityEvent) => {
    errors += 1;
    if (event.type === 'listener-error' || !listener) return;
    try {
      const pending: unknown = listener({
        type: 'listener-error',
        error: error instanceof Error ? error : new Error(String(error)),
        eventType: event.type,
      });
      if (pending instanceof Promise) pending.catch(() => (errors += 1));
    } catch {
      errors += 1;
    }
  };
  const emit = ((event: ObservabilityEvent) => {
    if (!listener) return;
    try {
      const pending: unknown = listener(event);
      if (pending instanceof Promise) pending.catch((error: unknown) => report(error, event));
    } catch (error) {
      report(error, event);
    }
  }) as SafeEmitter;
  Object.defineProperty(emit, 'listenerErrors', { get: () => errors });
  return emit;
}
