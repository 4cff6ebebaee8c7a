/**
 * Ledger and budget-store figures on real SQLite files and the real PostgreSQL: appends per second with callers
 * awaiting each commit, a day's totals over 10^6 records, the exact sum of 10^6 costs, and awaited round trips per
 * reserve + settle. A case whose store is not reachable is skipped with a line saying so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from '@orkit/bench-harness';
import pg from 'pg';
import type { BudgetKey, BudgetStore, Ledger, UsageRecord } from '../src/index.ts';

const { createSqliteBudgetStore, createSqliteLedger } = (await import(
  '@orkit/observability/sqlite'
)) as typeof import('../src/entry-sqlite.ts');
const { createPostgresBudgetStore, createPostgresLedger } = (await import(
  '@orkit/observability/postgres'
)) as typeof import('../src/entry-postgres.ts');
const { formatUsd } = (await import('@orkit/config/usd')) as typeof import('../../config/src/usd.ts');

const MODELS = ['openai/gpt-5.5', 'anthropic/claude-sonnet-5', 'google/gemini-3-flash', 'x-ai/grok-4.6'];
const MONTH = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;

/** A record; its cost is a varied amount of picodollars (so the exact-sum check means something). */
function record(n: number, total: number): UsageRecord {
  const pico = picoOf(n);
  const startedAt = MONTH + Math.floor((n / total) * 30 * DAY);
  return {
    // Ids as the middleware makes them: time first, so they arrive in order, as in a running service.
    id: `${startedAt.toString(36)}-bench-${n.toString(36)}`,
    startedAt,
    operation: 'generate',
    requestedModel: MODELS[n % MODELS.length] as string,
    answeredModel: MODELS[n % MODELS.length] as string,
    generationId: `gen-${n}`,
    provider: 'OpenAI',
    inputTokens: 100,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 20,
    reasoningTokens: 0,
    costUsd: formatUsd(pico),
    costSource: 'reported',
    byok: false,
    latencyMs: 420,
    timeToFirstTokenMs: 120,
    finishReason: 'stop',
    outcome: 'success',
    errorKind: undefined,
    errorMessage: undefined,
    attribution: { agent: 'reviewer', user: `u-${n % 100}` },
  };
}
const picoOf = (n: number) => 1n + ((BigInt(n) * 2_654_435_761n) % 9_999_999_999n);

/** Appends `total` records with 50 callers, each awaiting its append; returns appends per second. */
async function appendAll(ledger: Ledger, total: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const caller = async () => {
    while (next < total) {
      const n = next;
      next += 1;
      await ledger.append(record(n, total));
    }
  };
  await Promise.all(Array.from({ length: 50 }, caller));
  return Math.round(total / ((performance.now() - started) / 1_000));
}

/** Sequential reserve + settle on two budgets; returns calls per second. */
async function reserveSettle(store: BudgetStore, runs: number): Promise<number> {
  const keys: BudgetKey[] = [
    { key: `global|bench-${Date.now()}`, limitPico: 10n ** 18n, expiresAt: Date.now() + DAY },
    { key: `user:u1|bench-${Date.now()}`, limitPico: 10n ** 18n, expiresAt: Date.now() + DAY },
  ];
  const started = performance.now();
  for (let index = 0; index < runs; index += 1) {
    const id = `bench-${Date.now()}-${index}`;
    await store.reserve({ id, keys, amountPico: 1_000_000_000n, now: Date.now(), ttlMs: 60_000 });
    await store.settle({ id, keys, actualPico: 900_000_000n, now: Date.now() });
  }
  return Math.round(runs / ((performance.now() - started) / 1_000));
}

export async function ledgerCases(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'orkit-bench-'));

  // SQLite: a million records, as calls make them.
  const total = 1_000_000;
  const sqlite = createSqliteLedger({ path: join(directory, 'ledger.db') });
  results.push({
    case: 'SQLite ledger appends, 50 callers each awaiting its commit (target >= 20,000/s)',
    unit: 'ops/s',
    value: await appendAll(sqlite, total),
  });
  const dayTimes: number[] = [];
  for (let day = 0; day < 11; day += 1) {
    const from = MONTH + (day + 5) * DAY;
    const started = performance.now();
    await sqlite.totals({ from, to: from + DAY, groupBy: 'model' });
    dayTimes.push(performance.now() - started);
  }
  dayTimes.sort((a, b) => a - b);
  results.push({
    case: "SQLite ledger: a day's totals by model over 10^6 records, median of 11 days (target <= 50 ms)",
    unit: 'ms',
    value: Math.round((dayTimes[5] ?? 0) * 10) / 10,
  });
  let started = performance.now();
  const [all] = await sqlite.totals();
  const sumMs = performance.now() - started;
  let reference = 0n;
  for (let n = 0; n < total; n += 1) reference += picoOf(n);
  if (all?.costUsd !== formatUsd(reference))
    throw new Error(`The sum of 10^6 costs is not exact: ${all?.costUsd} against ${formatUsd(reference)}`);
  results.push({
    case: `SQLite ledger: the exact sum of 10^6 recorded costs ($${all.costUsd}, equal to the bigint reference)`,
    unit: 'ms',
    value: Math.round(sumMs),
  });
  sqlite.close();
  const sqliteStore = createSqliteBudgetStore({ path: join(directory, 'budget.db') });
  results.push({
    case: 'SQLite budget store: reserve + settle per call, sequential (two budgets; in-process, 0 network round trips)',
    unit: 'ops/s',
    value: await reserveSettle(sqliteStore, 2_000),
  });
  sqliteStore.close();

  const url = process.env.POSTGRES_URL;
  if (!url) {
    process.stdout.write('POSTGRES_URL is not set: PostgreSQL cases skipped.\n');
    return results;
  }
  try {
    const schema = `orkit_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const postgres = await createPostgresLedger({ connectionString: scoped.toString() });
    const pgTotal = 50_000;
    results.push({
      case: 'PostgreSQL ledger appends, 50 callers each awaiting its commit, batched (target >= 5,000/s)',
      unit: 'ops/s',
      value: await appendAll(postgres, pgTotal),
    });
    await postgres.close();
    // Count the statements the store sends: each is one awaited round trip.
    let statements = 0;
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
      statements += 1;
      return (query as (...inner: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    const store = await createPostgresBudgetStore({ connectionString: scoped.toString() });
    statements = 0;
    started = performance.now();
    const perSecond = await reserveSettle(store, 1_000);
    results.push({
      case: 'PostgreSQL budget store: awaited round trips per reserve + settle (two budgets)',
      unit: 'count',
      value: statements / 1_000,
    });
    results.push({
      case: 'PostgreSQL budget store: reserve + settle per call, sequential (two budgets)',
      unit: 'ops/s',
      value: perSecond,
    });
    pg.Client.prototype.query = query;
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  } catch (error) {
    process.stdout.write(`PostgreSQL cases skipped: ${(error as Error).message}\n`);
  }
  return results;
}
