import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { clearDeadline, joinExpiry, leaveExpiry, watchDeadline } from './deadline-ticker.js';
import { guardStream, type StreamGuardOptions } from './guarded-stream.js';
import { ModelTimeoutError } from './resilience-errors.js';
import type { ResilienceEventListener } from './resilience-events.js';

/**
 * The call options with another abort signal. Written this way on purpose: V8 copies `{ abortSignal, ...params }`
 * on its fast path (~20 ns) but falls back to a slow one for `{ ...params, abortSignal }` (~350 ns).
 */
export function withSignal(
  params: LanguageModelV4CallOptions,
  abortSignal: AbortSignal,
): LanguageModelV4CallOptions {
  const next = { abortSignal, ...params };
  next.abortSignal = abortSignal;
  return next;
}

/** Gives an attempt its own abort signal, linked to the caller's. */
function attemptSignal(params: LanguageModelV4CallOptions): {
  params: LanguageModelV4CallOptions;
  abort: (reason: unknown) => void;
  unlink: () => void;
} {
  const controller = new AbortController();
  const outer = params.abortSignal;
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', forward, { once: true });
  return {
    params: withSignal(params, controller.signal),
    abort: (reason) => controller.abort(reason),
    unlink: () => outer?.removeEventListener('abort', forward),
  };
}

/**
 * One generate call bounded by `totalMs`, counted from now: a server that accepts the connection and never sends
 * headers is aborted like a slow one, with a {@link ModelTimeoutError} (retryable, and a reason to fall back).
 * Calls expiring in the same tick share one abort signal, so the success path allocates no timer of its own.
 */
export async function generateWithin(
  model: LanguageModelV4,
  params: LanguageModelV4CallOptions,
  totalMs: number | undefined,
  key: string,
  onEvent: ResilienceEventListener | undefined,
): Promise<LanguageModelV4GenerateResult> {
  if (totalMs === undefined) return model.doGenerate(params);
  const expiry = joinExpiry(performance.now() + totalMs);
  const outer = params.abortSignal;
  try {
    return await model.doGenerate(
      withSignal(params, outer ? AbortSignal.any([outer, expiry.signal]) : expiry.signal),
    );
  } catch (error) {
    // An inner layer's own timeout is already typed and reported.
    if (!expiry.signal.aborted || outer?.aborted || ModelTimeoutError.isInstance(error)) throw error;
    onEvent?.({ type: 'timeout', model: key, kind: 'total', timeoutMs: totalMs });
    throw new ModelTimeoutError(key, 'total', totalMs);
  } finally {
    leaveExpiry(expiry);
  }
}

/**
 * One stream call whose timeouts all count from now, the moment the request starts: the wait for response
 * headers is inside `firstChunkMs` and `totalMs`, so a server that accepts the connection and says nothing is a
 * {@link ModelTimeoutError} before any content (retried or routed elsewhere), never a hang. Then the stream is
 * guarded ({@link guardStream}).
 */
export async function streamWithin(
  model: LanguageModelV4,
  params: LanguageModelV4CallOptions,
  options: Omit<StreamGuardOptions, 'startedAt' | 'abort'>,
): Promise<LanguageModelV4StreamResult> {
  const startedAt = performance.now();
  const { timeout, key, onEvent } = options;
  if (
    !timeout ||
    (timeout.totalMs === undefined &&
      timeout.firstChunkMs === undefined &&
      timeout.betweenChunksMs === undefined)
  )
    return guardStream(await model.doStream(params), { ...options, startedAt, abort: undefined });
  const linked = attemptSignal(params);
  const first = timeout.firstChunkMs ?? Number.POSITIVE_INFINITY;
  const total = timeout.totalMs ?? Number.POSITIVE_INFINITY;
  let timedOut: ModelTimeoutError | undefined;
  let watch: ReturnType<typeof watchDeadline> | undefined;
  const expired =
    first === Number.POSITIVE_INFINITY && total === Number.POSITIVE_INFINITY
      ? undefined
      : new Promise<never>((_, reject) => {
          const [kind, ms] = first <= total ? (['first-chunk', first] as const) : (['total', total] as const);
          watch = watchDeadline(startedAt + ms, () => {
            timedOut = new ModelTimeoutError(key, kind, ms);
            onEvent?.({ type: 'timeout', model: key, kind, timeoutMs: ms });
            linked.abort(timedOut);
            reject(timedOut);
          });
        });
  const started = model.doStream(linked.params);
  let result: LanguageModelV4StreamResult;
  try {
    result = expired ? await Promise.race([started, expired]) : await started;
  } catch (error) {
    linked.unlink();
    // A response that still arrives after the timeout is read by nobody: cancel it.
    started.then(
      (late) => late.stream.cancel(timedOut).catch(() => undefined),
      () => undefined,
    );
    throw timedOut ?? error;
  } finally {
    clearDeadline(watch);
  }
  try {
    return await guardStream(result, {
      ...options,
      startedAt,
      abort: linked.abort,
      onEnd: (outcome, tokens) => {
        linked.unlink();
        options.onEnd(outcome, tokens);
      },
    });
  } catch (error) {
    linked.unlink();
    throw error;
  }
}
