/**
 * The shapes of a part pipe (`part-pipe.ts`): a stage is what one layer does with a model stream, a pipe
 * the stream and its stages.
 */

/** Hands a part on to the stages after this one (and, past the last stage, to the reader). */
export type Emit<T> = (part: T) => void;

/**
 * What a layer does with a model stream, as one stage of a {@link PartPipe}. Every hook is optional; a stage
 * without `part` passes parts on unchanged.
 *
 * @example
 * const counting: PipeStage<LanguageModelV4StreamPart> = {
 *   part: (part, emit) => { if (part.type === 'text-delta') chars += part.delta.length; emit(part); },
 *   done: () => record(chars),
 * };
 */
export interface PipeStage<T> {
  /** Each part, in order: hand on zero, one or several parts with `emit`. */
  readonly part?: (part: T, emit: Emit<T>) => void;
  /**
   * The stream ended. It may emit last parts. A promise holds the end back from the stages after it and from the
   * reader until it settles (a record being committed).
   */
  readonly done?: (emit: Emit<T>) => void | Promise<void>;
  /**
   * Reading the stream failed with `error` (the provider's stream errored, or a stage below passed its failure
   * on). Return `true` when the stage ends the failure itself, having emitted what the reader should see instead
   * (an error part): the stages after it then see those parts and a normal end. Otherwise the failure goes on.
   */
  readonly failed?: (error: unknown, emit: Emit<T>) => boolean | undefined | Promise<boolean | undefined>;
  /** The stream was cancelled: by its reader, as abandoned, or by a stage after this one. Told once. */
  readonly cancelled?: (reason: unknown) => void | Promise<void>;
  /**
   * Ends a stream whose reader stopped reading without cancelling it: after `afterMs` without a read while a part
   * waits, the provider's stream is cancelled, every stage is told `cancelled(reason())` and the reader gets
   * `reason()` as its error. The shortest such setting of the stages in play counts.
   */
  readonly abandon?: { readonly afterMs: number; readonly reason: () => unknown };
}

/**
 * A model stream and the stages it runs through. Get one with {@link partPipe}.
 *
 * @example
 * const pipe = partPipe(result.stream);
 * const first = await pipe.next(); // read ahead before handing the stream on
 * return { ...result, stream: pipe.add(stage, first.done ? [] : [first.value]) };
 */
export interface PartPipe<T> {
  /** The stream a layer hands on; the same object after every `add`. */
  readonly stream: ReadableStream<T>;
  /** The number of stages so far: the index the next added stage gets. */
  readonly size: number;
  /**
   * Adds `stage` after the others; `ahead` are parts the adder read with `next()` and has seen already: they go
   * to the stages after it first. Returns the stream.
   */
  add(stage: PipeStage<T>, ahead?: readonly T[]): ReadableStream<T>;
  /** Reads one part through the stages so far, before the stream is handed on (a read-ahead to a first part). */
  next(): Promise<ReadableStreamReadResult<T>>;
  /**
   * Cancels the provider's stream and the stages below `index` with `reason` (a timeout of the stage at `index`):
   * the stage at `index` and those after it then see the end of the stream (`done`).
   */
  cutBelow(index: number, reason: unknown): void;
}
