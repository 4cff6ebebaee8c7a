import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { type LanguageModelMiddleware, wrapLanguageModel } from 'ai';
import { currentAttemptBudget, withBudgetOnOptions } from './attempt-budget.js';
import { generateWithin, streamWithin } from './call-deadline.js';
import { type ClassificationOverrides, classifyFinal } from './classify-error.js';
import { AttemptsExhaustedError } from './resilience-errors.js';
import type { ResilienceEventListener } from './resilience-events.js';
import { GUARDED_STREAMS } from './resilience-middleware.js';

/** Options of {@link withFallback}. */
export interface FallbackOptions {
  /** Applied to every model, outermost first (e.g. `[resilienceMiddleware({ retry, breaker })]`). */
  readonly middleware?: LanguageModelMiddleware | readonly LanguageModelMiddleware[];
  /** Attempts for the whole call, retries inside every model included. Default 6. */
  readonly maxAttempts?: number;
  /** A deadline for the whole call. */
  readonly deadlineMs?: number;
  /** Change which errors move on (e.g. `{ moderation: { fallback: true } }`; the default never routes around a refusal). */
  readonly classify?: ClassificationOverrides;
  /** Context windows by model id; without it a context-length error does not move on (no model is known to be larger). */
  readonly contextWindowOf?: (modelId: string) => number | undefined;
  /** Also send OpenRouter's server-side `models` list (the remaining models) with each request. */
  readonly serverSideModels?: boolean;
  readonly onEvent?: ResilienceEventListener;
}

/**
 * One `LanguageModel` over an ordered list of models: an error the classifier marks (including in-band errors and
 * stream errors **before the first content part**) moves to the next model; after content reached the caller, a
 * failure is a `MidStreamError` (never a replay, never duplicated text). 401 and moderation refusals do not move
 * on by default; a context-length error moves only to a model with a larger window. Retries inside the models
 * and the fallbacks share one attempt budget and deadline.
 *
 * @example
 * const model = withFallback([openrouter.chat('anthropic/claude-sonnet-5'), openrouter.chat('openai/gpt-5.5')], {
 *   middleware: [resilienceMiddleware({ retry: { maxAttempts: 2 }, breaker: {} })],
 *   maxAttempts: 4,
 * });
 * const agent = new Agent({ name: 'support', instructions, model });
 */
export function withFallback(
  models: readonly LanguageModelV4[],
  options: FallbackOptions = {},
): LanguageModelV4 {
  const first = models[0];
  if (!first) throw new TypeError('withFallback needs at least one model.');
  const middleware =
    options.middleware === undefined
      ? []
      : Array.isArray(options.middleware)
        ? options.middleware
        : [options.middleware as LanguageModelMiddleware];
  const wrapped = models.map((model) =>
    middleware.length
      ? (wrapLanguageModel({ model, middleware: [...middleware] }) as LanguageModelV4)
      : model,
  );
  const ids = models.map((model) => model.modelId);
  const streamsGuarded = middleware.some((entry) => GUARDED_STREAMS.has(entry));
  // The whole call's deadline bounds each model's call from its start, response headers included.
  const remainingMs = (params: LanguageModelV4CallOptions) => {
    const deadline = currentAttemptBudget(params)?.deadline;
    return deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
  };

  const paramsFor = (params: LanguageModelV4CallOptions, index: number): LanguageModelV4CallOptions => {
    if (!options.serverSideModels || index >= ids.length - 1) return params;
    const openrouter = { ...(params.providerOptions?.openrouter ?? {}), models: ids.slice(index) };
    return { ...params, providerOptions: { ...params.providerOptions, openrouter } };
  };

  async function run<T>(
    call: (model: LanguageModelV4, params: LanguageModelV4CallOptions) => PromiseLike<T>,
    callParams: LanguageModelV4CallOptions,
  ): Promise<T> {
    const { params, budget } = withBudgetOnOptions(callParams, {
      maxAttempts: options.maxAttempts ?? 6,
      ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    });
    let needsWindowAbove: number | undefined;
    let lastError: unknown;
    for (let index = 0; index < wrapped.length; index += 1) {
      const model = wrapped[index] as LanguageModelV4;
      const id = ids[index] as string;
      if (needsWindowAbove !== undefined && (options.contextWindowOf?.(id) ?? 0) <= needsWindowAbove)
        continue;
      if (budget.remaining <= 0) break;
      if (budget.deadline !== undefined && Date.now() >= budget.deadline) break;
      const before = budget.remaining;
      const recorded = budget.failures.length;
      try {
        const result = await call(model, paramsFor(params, index));
        if (budget.remaining === before) budget.remaining -= 1;
        return result;
      } catch (error) {
        lastError = error;
        if (budget.remaining === before) budget.remaining -= 1;
        const classification = classifyFinal(error, options.classify);
        if (budget.failures.length === recorded)
          budget.failures.push({ model: id, attempt: 1, classification, error });
        if (classification.kind === 'aborted' || params.abortSignal?.aborted) throw error;
        let moveOn = classification.fallback;
        if (classification.kind === 'context-length') {
          const window = options.contextWindowOf?.(id);
          moveOn = moveOn && window !== undefined;
          needsWindowAbove = window;
        }
        const next = ids
          .slice(index + 1)
          .find(
            (candidate) =>
              needsWindowAbove === undefined ||
              (options.contextWindowOf?.(candidate) ?? 0) > needsWindowAbove,
          );
        if (!moveOn || next === undefined) {
          const failures = budget.failures;
          throw failures.length <= 1
            ? error
            : new AttemptsExhaustedError(moveOn ? 'max-attempts' : 'no-fallback', [...failures]);
        }
        options.onEvent?.({ type: 'fallback', from: id, to: next, classification });
      }
    }
    const failures = budget.failures;
    throw failures.length <= 1 && lastError !== undefined
      ? lastError
      : new AttemptsExhaustedError(
          budget.deadline !== undefined && Date.now() >= budget.deadline ? 'deadline' : 'max-attempts',
          [...failures],
        );
  }

  return {
    specificationVersion: 'v4',
    provider: 'orkit.fallback',
    modelId: first.modelId,
    supportedUrls: first.supportedUrls,
    doGenerate(params): Promise<LanguageModelV4GenerateResult> {
      return run(
        (model, callParams) =>
          generateWithin(model, callParams, remainingMs(callParams), model.modelId, options.onEvent),
        params,
      );
    },
    doStream(params): Promise<LanguageModelV4StreamResult> {
      // Behind a resilience middleware each model's stream is guarded already, within this call's deadline (the
      // shared attempt budget carries it): a second guard would only pass every part through once more.
      if (streamsGuarded) return run((model, callParams) => model.doStream(callParams), params);
      return run((model, callParams) => {
        const totalMs = remainingMs(callParams);
        return streamWithin(model, callParams, {
          key: model.modelId,
          timeout: totalMs === undefined ? undefined : { totalMs },
          classify: options.classify,
          onEvent: options.onEvent,
          onEnd: () => undefined,
        });
      }, params);
    },
  };
}
