import { afterEach, describe, expect, it, vi } from 'vitest';
import { type PipeStage, partPipe, pipeStage } from './part-pipe.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A source of `parts`, then an end (or `error`); it reports when it is cancelled. */
function source(parts: readonly string[], options: { error?: Error; endless?: boolean } = {}) {
  const cancels: unknown[] = [];
  let next = 0;
  const stream = new ReadableStream<string>({
    pull(controller) {
      const part = parts[next++];
      if (part !== undefined) controller.enqueue(part);
      else if (options.error) controller.error(options.error);
      else if (!options.endless) controller.close();
      // Endless: the next part never comes.
      else return new Promise<void>(() => undefined);
      return undefined;
    },
    cancel(reason) {
      cancels.push(reason);
    },
  });
  return { stream, cancels };
}

async function readAll(stream: ReadableStream<string>): Promise<string[]> {
  const seen: string[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) seen.push(read.value);
  return seen;
}

/** A stage that logs what it sees under `name` and passes parts on. */
function logging(name: string, log: string[], extra: Partial<PipeStage<string>> = {}): PipeStage<string> {
  return {
    part(part, emit) {
      log.push(`${name}:${part}`);
      emit(part);
    },
    done() {
      log.push(`${name}:done`);
    },
    failed(error) {
      log.push(`${name}:failed:${(error as Error).message}`);
      return false;
    },
    cancelled(reason) {
      log.push(`${name}:cancelled:${String((reason as Error | undefined)?.message ?? reason)}`);
    },
    ...extra,
  };
}

