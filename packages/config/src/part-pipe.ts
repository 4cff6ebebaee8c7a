/**
 * One stream for a whole middleware stack. Every layer that must see each part of a model stream (usage, budget,
 * resilience, cache, guards) used to wrap the stream in a stream of its own, and each web stream costs about a
 * microsecond per part, more than the layer's own work. A part pipe runs the layers as stages of one pull loop:
 * a layer that gets a pipe's stream back from the layer below, not yet read, adds its stage to that pipe and hands
 * the same stream on. A stream that is not a pipe (a provider's) becomes the source of a new one.
 */

import type { Emit, PartPipe, PipeStage } from './part-pipe-stage.js';

export type { Emit, PartPipe, PipeStage } from './part-pipe-stage.js';

// The pipe is found on its stream through a registered symbol, so layers from two installed copies of this package
// still share one pipe: what they call on it is the `PartPipe` interface.
const PIPE = Symbol.for('orkit.part-pipe');

const noop = () => undefined;

class Pipe<T> implements PartPipe<T> {
  readonly stream: ReadableStream<T>;
  readonly #stages: PipeStage<T>[] = [];
  readonly #emits: Emit<T>[] = [];
  readonly #reader: ReadableStreamDefaultReader<T>;
  /** Parts past every stage, not yet handed to the reader. */
  readonly #out: T[] = [];
  /** Parts read ahead by a stage, each with the index of the stage it goes to next. */
  readonly #waiting: [T, number][] = [];
  #source: 'open' | 'done' | 'failed' = 'open';
  #failure: unknown;
  /** The stages before this index have had their end (`done`, `failed` or `cancelled`). */
  #endedTo = 0;
  /** The stages before this index were cancelled from above. */
  #cut = 0;
  #pulled = false;
  #sourceCut = false;
  #cancelled = false;
  /** A stage's end still being committed, after the parts it emitted were handed on. */
  #holding: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When a part began to wait for the reader (`Date.now()`); unset while the reader reads. */
  #waitingSince: number | undefined;
  /** The stages' abandonment setting, found once the stream is read (no stage is added after). */
  #abandonAfter: PipeStage<T>['abandon'] | null | undefined;
  readonly #final: Emit<T> = (part) => {
    this.#out.push(part);
  };

  constructor(source: ReadableStream<T>) {
    this.#reader = source.getReader();
    this.stream = new ReadableStream<T>({
      pull: (controller) => this.#pull(controller),
      cancel: (reason) => this.#cancel(reason),
    });
    Object.defineProperty(this.stream, PIPE, { value: this });
  }

  get size(): number {
    return this.#stages.length;
  }

  /** Whether a layer may still add a stage: nobody has read the stream, nor locked it. */
  get open(): boolean {
    return !this.#pulled && !this.stream.locked;
  }

  add(stage: PipeStage<T>, ahead: readonly T[] = []): ReadableStream<T> {
    const index = this.#stages.length;
    this.#stages.push(stage);
    this.#emits.push((part) => this.#push(part, index + 1));
    for (const part of ahead) this.#waiting.push([part, index + 1]);
    return this.stream;
  }

  async next(): Promise<ReadableStreamReadResult<T>> {
    while (this.#out.length === 0 && !this.#settled()) await this.#step();
    if (this.#out.length > 0) return { done: false, value: this.#out.shift() as T };
    if (this.#source === 'failed') throw this.#failure;
    return { done: true, value: undefined };
  }

  cutBelow(index: number, reason: unknown): void {
    // The first cut ends the source, whatever stage asks (the first stage has no stage below it to cancel).
    if (this.#sourceCut) return;
    this.#sourceCut = true;
    for (let at = Math.min(index, this.#stages.length) - 1; at >= Math.max(this.#cut, this.#endedTo); at -= 1)
      this.#quietly(this.#stages[at]?.cancelled?.(reason));
    this.#cut = Math.max(this.#cut, index);
    this.#endedTo = Math.max(this.#endedTo, index);
    this.#reader.cancel(reason).catch(noop);
  }

  #push(part: T, at: number): void {
    const stage = this.#stages[at];
    if (!stage) this.#out.push(part);
    else if (stage.part) stage.part(part, this.#emits[at] ?? this.#final);
    else this.#push(part, at + 1);
  }

  /** Every stage has had its end and no part waits: what is left is to hand the end to the reader. */
  #settled(): boolean {
    return (
      this.#source !== 'open' &&
      this.#waiting.length === 0 &&
      this.#holding === undefined &&
      this.#endedTo >= this.#stages.length
    );
  }

  /** One step: a waiting part, a part from the source, or the next stage's end. */
  async #step(): Promise<void> {
    const holding = this.#holding;
    if (holding) {
      this.#holding = undefined;
      return holding;
    }
    const waiting = this.#waiting.shift();
    if (waiting) return this.#push(waiting[0], waiting[1]);
    if (this.#source === 'open') return this.#read();
    const at = Math.max(this.#endedTo, this.#cut);
    const stage = this.#stages[at];
    this.#endedTo = at + 1;
    if (!stage) return;
    const emit = this.#emits[at] ?? this.#final;
    if (this.#source === 'done') {
      const ending = stage.done?.(emit);
      // The parts it emitted go to the reader first; the next step waits for the commit.
      if (ending) this.#holding = ending;
      return;
    }
    let handled = stage.failed?.(this.#failure, emit);
    if (handled instanceof Promise) handled = await handled;
    if (handled === true) {
      this.#source = 'done';
      this.#failure = undefined;
    }
  }

  async #read(): Promise<void> {
    let read: ReadableStreamReadResult<T>;
    try {
      read = await this.#reader.read();
    } catch (error) {
      this.#source = 'failed';
      this.#failure = error;
      return;
    }
    if (read.done) this.#source = 'done';
    // A part read as a stage below was cut goes to the stage that cut it (which knows why).
    else this.#push(read.value, this.#cut);
  }

  #pull(controller: ReadableStreamDefaultController<T>): Promise<void> | undefined {
    // A stream pulls once by itself as it is made: nobody reads it yet, and layers may still add stages.
    if (!this.#pulled && !this.stream.locked) return;
    this.#pulled = true;
    this.#waitingSince = undefined;
    if (this.#waiting.length > 0 || this.#source !== 'open') return this.#pullSteps(controller);
    // The common case, one part from the source, without the step loop's promises.
    return this.#reader.read().then(
      (read) => {
        if (read.done || this.#cancelled) {
          if (read.done) this.#source = 'done';
          return this.#pullSteps(controller);
        }
        try {
          this.#push(read.value, this.#cut);
        } catch (error) {
          return this.#broken(error);
        }
        return this.#hand(controller);
      },
      (error: unknown) => {
        this.#source = 'failed';
        this.#failure = error;
        return this.#pullSteps(controller);
      },
    );
  }

  async #pullSteps(controller: ReadableStreamDefaultController<T>): Promise<void> {
    try {
      while (this.#out.length === 0 && !this.#settled()) await this.#step();
    } catch (error) {
      return this.#broken(error);
    }
    return this.#hand(controller);
  }

  /** A stage threw: the stream fails with its error, and the provider stops. */
  #broken(error: unknown): never {
    this.#reader.cancel(error).catch(noop);
    throw error;
  }

  /** Hands what passed every stage to the reader; an empty hand goes on reading. */
  #hand(controller: ReadableStreamDefaultController<T>): Promise<void> | undefined {
    if (this.#cancelled) return;
    if (this.#out.length === 0 && !this.#settled()) return this.#pullSteps(controller);
    for (const part of this.#out) controller.enqueue(part);
    this.#out.length = 0;
    if (this.#settled()) {
      clearTimeout(this.#timer);
      this.#waitingSince = undefined;
      if (this.#source === 'failed') controller.error(this.#failure);
      else controller.close();
      return;
    }
    if ((controller.desiredSize ?? 0) > 0) return;
    // A part waits for the reader. One timer per stream, not per part: it checks when it fires how long the part
    // has waited, and waits out the rest if the reader took a part in between.
    this.#waitingSince = Date.now();
    if (this.#timer === undefined) this.#watchIdle(controller);
    return;
  }

  #watchIdle(controller: ReadableStreamDefaultController<T>): void {
    this.#abandonAfter ??= this.#abandonSetting() ?? null;
    const abandon = this.#abandonAfter;
    if (!abandon || this.#waitingSince === undefined || this.#cancelled) {
      this.#timer = undefined;
      return;
    }
    const waited = Date.now() - this.#waitingSince;
    if (waited >= abandon.afterMs) return this.#abandon(controller, abandon.reason());
    this.#timer = setTimeout(() => this.#watchIdle(controller), abandon.afterMs - waited);
    // A stream nobody reads must not keep the process alive by itself.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #abandonSetting(): PipeStage<T>['abandon'] {
    let shortest: PipeStage<T>['abandon'];
    for (const stage of this.#stages)
      if (
        stage.abandon &&
        stage.abandon.afterMs > 0 &&
        stage.abandon.afterMs < (shortest?.afterMs ?? Infinity)
      )
        shortest = stage.abandon;
    return shortest;
  }

  #abandon(controller: ReadableStreamDefaultController<T>, reason: unknown): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    for (let at = this.#stages.length - 1; at >= Math.max(this.#cut, this.#endedTo); at -= 1)
      this.#quietly(this.#stages[at]?.cancelled?.(reason));
    this.#endedTo = this.#stages.length;
    controller.error(reason);
    this.#reader.cancel(reason).catch(noop);
  }

  async #cancel(reason: unknown): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#cancelled) return;
    this.#cancelled = true;
    const endings: Promise<void>[] = [];
    for (let at = this.#stages.length - 1; at >= Math.max(this.#cut, this.#endedTo); at -= 1) {
      const ending = this.#stages[at]?.cancelled?.(reason);
      if (ending) endings.push(ending);
    }
    this.#endedTo = this.#stages.length;
    await this.#reader.cancel(reason);
    await Promise.all(endings);
  }

  /** A stage's end that nobody waits for: its failure is the stage's own to report. */
  #quietly(ending: void | Promise<void> | undefined): void {
    if (ending) ending.catch(noop);
  }
}

/**
 * The pipe `stream` belongs to, when it is a pipe's stream nobody has read yet; otherwise a new pipe with `stream`
 * as its source. Use it to read ahead before adding a stage; {@link pipeStage} when a stage is all a layer adds.
 *
 * @example
 * const pipe = partPipe(result.stream);
 * const stream = pipe.add({ part: (part, emit) => emit(part) });
 */
export function partPipe<T>(stream: ReadableStream<T>): PartPipe<T> {
  const found = (stream as { [PIPE]?: Pipe<T> })[PIPE];
  return found?.open ? found : new Pipe(stream);
}

/**
 * Adds `stage` to the pipe `stream` belongs to, or starts one: the stream a middleware's `wrapStream` hands on.
 *
 * @example
 * async wrapStream({ doStream }) {
 *   const result = await doStream();
 *   return { ...result, stream: pipeStage(result.stream, { done: () => console.log('finished') }) };
 * }
 */
export function pipeStage<T>(stream: ReadableStream<T>, stage: PipeStage<T>): ReadableStream<T> {
  return partPipe(stream).add(stage);
}
