import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { LanguageModelMiddleware } from 'ai';
import { attributionOf } from './call-attribution.js';
import { emitSafely } from './emit-safely.js';
import { type LiveCallSpan, liveCallSpans } from './open-telemetry-span.js';
import { reportedCost } from './reported-cost.js';
import type { UsageOptions } from './usage-options.js';
import { ABORT_NAMES, type CallOutcome, errorKindOf, newRecordId, type UsageRecord } from './usage-record.js';
import {
  DEFAULT_ABANDON_AFTER_MS,
  incompleteStreamError,
  StreamAbandonedError,
  saidHowItFinished,
  watchStream,
} from './watch-stream.js';

/**
 * Records every call (every attempt, when placed inside retries) with the model asked for and the model that
 * answered, the generation id, tokens (input, cache read, cache write, output, reasoning), cost (OpenRouter's
 * `usage.cost` with the BYOK rule; the `costFromUsage` estimate only when none came back), latency, time to first
 * token, finish reason, outcome and attribution. Completed, failed **and aborted** streams are all recorded.
 * @example
 * const ledger = createSqliteLedger({ path: '.orkit/ledger.db' }); // from '@orkit/observability/sqlite'
 * withFallback(models, { middleware: [resilienceMiddleware({ retry: {} }), usageMiddleware({ ledger })] }); // a record per attempt
 */
