/**
 * The SQLite ledger under a killed process and a second writer, as users run it: real processes, a real file.
 * Kills happen after a counted number of acknowledged appends, never after a duration, so the test means the same
 * on a fast machine and a loaded one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createSqliteLedger } from '../src/entry-sqlite.js';
import { usageRecord } from './record-fixture.js';

const WRITER = new URL('./fixtures/ledger-writer.ts', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'orkit-durability-'));

function writer(env: Record<string, string>): {
  child: ChildProcess;
  acks: string[];
  done: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acks: string[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    if (line.startsWith('ack ')) acks.push(line.slice(4));
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, acks, done };
}

/** Resolves once `count` appends were acknowledged. */
async function acknowledged(acks: string[], count: number, done: Promise<unknown>): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true));
  while (acks.length < count && !finished) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the SQLite ledger on disk, with processes', () => {
  it('kill -9 at 20 moments: every append that resolved is there, the file opens, nothing earlier is lost', async () => {
    const path = join(directory, 'killed.db');
    // Kill points: after this many acknowledged appends (spread from a handful to a few hundred).
    const killAfter = Array.from({ length: 20 }, (_, run) => 3 + ((run * 37) % 300));
    let before = 0;
    for (const [run, count] of killAfter.entries()) {
      const { child, acks, done } = writer({ LEDGER_PATH: path, PREFIX: `run${run}`, CONCURRENCY: '8' });
      await acknowledged(acks, count, done);
      child.kill('SIGKILL');
      await done;
      const ledger = createSqliteLedger({ path });
      const stored = new Set((await ledger.query()).map((record) => record.id));
      ledger.close();
      const missing = acks.filter((id) => !stored.has(id));
      expect({ run, missing }).toEqual({ run, missing: [] });
      // Appends in flight when the process died may or may not have committed; nothing before them is lost.
      expect(stored.size).toBeGreaterThanOrEqual(before + acks.length);
      before = stored.size;
    }
  }, 120_000);

  it('opens a new file another process is writing at that moment (no "database is locked")', async () => {
    const path = join(directory, 'contended.db');
    // Another process creates the file and holds a write lock on it for a moment, as a second replica starting at
    // the same time does; switching the file to WAL then needs to wait, not fail.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const { DatabaseSync } = require('node:sqlite');
         const db = new DatabaseSync(${JSON.stringify(path)});
         db.exec('BEGIN IMMEDIATE');
         db.exec('CREATE TABLE IF NOT EXISTS t (x)');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    const ledger = createSqliteLedger({ path });
    await ledger.append(usageRecord({ costUsd: '0.1' }));
    expect((await ledger.query()).length).toBe(1);
    ledger.close();
    await new Promise((resolve) => holder.once('close', resolve));
  });

  it('two processes writing one file at once lose nothing', async () => {
    const path = join(directory, 'shared.db');
    const writers = ['a', 'b'].map((prefix) =>
      writer({ LEDGER_PATH: path, PREFIX: prefix, COUNT: '1500', CONCURRENCY: '16' }),
    );
    expect(await Promise.all(writers.map((entry) => entry.done))).toEqual([0, 0]);
    const ledger = createSqliteLedger({ path });
    const [totals] = await ledger.totals();
    const ids = new Set((await ledger.query()).map((record) => record.id));
    ledger.close();
    expect(writers.map((entry) => entry.acks.length)).toEqual([1500, 1500]);
    expect(ids.size).toBe(3000);
    expect(totals?.costUsd).toBe('0.003');
  }, 60_000);
});
