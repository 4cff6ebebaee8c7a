import { pipeStage } from '@orkit/config/part-pipe';

/** How a watched stream ended, told once. */
export type StreamEnd =
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'cancelled'; readonly reason: unknown }
  | { readonly kind: 'abandoned' };

const ABANDONED = Symbol.for('orkit.observability.stream-abandoned');

/**
 * The reason a stream is cancelled when its reader stopped reading without cancelling it. Middlewares further in
 * see it as their cancel reason and record the call as `abandoned` too.
 *
 * @example
 * if (StreamAbandonedError.isInstance(reason)) record('abandoned');
 */
export class StreamAbandonedError extends Error {
  readonly [ABANDONED] = true as const;
  override readonly name = 'StreamAbandonedError';

  constructor(idleMs: number) {
    super(
      `The stream's reader read nothing for ${idleMs} ms without cancelling it, so the call was ended and settled as abandoned. Read streams to the end, or cancel them (reader.cancel() or an AbortSignal).`,
    );
  }

  static isInstance(error: unknown): error is StreamAbandonedError {
    return typeof error === 'object' && error !== null && ABANDONED in error;
  }
}

/** Default: a stream nobody has read for 2 minutes is abandoned. */
export const DEFAULT_ABANDON_AFTER_MS = 120_000;

/**
 * Passes a model stream through, telling `onPart` of each part and `onEnd` exactly once how it ended (the reader
 * sees the end after `onEnd`'s promise settles, so a record is committed first), including when its reader simply
 * stops reading (no cancel, no abort): after `abandonAfterMs` without a read while a part
 * waits, the upstream is cancelled (the provider stops generating) and the end is `abandoned`.
 *
 * It adds a stage to the stream's part pipe (`@orkit/config/part-pipe`) rather than a stream of its own, so the
 * layers of a stack share one stream.
 *
 * @example
 * const stream = watchStream(result.stream, { onPart: meter, onEnd: (end) => settle(end) });
 */
export function watchStream<T>(
  source: ReadableStream<T>,
  handlers: {
    readonly onPart?: (part: T) => void;
    /** May return a promise (a record being committed): the reader sees the end only once it settles. */
    readonly onEnd: (end: StreamEnd) => void | Promise<void>;
    readonly abandonAfterMs?: number;
  },
): ReadableStream<T> {
  const idleMs = handlers.abandonAfterMs ?? DEFAULT_ABANDON_AFTER_MS;
  let ended = false;
  const end = async (how: StreamEnd): Promise<void> => {
    if (ended) return;
    ended = true;
    try {
      await handlers.onEnd(how);
    } catch {
      // The handler's failure is its own to report; the stream's end is the reader's.
    }
  };
  const { onPart } = handlers;
  return pipeStage<T>(source, {
    ...(onPart
      ? {
          part(part, emit) {
            onPart(part);
            emit(part);
          },
        }
      : {}),
    done: () => end({ kind: 'done' }),
    async failed(error) {
      await end(StreamAbandonedError.isInstance(error) ? { kind: 'abandoned' } : { kind: 'error', error });
      return false;
    },
    cancelled: (reason) =>
      end(StreamAbandonedError.isInstance(reason) ? { kind: 'abandoned' } : { kind: 'cancelled', reason }),
    ...(idleMs > 0 ? { abandon: { afterMs: idleMs, reason: () => new StreamAbandonedError(idleMs) } } : {}),
  });
}

/** A stream that ended without a finish reason: what the usage record names as its error. */
export function incompleteStreamError(): Error {
  return Object.assign(new Error('The stream ended without a finish reason: the answer is incomplete.'), {
    name: 'IncompleteStreamError',
  });
}

/**
 * Whether the server said how a stream finished. A finish part with no raw reason and `other` is one the provider
 * made up when the body ended without a finish chunk (an HTML page, an empty body, a stream cut off cleanly).
 */
export function saidHowItFinished(reason: {
  readonly unified: string;
  readonly raw?: string | undefined;
}): boolean {
  return reason.raw !== undefined || reason.unified !== 'other';
}
