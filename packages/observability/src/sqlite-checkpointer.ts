import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the log into the database and syncs both files to
 * disk; done on the writing connection it stalls every append behind it (on this machine it was most of the time
 * an append took). A passive checkpoint on another connection runs beside the writers without blocking them, so
 * the event loop only ever waits for its own commits. The worker is eval'd code: nothing to bundle or resolve.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
// The main thread already printed Node's one ExperimentalWarning for node:sqlite.
process.emitWarning = () => undefined;
const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
const database = new DatabaseSync(workerData.path, { timeout: 5000 });
const checkpoint = () => {
  try {
    database.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next round tries again, and the writing connection's own autocheckpoint is the backstop.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  database.close();
  parentPort.close();
});
`;

/** A running checkpointer; `stop()` ends it after one last checkpoint. */
export interface Checkpointer {
  stop(): void;
}

/**
 * Starts passive checkpoints of the SQLite file at `path` every `intervalMs` on a worker thread. It never keeps
 * the process alive, and a worker that fails only costs the speed: the writer's own autocheckpoint still bounds
 * the log.
 */
export function startCheckpointer(path: string, intervalMs = 250): Checkpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { path, intervalMs } });
  worker.unref();
  worker.on('error', () => undefined);
  return {
    stop() {
      worker.postMessage('stop');
    },
  };
}
