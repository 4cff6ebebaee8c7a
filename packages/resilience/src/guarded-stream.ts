import type { LanguageModelV4StreamPart, LanguageModelV4StreamResult } from '@ai-sdk/provider';
import { partPipe } from '@orkit/config/part-pipe';
import { type ClassificationOverrides, classifyError } from './classify-error.js';
import { clearDeadline, type Deadline, watchDeadline } from './deadline-ticker.js';
import { IncompleteStreamError, MidStreamError, ModelTimeoutError } from './resilience-errors.js';
import type { ResilienceEventListener } from './resilience-events.js';
import type { TimeoutPolicy } from './resilience-options.js';

/** Options of {@link guardStream}. */
export interface StreamGuardOptions {
  readonly key: string;
  readonly timeout: TimeoutPolicy | undefined;
  /** When the attempt started (`performance.now()`): the total and first-chunk timeouts count from it. */
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

/**
 * A finish part the provider made up because the body never said how it finished: no raw reason and `other`
 * (what providers emit when an HTML page, an empty body or a stream cut off cleanly ends their parser).
 */
function isUnfinished(part: LanguageModelV4StreamPart | undefined): boolean {
  return (
    part === undefined ||
    (part.type === 'finish' && part.finishReason.raw === undefined && part.finishReason.unified === 'other')
  );
}

function tokensOf(part: LanguageModelV4StreamPart): number | undefined {
  if (part.type !== 'finish' || part.usage.inputTokens.total === undefined) return undefined;
  return (part.usage.inputTokens.total ?? 0) + (part.usage.outputTokens.total ?? 0);
}

/**
 * Reads a model stream up to its first content part (so failures before it throw, to be retried or routed
 * elsewhere), then passes it on as one stage of the stream's part pipe that watches every part: time to first
 * chunk, time between chunks, total time, usage, and errors after content (as {@link MidStreamError}, never
 * replayed).
 */
export async function guardStream(
  result: LanguageModelV4StreamResult,
  options: StreamGuardOptions,
): Promise<LanguageModelV4StreamResult> {
  const { key, timeout } = options;
  const pipe = partPipe(result.stream);
  // This guard's stage: a timeout cancels the stages below it and the provider's stream.
  const own = pipe.size;
  let timedOut: ModelTimeoutError | undefined;
  const fire = (kind: 'total' | 'first-chunk' | 'between-chunks', ms: number) => () => {
    if (timedOut) return;
    timedOut = new ModelTimeoutError(key, kind, ms);
    options.onEvent?.({ type: 'timeout', model: key, kind, timeoutMs: ms });
    options.abort?.(timedOut);
    pipe.cutBelow(own, timedOut);
  };
  const total =
    timeout?.totalMs === undefined
      ? undefined
      : watchDeadline(options.startedAt + timeout.totalMs, fire('total', timeout.totalMs));
  let chunkDeadline: Deadline | undefined =
    timeout?.firstChunkMs === undefined
      ? undefined
      : watchDeadline(options.startedAt + timeout.firstChunkMs, fire('first-chunk', timeout.firstChunkMs));
  const stopWatching = () => {
    clearDeadline(total);
    clearDeadline(chunkDeadline);
  };

  const buffered: LanguageModelV4StreamPart[] = [];
  const contentType = result.response?.headers?.['content-type'];
  let sawContent = false;
  let finish: LanguageModelV4StreamPart | undefined;
  try {
    while (!sawContent) {
      const read = await pipe.next();
      if (timedOut) throw timedOut;
      if (read.done) {
        // Ended before any content without saying how it finished: HTML, an empty body, plain JSON.
        if (isUnfinished(finish)) throw new IncompleteStreamError(key, contentType, false);
        break;
      }
      const part = read.value;
      if (part.type === 'error') {
        pipe.cutBelow(own, undefined);
        throw asError(part.error);
      }
      if (part.type === 'finish') finish = part;
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
      : watchDeadline(performance.now() + betweenMs, fire('between-chunks', betweenMs), betweenMs);
  let partial = '';
  let ended = false;
  let failed = false;
  let tokens: number | undefined;
  let sawFinish = finish !== undefined;
  // An error part already went to the caller: the end needs no second one.
  let erred = false;
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

  const stream = pipe.add(
    {
      part(part, emit) {
        // A part that was on its way as a timeout cut the stream: the end reports the timeout.
        if (timedOut) return;
        if (chunkDeadline) chunkDeadline.touched = true;
        if (part.type === 'text-delta') partial += part.delta;
        else if (part.type === 'error') {
          emit(MidStreamError.isInstance(part.error) ? part : midStream(part.error));
          erred = true;
          return;
        } else if (part.type === 'finish') {
          sawFinish = true;
          tokens = tokensOf(part);
          if (!erred && isUnfinished(part)) {
            // The provider made this finish up: the stream stopped after content without its finish chunk.
            emit(midStream(new IncompleteStreamError(key, contentType, true)));
            erred = true;
            emit({ ...part, finishReason: { unified: 'error', raw: undefined } });
            return;
          }
        }
        emit(part);
      },
      done(emit) {
        if (timedOut) {
          emit(midStream(timedOut));
          end('failure');
          return;
        }
        // Content, then an end with no finish at all: cut short without an error part.
        if (!erred && !sawFinish) emit(midStream(new IncompleteStreamError(key, contentType, true)));
        end(failed ? 'failure' : 'success');
      },
      failed(error, emit) {
        emit(midStream(timedOut ?? error));
        end('failure');
        return true;
      },
      cancelled() {
        end('ignored');
      },
    },
    buffered,
  );
  return { ...result, stream };
}
