import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { LedgerOpenError } from './observability-errors.js';

/** Options shared by the SQLite ledger and budget store. */
export interface SqliteOptions {
  /** The database file; created (with its folder) if missing. `':memory:'` for tests. */
  readonly path: string;
  /**
   * `normal` (default): a committed write survives the process being killed (WAL); a power loss may lose the last
   * commits. `full`: every commit is synced to disk before it resolves (slower, survives a power loss too).
   */
  readonly synchronous?: 'normal' | 'full';
  /** How long a writer waits for another process's lock before failing. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /**
   * Checkpoint the write-ahead log on a worker thread (default `true` for the ledger), so appends never wait for
   * a checkpoint's disk syncs. `false`: the writing connection checkpoints itself, every 10,000 pages.
   */
  readonly backgroundCheckpoints?: boolean;
}

const HEADER = 'SQLite format 3\u0000';

/** The first bytes of a file, to tell what it is without changing it. */
function headerOf(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER.length);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens (or creates) an orkit SQLite database: WAL, a busy timeout so several processes can write one file, and
 * checks that never change a file that is not one of ours. A JSON-lines ledger of orkit 0.1 or any other file is
 * refused with a {@link LedgerOpenError} that says what to do.
 */
/**
 * Runs `statement`, trying again for up to `timeoutMs` while the file is locked. Switching a new file to WAL needs a
 * moment alone with it, and SQLite answers "database is locked" at once (without its busy handler) when another
 * process opens the same new file at that moment: two replicas started together must both get the ledger.
 */
function whileLocked(statement: () => void, timeoutMs: number): void {
  const until = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      statement();
      return;
    } catch (error) {
      if (!/database is locked|SQLITE_BUSY/i.test(String((error as Error).message)) || Date.now() >= until)
        throw error;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}

export function openSqlite(options: SqliteOptions): DatabaseSync {
  const { path } = options;
  if (path !== ':memory:') {
    if (existsSync(path) && statSync(path).size > 0) {
      const header = headerOf(path);
      if (header !== HEADER) {
        const hint = /^\s*[{[]/.test(header.replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, ''))
          ? ' It looks like a JSON-lines ledger from orkit 0.1: import it into a new SQLite ledger with importJsonLinesLedger({ path, ledger }), then point createSqliteLedger at the new file.'
          : ' Point the ledger at a new path, or at the SQLite file orkit wrote.';
        throw new LedgerOpenError(
          path,
          `${path} is not a SQLite database, so it was not opened (nothing in it was changed).${hint}`,
        );
      }
    } else {
      mkdirSync(dirname(path), { recursive: true });
    }
  }
  // node:sqlite arrived in Node 22.5 and runs without a flag from 22.13: say so, not "is not a function".
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 13) || typeof process.getBuiltinModule !== 'function')
    throw new LedgerOpenError(
      path,
      `The SQLite ledger needs Node 22.13 or later (node:sqlite); this is Node ${process.versions.node}. Upgrade Node, or use the PostgreSQL ledger.`,
    );
  let database: DatabaseSync;
  try {
    // Loaded on first use, not imported: bundlers rewrite `node:sqlite` to a package named `sqlite` (it is newer
    // than their list of built-ins), and nobody who never opens a SQLite ledger sees Node's experimental warning.
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    database = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5_000, readBigInts: true });
    whileLocked(() => database.exec('PRAGMA journal_mode = WAL'), options.busyTimeoutMs ?? 5_000);
    database.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    database.exec('PRAGMA foreign_keys = ON');
    // Checkpoints normally run on a worker (see sqlite-checkpointer.ts); this is the backstop if it cannot keep up.
    database.exec(
      `PRAGMA wal_autocheckpoint = ${options.backgroundCheckpoints === false ? 10_000 : 100_000}`,
    );
  } catch (error) {
    throw new LedgerOpenError(
      path,
      `Could not open the SQLite ledger ${path}: ${(error as Error).message}. Nothing in it was changed; check that the file is readable and writable, and not damaged (sqlite3 ${path} 'PRAGMA integrity_check').`,
      error,
    );
  }
  return database;
}

/**
 * Brings a database to the newest schema this version knows, in one transaction per step; refuses a database
 * written by a newer version (its `user_version` is higher) rather than guess.
 */
export function migrateSqlite(
  database: DatabaseSync,
  location: string,
  name: string,
  steps: ReadonlyArray<readonly string[]>,
): void {
  const versionKey = `orkit_${name}_version`;
  database.exec('CREATE TABLE IF NOT EXISTS orkit_schema (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const read = () =>
    Number(
      (
        database.prepare('SELECT version FROM orkit_schema WHERE name = ?').get(versionKey) as
          | { version: bigint }
          | undefined
      )?.version ?? 0,
    );
  const current = read();
  if (current > steps.length)
    throw new LedgerOpenError(
      location,
      `${location} has ${name} schema version ${current}, newer than this orkit knows (${steps.length}). Upgrade @orkit/observability.`,
    );
  for (let version = current; version < steps.length; version += 1) {
    database.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have migrated while this one waited for the lock.
      if (read() === version) {
        for (const statement of steps[version] ?? []) database.exec(statement);
        database
          .prepare(
            'INSERT INTO orkit_schema (name, version) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version',
          )
          .run(versionKey, version + 1);
      }
      database.exec('COMMIT');
    } catch (error) {
      database.exec('ROLLBACK');
      throw error;
    }
  }
}

/** Runs `work` in a write transaction (`BEGIN IMMEDIATE`, so the lock is taken up front and waits its turn). */
export function writeTransaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    if (database.isTransaction) database.exec('ROLLBACK');
    throw error;
  }
}