export function usageMiddleware(options: UsageOptions = {}): LanguageModelMiddleware {
  const emit = emitSafely(options.onEvent);
  // The ledger first: a listener or sink that fails must never cost the record (or the call). The call resolves
  // (or its stream ends) once the record is committed, so a process killed right after still has it; a ledger
  // that fails is reported (`ledger-error`) and never fails the call.
  const spans = options.openTelemetry ? liveCallSpans(options.openTelemetry) : undefined;
  const write = (record: UsageRecord, span?: LiveCallSpan): Promise<void> | undefined => {
    span?.end(record);
    let committed: Promise<void> | undefined;
    try {
      const pending = options.ledger?.append(record);
      if (pending instanceof Promise)
        committed = pending.catch((error: unknown) =>
          emit({ type: 'ledger-error', error: error as Error, recordId: record.id }),
        );
    } catch (error) {
      emit({ type: 'ledger-error', error: error as Error, recordId: record.id });
    }
    emit({ type: 'usage', record });
    return committed;
  };

  const build = (
    base: {
      operation: 'generate' | 'stream';
      model: string;
      languageModel: LanguageModelV4;
      params: LanguageModelV4CallOptions;
      startedAt: number;
      started: number;
      span: LiveCallSpan | undefined;
    },
    facts: {
      usage: LanguageModelV4Usage | undefined;
      metadata: unknown;
      answeredModel: string | undefined;
      generationId: string | undefined;
      finishReason: string | undefined;
      outcome: CallOutcome;
      error: unknown;
      firstTokenAt: number | undefined;
    },
  ): UsageRecord => {
    const usage = facts.usage;
    const tokens = {
      inputTokens: usage?.inputTokens.total ?? 0,
      cacheReadTokens: usage?.inputTokens.cacheRead ?? 0,
      cacheWriteTokens: usage?.inputTokens.cacheWrite ?? 0,
      outputTokens: usage?.outputTokens.total ?? 0,
      reasoningTokens: usage?.outputTokens.reasoning ?? 0,
    };
    const reported = reportedCost(usage?.raw, facts.metadata);
    const estimatedRaw = reported
      ? undefined
      : usage
        ? options.costFromUsage?.(facts.answeredModel ?? base.model, tokens)
        : // No usage came back after content had flowed (abandoned, aborted, cut): recorded at the worst-case
          // estimate, the figure the budget keeps as spent, so ledger and budget agree until reconcileCosts fixes both.
          facts.outcome === 'abandoned' || facts.firstTokenAt !== undefined
          ? options.estimateCostUsd?.(base.languageModel, base.params)
          : undefined;
    const estimated = estimatedRaw === undefined ? undefined : formatUsd(parseUsd(estimatedRaw));
    const metadata = facts.metadata as { openrouter?: { provider?: string } } | undefined;
    return {
      id: newRecordId(),
      startedAt: base.startedAt,
      operation: base.operation,
      requestedModel: base.model,
      answeredModel: facts.answeredModel,
      generationId: facts.generationId,
      provider: metadata?.openrouter?.provider || undefined,
      ...tokens,
      costUsd: reported?.costUsd ?? estimated ?? '0',
      costSource: reported ? 'reported' : estimated !== undefined ? 'estimated' : 'none',
      byok: reported?.byok ?? false,
      latencyMs: Math.round(performance.now() - base.started),
      timeToFirstTokenMs:
        facts.firstTokenAt === undefined ? undefined : Math.round(facts.firstTokenAt - base.started),
      finishReason: facts.finishReason,
      outcome: facts.outcome,
      errorKind:
        facts.error === undefined
          ? undefined
          : facts.outcome === 'aborted' || facts.outcome === 'abandoned'
            ? facts.outcome
            : errorKindOf(facts.error),
      errorMessage:
        facts.error === undefined
          ? undefined
          : String((facts.error as Error)?.message ?? facts.error).slice(0, 500),
      attribution: attributionOf(base.params, options.attribution),
    };
  };
  /** A call that failed before any result: recorded as `aborted` when the caller aborted, otherwise `error`. */
  const recordFailure = (base: Parameters<typeof build>[0], error: unknown) => {
    const aborted = base.params.abortSignal?.aborted === true || ABORT_NAMES.has((error as Error)?.name);
    return write(
      build(base, {
        usage: undefined,
        metadata: undefined,
        answeredModel: undefined,
        generationId: undefined,
        finishReason: undefined,
        outcome: aborted ? 'aborted' : 'error',
        error,
        firstTokenAt: undefined,
      }),
      base.span,
    );
  };

  return {
    specificationVersion: 'v4',
    async wrapGenerate({ model, params, doGenerate }) {
      const base = {
        operation: 'generate' as const,
        model: model.modelId,
        languageModel: model as LanguageModelV4,
        params,
        startedAt: Date.now(),
        started: performance.now(),
        span: spans?.start(model.modelId, params, false),
      };
      try {
        const result = await (base.span ? base.span.run(doGenerate) : doGenerate());
        const committed = write(
          build(base, {
            usage: result.usage,
            metadata: result.providerMetadata,
            answeredModel: result.response?.modelId,
            generationId: result.response?.id,
            finishReason: result.finishReason.raw ?? result.finishReason.unified,
            outcome: 'success',
            error: undefined,
            firstTokenAt: undefined,
          }),
          base.span,
        );
        // A remote ledger's commit is awaited; a local one has written already (no promise, no extra turn).
        if (committed) await committed;
        return result;
      } catch (error) {
        await recordFailure(base, error);
        throw error;
      }
    },
    async wrapStream({ model, params, doStream }) {
      const base = {
        operation: 'stream' as const,
        model: model.modelId,
        languageModel: model as LanguageModelV4,
        params,
        startedAt: Date.now(),
        started: performance.now(),
        span: spans?.start(model.modelId, params, true),
      };
      let result: Awaited<ReturnType<typeof doStream>>;
      try {
        result = await (base.span ? base.span.run(doStream) : doStream());
      } catch (error) {
        await recordFailure(base, error);
        throw error;
      }
      let usage: LanguageModelV4Usage | undefined;
      let metadata: unknown;
      let answeredModel: string | undefined;
      let generationId: string | undefined;
      let finishReason: string | undefined;
      let firstTokenAt: number | undefined;
      let error: unknown;
      let finished = false;
      let recorded = false;
      let committed: Promise<void> | undefined;
      const record = (outcome: CallOutcome): Promise<void> | undefined => {
        if (recorded) return committed;
        recorded = true;
        committed = write(
          build(base, {
            usage,
            metadata,
            answeredModel,
            generationId,
            finishReason,
            outcome,
            error,
            firstTokenAt,
          }),
          base.span,
        );
        return committed;
      };
      const stream = watchStream(result.stream, {
        ...(options.abandonAfterMs === undefined ? {} : { abandonAfterMs: options.abandonAfterMs }),
        onPart(part: LanguageModelV4StreamPart) {
          switch (part.type) {
            case 'text-delta':
            case 'reasoning-delta':
            case 'tool-call':
              firstTokenAt ??= performance.now();
              break;
            case 'response-metadata':
              answeredModel = part.modelId ?? answeredModel;
              generationId = part.id ?? generationId;
              break;
            case 'finish':
              usage = part.usage;
              metadata = part.providerMetadata;
              finishReason =
                part.finishReason.unified === 'error'
                  ? 'error'
                  : (part.finishReason.raw ?? part.finishReason.unified);
              finished = saidHowItFinished(part.finishReason);
              break;
            case 'error':
              error ??= part.error;
              // Consumers (Mastra) stop reading after an error part: record now; reconcileCosts fills the cost in.
              record('error');
              break;
          }
        },
        onEnd(end) {
          if (end.kind === 'done') {
            // An HTML page, an empty body, plain JSON, or events that stopped without a finish chunk.
            if (error === undefined && !finished) error = incompleteStreamError();
            return record(error === undefined && finishReason !== 'error' ? 'success' : 'error');
          }
          if (end.kind === 'abandoned') {
            error ??= new StreamAbandonedError(options.abandonAfterMs ?? DEFAULT_ABANDON_AFTER_MS);
            return record('abandoned');
          }
          if (end.kind === 'error') {
            error = end.error;
            return record(params.abortSignal?.aborted ? 'aborted' : 'error');
          }
          const failed = error !== undefined && !params.abortSignal?.aborted;
          error ??= end.reason ?? new Error('stream cancelled');
          return record(failed ? 'error' : 'aborted');
        },
      });
      return { ...result, stream };
    },
  };
}
