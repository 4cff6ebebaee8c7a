import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteLedger } from '../src/sqlite-ledger.js';
import { startSqliteReaders } from '../src/sqlite-readers.js';

describe('SQLite reading threads', () => {
  it('answer a read after close at once, with an error, however long after (never a promise that hangs)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orkit-readers-')), 'ledger.db');
    createSqliteLedger({ path }).close();
    const readers = startSqliteReaders(path);
    expect(await readers.read('SELECT 1 AS one', [])).toEqual([{ one: 1n }]);
    readers.close();
    await expect(readers.read('SELECT 1', [])).rejects.toThrow(/stopped: the ledger was closed/);
    // Later, once the threads have exited too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(readers.read('SELECT 1', [])).rejects.toThrow(/stopped/);
  });
});
