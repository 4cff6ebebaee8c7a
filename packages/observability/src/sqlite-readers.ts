import { Worker } from 'node:worker_threads';

/**
 * Reads of a SQLite file on worker threads. A dashboard's month of a million records takes SQLite hundreds of
 * milliseconds per query; run on the ledger's own connection that would stall every append (and every agent call
 * waiting on one) in the same process. Each worker holds a read-only connection (WAL lets readers run beside the
 * writer), so a page's queries also run side by side. The worker is eval'd code: nothing to bundle or resolve.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
process.emitWarning = () => undefined;
const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
let database;
parentPort.on('message', ({ id, sql, params }) => {
  if (id === undefined) {
    database?.close();
    parentPort.close();
    return;
  }
  try {
    database ??= new DatabaseSync(workerData.path, { readOnly: true, timeout: 5000, readBigInts: true });
    parentPort.postMessage({ id, rows: database.prepare(sql).all(...params) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

/** A pool of reading threads; `read` resolves with the rows, `close` ends the threads. */
export interface SqliteReaders {
  read(sql: string, params: ReadonlyArray<string | number>): Promise<Array<Record<string, unknown>>>;
  /** Resolves once every thread has closed its connection and exited. */
  close(): Promise<void>;
}

interface Pending {
  resolve(rows: Array<Record<string, unknown>>): void;
  reject(error: Error): void;
}

/**
 * Starts `count` reading threads on the SQLite file at `path` (they connect on first use). Threads hold the
 * process open only while a read is in flight.
 */
export function startSqliteReaders(path: string, count = 2): SqliteReaders {
  let next = 0;
  let sequence = 0;
  const workers = Array.from({ length: count }, () => {
    const pending = new Map<number, Pending>();
    const worker = new Worker(WORKER, { eval: true, workerData: { path } });
    worker.unref();
    worker.on(
      'message',
      (message: { id: number; rows?: Array<Record<string, unknown>>; error?: { message: string } }) => {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (pending.size === 0) worker.unref();
        if (!waiting) return;
        if (message.error)
          waiting.reject(new Error(`SQLite read of ${path} failed: ${message.error.message}`));
        else waiting.resolve(message.rows ?? []);
      },
    );
    const failAll = (error: Error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    let exit: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => {
      exit = resolve;
    });
    const entry = { worker, pending, exited: false, gone };
    worker.on('error', (error) => failAll(new Error(`SQLite reader of ${path} failed: ${error.message}`)));
    worker.on('exit', () => {
      exit();
      entry.exited = true;
      failAll(new Error(`SQLite reader of ${path} stopped.`));
    });
    return entry;
  });
  let closed = false;
  return {
    read(sql, params) {
      // A message to a thread that has stopped is dropped without a word: answer at once instead of never.
      if (closed || workers.every((candidate) => candidate.exited))
        return Promise.reject(new Error(`SQLite reader of ${path} stopped: the ledger was closed.`));
      // The least busy thread (round-robin among equals).
      next = (next + 1) % workers.length;
      const chosen = workers
        .filter((candidate) => !candidate.exited)
        .reduce(
          (best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best),
          workers.find((candidate, index) => index >= next && !candidate.exited) ??
            (workers.find((candidate) => !candidate.exited) as (typeof workers)[number]),
        );
      sequence += 1;
      const id = sequence;
      return new Promise((resolve, reject) => {
        chosen.pending.set(id, { resolve, reject });
        chosen.worker.ref();
        chosen.worker.postMessage({ id, sql, params: [...params] });
      });
    },
    async close() {
      closed = true;
      for (const { worker, exited } of workers) if (!exited) worker.postMessage({});
      await Promise.all(workers.map((entry) => entry.gone));
    },
  };
}