describe('part pipes', () => {
  it('runs every layer as a stage of one stream, in order, each seeing what the one before emitted', async () => {
    const log: string[] = [];
    const { stream } = source(['a', 'b']);
    const first = pipeStage(stream, {
      ...logging('usage', log),
      // Doubles each part: a stage may emit several parts, or none.
      part: (part, emit) => {
        log.push(`usage:${part}`);
        emit(part);
        if (part === 'a') emit('a2');
      },
    });
    const second = pipeStage(first, logging('cache', log));
    expect(second).toBe(first);
    expect(await readAll(second)).toEqual(['a', 'a2', 'b']);
    expect(log).toEqual(['usage:a', 'cache:a', 'cache:a2', 'usage:b', 'cache:b', 'usage:done', 'cache:done']);
  });

  it('holds the end back until a stage has committed, and lets a stage emit last parts at the end', async () => {
    const log: string[] = [];
    let commit: () => void = () => undefined;
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const stream = pipeStage(
      pipeStage(source(['a']).stream, {
        done: (emit) => {
          emit('tail');
          return committed.then(() => {
            log.push('inner committed');
          });
        },
      }),
      logging('outer', log),
    );
    const reader = stream.getReader();
    expect(await reader.read()).toEqual({ done: false, value: 'a' });
    expect(await reader.read()).toEqual({ done: false, value: 'tail' });
    const end = reader.read();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual(['outer:a', 'outer:tail']);
    commit();
    expect(await end).toEqual({ done: true, value: undefined });
    expect(log).toEqual(['outer:a', 'outer:tail', 'inner committed', 'outer:done']);
  });

  it('tells each stage of a failure in order; a stage that handles it turns it into parts and an end', async () => {
    const log: string[] = [];
    const stream = pipeStage(
      pipeStage(
        pipeStage(source(['a'], { error: new Error('socket hang up') }).stream, logging('usage', log)),
        {
          ...logging('resilience', log),
          failed: (error, emit) => {
            emit(`error part: ${(error as Error).message}`);
            return true;
          },
        },
      ),
      logging('budget', log),
    );
    expect(await readAll(stream)).toEqual(['a', 'error part: socket hang up']);
    expect(log).toEqual([
      'usage:a',
      'resilience:a',
      'budget:a',
      'usage:failed:socket hang up',
      'budget:error part: socket hang up',
      'budget:done',
    ]);
  });

  it('passes a failure nobody handles to the reader, after every stage has heard of it', async () => {
    const log: string[] = [];
    const stream = pipeStage(
      pipeStage(source([], { error: new Error('reset') }).stream, logging('usage', log)),
      {
        failed: async () => {
          log.push('budget settled');
          return undefined;
        },
      },
    );
    await expect(readAll(stream)).rejects.toThrow('reset');
    expect(log).toEqual(['usage:failed:reset', 'budget settled']);
  });

  it('tells every stage of a cancel, the last added first, and cancels the source with the reason', async () => {
    const log: string[] = [];
    const { stream, cancels } = source(['a', 'b'], { endless: true });
    const piped = pipeStage(pipeStage(stream, logging('usage', log)), logging('budget', log));
    const reader = piped.getReader();
    await reader.read();
    await reader.cancel(new Error('user left'));
    expect(log).toEqual(['usage:a', 'budget:a', 'budget:cancelled:user left', 'usage:cancelled:user left']);
    expect(cancels).toEqual([new Error('user left')]);
  });

  it('lets a stage cut the stages below it (a timeout): they are cancelled, it and those after it see an end', async () => {
    const log: string[] = [];
    const { stream, cancels } = source(['a'], { endless: true });
    const pipe = partPipe(pipeStage(stream, logging('usage', log)));
    const own = pipe.size;
    const timeout = new Error('timed out');
    pipe.add({
      ...logging('resilience', log),
      done: (emit) => {
        log.push('resilience:done');
        emit('timeout error part');
      },
    });
    const piped = pipeStage(pipe.stream, logging('budget', log));
    const reader = piped.getReader();
    expect(await reader.read()).toEqual({ done: false, value: 'a' });
    const next = reader.read();
    pipe.cutBelow(own, timeout);
    expect(await next).toEqual({ done: false, value: 'timeout error part' });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(cancels).toEqual([timeout]);
    expect(log).toEqual([
      'usage:a',
      'resilience:a',
      'budget:a',
      'usage:cancelled:timed out',
      'resilience:done',
      'budget:timeout error part',
      'budget:done',
    ]);
  });

  it('cancels the source when the first stage cuts (it has no stage below it)', async () => {
    const { stream, cancels } = source(['a'], { endless: true });
    const pipe = partPipe(stream);
    const piped = pipe.add({ done: (emit) => emit('timed out') });
    const reader = piped.getReader();
    expect(await reader.read()).toEqual({ done: false, value: 'a' });
    const next = reader.read();
    pipe.cutBelow(0, new Error('stalled'));
    expect(await next).toEqual({ done: false, value: 'timed out' });
    expect(cancels).toEqual([new Error('stalled')]);
  });

  it('lets a layer read ahead to a first part, then hand the parts it read to the stages after it', async () => {
    const log: string[] = [];
    const pipe = partPipe(pipeStage(source(['meta', 'text', 'more']).stream, logging('usage', log)));
    const ahead: string[] = [];
    for (let read = await pipe.next(); !read.done; read = await pipe.next()) {
      ahead.push(read.value);
      if (read.value === 'text') break;
    }
    const stream = pipe.add(logging('resilience', log), ahead);
    const piped = pipeStage(stream, logging('cache', log));
    expect(await readAll(piped)).toEqual(['meta', 'text', 'more']);
    expect(log).toEqual([
      'usage:meta',
      'usage:text',
      // The reader of ahead parts saw them already: they go to the stages after it.
      'cache:meta',
      'cache:text',
      'usage:more',
      'resilience:more',
      'cache:more',
      'usage:done',
      'resilience:done',
      'cache:done',
    ]);
  });

  it('starts a new pipe over a stream that is being read already, and still sees every part', async () => {
    const log: string[] = [];
    const first = pipeStage(source(['a', 'b', 'c']).stream, logging('inner', log));
    const reader = first.getReader();
    expect(await reader.read()).toEqual({ done: false, value: 'a' });
    reader.releaseLock();
    const second = pipeStage(first, logging('outer', log));
    expect(second).not.toBe(first);
    expect(await readAll(second)).toEqual(['b', 'c']);
    expect(log.filter((entry) => entry.startsWith('outer'))).toEqual(['outer:b', 'outer:c', 'outer:done']);
  });

  it('fails the stream with the error of a stage that throws, and stops the source', async () => {
    const { stream, cancels } = source(['a', 'b'], { endless: true });
    const boom = new Error('stage bug');
    const piped = pipeStage(stream, {
      part: (part, emit) => {
        if (part === 'b') throw boom;
        emit(part);
      },
    });
    await expect(readAll(piped)).rejects.toBe(boom);
    expect(cancels).toEqual([boom]);
  });

  it('abandons a stream whose reader stops reading while a part waits, once, with the shortest setting', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const log: string[] = [];
    const gone = new Error('abandoned');
    const { stream, cancels } = source(['a', 'b', 'c'], { endless: true });
    const piped = pipeStage(
      pipeStage(stream, { ...logging('usage', log), abandon: { afterMs: 60_000, reason: () => gone } }),
      { ...logging('budget', log), abandon: { afterMs: 120_000, reason: () => new Error('later') } },
    );
    const reader = piped.getReader();
    await reader.read();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(cancels).toEqual([]);
    // A read in between starts the wait again.
    await reader.read();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(cancels).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(cancels).toEqual([gone]);
    expect(log.filter((entry) => entry.includes('cancelled'))).toEqual([
      'budget:cancelled:abandoned',
      'usage:cancelled:abandoned',
    ]);
    await expect(reader.read()).rejects.toBe(gone);
  });

  it('does not abandon a stream whose reader waits for a part the source has not sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { stream, cancels } = source(['a'], { endless: true });
    const piped = pipeStage(stream, { abandon: { afterMs: 1_000, reason: () => new Error('abandoned') } });
    const reader = piped.getReader();
    await reader.read();
    void reader.read();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cancels).toEqual([]);
  });
});
