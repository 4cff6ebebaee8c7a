/**
 * A second opinion that runs beside the model call (`secondOpinion.concurrent`): the call is sent under a signal the
 * judge's verdict can abort, and its answer is handed on only once every verdict is in.
 */
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';

const ignore = () => undefined;

/**
 * The calls of one guard whose verdicts are still to come, found by the call's params.
 *
 * @example
 * const beside = judgeBesideCall();
 * const params = beside.send(params, verdicts); // in transformParams
 * const result = await beside.answer(params, doGenerate); // in wrapGenerate
 */
export function judgeBesideCall() {
  const judgingOf = new WeakMap<object, { settled: Promise<unknown>; stop: AbortController }>();
  return {
    /** The params to send the call with while `verdicts` are pending (each rejects with the policy's error). */
    send(
      params: LanguageModelV4CallOptions,
      verdicts: readonly Promise<unknown>[],
    ): LanguageModelV4CallOptions {
      const stop = new AbortController();
      const abortSignal = params.abortSignal
        ? AbortSignal.any([params.abortSignal, stop.signal])
        : stop.signal;
      const next = { ...params, abortSignal };
      const settled = Promise.all(verdicts);
      // Handled here as well as where it is awaited, so an early verdict is never an unhandled rejection.
      settled.catch(ignore);
      judgingOf.set(next, { settled, stop });
      return next;
    },
    /**
     * Starts the call and hands its result on once every verdict is in. On a verdict that rejects, the call is
     * aborted, `cancel` gets what it started (a stream to cancel), and the verdict's error is thrown. A call sent
     * without pending verdicts is only started.
     */
    async answer<T>(
      params: object,
      start: () => PromiseLike<T>,
      cancel?: (started: T, reason: unknown) => unknown,
    ): Promise<T> {
      const judging = judgingOf.get(params);
      if (!judging) return start();
      const started = Promise.resolve(start());
      // Awaited after the verdicts; handled now, so a failure in the meantime is not an unhandled rejection.
      started.catch(ignore);
      try {
        await judging.settled;
      } catch (error) {
        judging.stop.abort(error);
        if (cancel) started.then((value) => cancel(value, error)).catch(ignore);
        throw error;
      }
      return started;
    },
  };
}
