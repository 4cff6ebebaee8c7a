import type { LanguageModelV4StreamPart, LanguageModelV4StreamResult } from '@ai-sdk/provider';
import { type ClassificationOverrides, classifyError } from './classify-error.js';
import { clearDeadline, type Deadline, watchDeadline } from './deadline-ticker.js';
import { MidStreamError, ModelTimeoutError } from './resilience-errors.js';
import type { ResilienceEventListener } from './resilience-events.js';
import type { TimeoutPolicy } from './resilience-options.js';

/** Options of {@link guardStream}. */
export interface StreamGuardOptions {
  readonly key: string;
  readonly timeout: TimeoutPolicy | undefined;
  /** When the attempt started (`performance.now()`), for the total timeout. */
  readonly startedAt: number;
  /** Aborts the underlying request. */
  readonly abort: ((reason: unknown) => void) | undefined;
  readonly classify: ClassificationOverrides | undefined;
  readonly onEvent: ResilienceEventListener | undefined;
  /** Called once when the stream ends: how, and the real tokens if the finish part said. */
  readonly onEnd: (outcome: 'success' | 'failure' | 'ignored', tokens: number | undefined) => void;
}

/**
 * A stream error part's payload as an `Error`: providers put plain objects (`{ code, message, metadata }`) there,
 * and callers (Mastra among them) expect errors. Status and data stay readable for classification.
 */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  const record = (typeof value === 'object' && value !== null ? value : {}) as {
    code?: unknown;
    message?: unknown;
  };
  const error = new Error(
    typeof record.message === 'string' ? record.message : 'The provider reported a stream error.',
  );
  return Object.assign(error, {
    name: 'AI_StreamProviderError',
    ...(typeof record.code === 'number' ? { statusCode: record.code } : {}),
    data: value,
  });
}

/** Parts that carry content to the caller; before the first of them a failure can still be retried unseen. */
export function isContentPart(part: LanguageModelV4StreamPart): boolean {
  switch (part.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return part.delta.length > 0;
    case 'tool-input-start':
    case 'tool-call':
    case 'tool-result':
    case 'file':
    case 'source':
      return true;
    default:
      return false;
  }
}

function tokensOf(part: LanguageModelV4StreamPart): number | undefined {
  if (part.type !== 'finish' || part.usage.inputTokens.total === undefined) return undefined;
  return (part.usage.inputTokens.total ?? 0) + (part.usage.outputTokens.total ?? 0);
}

/**
 * Reads a model stream up to its first content part (so failures before it throw, to be retried or routed
 * elsewhere), then passes it on through one pull loop that watches every chunk: time to first chunk, time
 * between chunks, total time, usage, and errors after content (as {@link MidStreamError}, never replayed).
 */
export async function guardStream(
  result: LanguageModelV4StreamResult,
  options: StreamGuardOptions,
): Promise<LanguageModelV4StreamResult> {
  const { key, timeout } = options;
  const reader = result.stream.getReader();
  let timedOut: ModelTimeoutError | undefined;
  const fire = (kind: 'total' | 'first-chunk' | 'between-chunks', ms: number) => () => {
    if (timedOut) return;
    timedOut = new ModelTimeoutError(key, kind, ms);
    options.onEvent?.({ type: 'timeout', model: key, kind, timeoutMs: ms });
    options.abort?.(timedOut);
    reader.cancel(timedOut).catch(() => undefined);
  };
  const total =
    timeout?.totalMs === undefined
      ? undefined
      : watchDeadline(options.startedAt + timeout.totalMs, fire('total', timeout.totalMs));
  let chunkDeadline: Deadline | undefined =
    timeout?.firstChunkMs === undefined
      ? undefined
      : watchDeadline(performance.now() + timeout.firstChunkMs, fire('first-chunk', timeout.firstChunkMs));
  const stopWatching = () => {
    clearDeadline(total);
    clearDeadline(chunkDeadline);
  };

  const buffered: LanguageModelV4StreamPart[] = [];
  let sawContent = false;
  try {
    while (!sawContent) {
      const read = await reader.read();
      if (timedOut) throw timedOut;
      if (read.done) break;
      const part = read.value;
      if (part.type === 'error') {
        reader.cancel().catch(() => undefined);
        throw asError(part.error);
      }
      buffered.push(part);
      sawContent = isContentPart(part);
    }
  } catch (error) {
    stopWatching();
    throw timedOut ?? error;
  }

  clearDeadline(chunkDeadline);
  const betweenMs = timeout?.betweenChunksMs;
  chunkDeadline =
    betweenMs === undefined
      ? undefined
      : watchDeadline(performance.now() + betweenMs, fire('between-chunks', betweenMs));
  let partial = '';
  let ended = false;
  let failed = false;
  let tokens: number | undefined;
  const end = (outcome: 'success' | 'failure' | 'ignored') => {
    if (ended) return;
    ended = true;
    stopWatching();
    options.onEnd(outcome, tokens);
  };
  const midStream = (error: unknown): LanguageModelV4StreamPart => {
    const classification = classifyError(error, options.classify);
    options.onEvent?.({
      type: 'mid-stream-error',
      model: key,
      classification,
      partialLength: partial.length,
    });
    failed = failed || classification.countsForBreaker;
    return { type: 'error', error: new MidStreamError(key, partial, classification, error) };
  };
  for (const part of buffered) if (part.type === 'text-delta') partial += part.delta;

  const stream = new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      for (const part of buffered) controller.enqueue(part);
    },
    async pull(controller) {
      let read: ReadableStreamReadResult<LanguageModelV4StreamPart>;
      try {
        read = await reader.read();
      } catch (error) {
        controller.enqueue(midStream(timedOut ?? error));
        controller.close();
        end('failure');
        return;
      }
      if (timedOut) {
        controller.enqueue(midStream(timedOut));
        controller.close();
        end('failure');
        return;
      }
      if (read.done) {
        controller.close();
        end(failed ? 'failure' : 'success');
        return;
      }
      const part = read.value;
      if (chunkDeadline && betweenMs !== undefined) chunkDeadline.at = performance.now() + betweenMs;
      if (part.type === 'text-delta') partial += part.delta;
      else if (part.type === 'error') {
        controller.enqueue(MidStreamError.isInstance(part.error) ? part : midStream(part.error));
        return;
      } else if (part.type === 'finish') tokens = tokensOf(part);
      controller.enqueue(part);
    },
    cancel(reason) {
      end('ignored');
      return reader.cancel(reason);
    },
  });
  return { ...result, stream };
}
