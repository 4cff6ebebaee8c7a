/**
 * One budget, four processes, a restart in the middle: on the SQLite file and on PostgreSQL, as users run many
 * workers. Two processes race, exit, and two new ones (a restart) race on: settled spend never passes the limit,
 * equals the calls that ran times their cost exactly, and the new processes know what was already spent.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPostgresBudgetStore } from '../src/entry-postgres.js';
import { createSqliteBudgetStore } from '../src/entry-sqlite.js';
import { type BudgetStore, windowSpan } from '../src/index.js';
import { postgresForTests, postgresSchema } from './postgres-for-tests.js';

const run = promisify(execFile);
const WORKER = new URL('./fixtures/budget-worker.ts', import.meta.url).pathname;
const postgres = await postgresForTests();

async function race(env: Record<string, string>, processes: number): Promise<string[]> {
  const outputs = await Promise.all(
    Array.from({ length: processes }, () =>
      run(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, ...env } }),
    ),
  );
  return outputs.flatMap(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[]);
}

async function raceWithRestart(
  env: Record<string, string>,
  open: () => Promise<BudgetStore & { close?(): unknown }>,
) {
  const key = `global|${windowSpan('daily', Date.now()).label}`;
  const first = await race(env, 2);
  const store = await open();
  const afterFirst = (await store.snapshot(key, Date.now())).spentPico;
  await store.close?.();
  const second = await race(env, 2);
  const reopened = await open();
  const snapshot = await reopened.snapshot(key, Date.now());
  await reopened.close?.();
  const ran = (outcomes: string[]) => outcomes.filter((outcome) => outcome === 'ok').length;
  const unexpected = [...first, ...second].filter(
    (outcome) => outcome !== 'ok' && outcome !== 'BudgetExceededError',
  );
  return { first: ran(first), second: ran(second), afterFirst, snapshot, unexpected };
}

function expectHeld(result: Awaited<ReturnType<typeof raceWithRestart>>) {
  expect(result.unexpected).toEqual([]);
  // Exact: every call that ran cost $0.003, and nothing else was spent.
  expect(result.afterFirst).toBe(BigInt(result.first) * 3_000_000_000n);
  expect(result.snapshot).toEqual({
    spentPico: BigInt(result.first + result.second) * 3_000_000_000n,
    reservedPico: 0n,
  });
  expect(result.snapshot.spentPico).toBeLessThanOrEqual(150_000_000_000n);
  // The restarted processes knew the spend: together both rounds fit the one limit (50 calls at most), and the
  // reservations of $0.004 guarantee at least 37 ran.
  expect(result.first + result.second).toBeGreaterThanOrEqual(37);
  expect(result.first + result.second).toBeLessThanOrEqual(50);
}

describe('one budget across processes and a restart', () => {
  it('SQLite: 4 processes (2, then 2 restarted) never overspend, exactly', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orkit-budget-race-')), 'ledger.db');
    const result = await raceWithRestart({ STORE: 'sqlite', LEDGER_PATH: path }, async () =>
      createSqliteBudgetStore({ path }),
    );
    process.stdout.write(`sqlite budget race: ${result.first} + ${result.second} calls ran\n`);
    expectHeld(result);
  }, 120_000);

  it.skipIf(!postgres.url)(
    `PostgreSQL: 4 processes (2, then 2 restarted) never overspend, exactly ${postgres.skipReason}`,
    async () => {
      const url = await postgresSchema(postgres.url as string, 'race');
      const result = await raceWithRestart({ STORE: 'postgres', STORE_URL: url }, () =>
        createPostgresBudgetStore({ connectionString: url }),
      );
      process.stdout.write(`postgres budget race: ${result.first} + ${result.second} calls ran\n`);
      expectHeld(result);
    },
    120_000,
  );
});
