/**
 * The dashboard over 10^6 records, on SQLite and PostgreSQL: the time from asking to having every answer the page
 * asks for at once (summary with per-model percentiles, the stacked series with events, the costliest calls, the
 * budgets), over HTTP to the running dashboard. A day's view (hour buckets) and a month's (day buckets).
 * Records vary like real traffic: 6 models, 8 agents, 500 users, two tags, latencies and first tokens spread
 * over seconds, 3 % failures.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from '@orkit/bench-harness';
import pg from 'pg';
import type { UsageRecord } from '../src/index.ts';

const { createSqliteLedger } = (await import(
  '@orkit/observability/sqlite'
)) as typeof import('../src/entry-sqlite.ts');
const { createPostgresLedger } = (await import(
  '@orkit/observability/postgres'
)) as typeof import('../src/entry-postgres.ts');
// The built package, as users run it; typed from the sources (a variable specifier keeps the two types apart).
const dashboardEntry = '@orkit/observability/dashboard';
const { startDashboard } = (await import(dashboardEntry)) as typeof import('../src/entry-dashboard.ts');
const { formatUsd } = (await import('@orkit/config/usd')) as typeof import('../../config/src/usd.ts');

const TOTAL = 1_000_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);
const MODELS = [
  'openai/gpt-5.5',
  'openai/gpt-5-mini',
  'anthropic/claude-sonnet-5',
  'google/gemini-3-flash',
  'x-ai/grok-4.6',
  'deepseek/v4',
];

/** A pseudo-random but repeatable spread (no Math.random: both databases get the same data). */
const spread = (n: number, salt: number, size: number) =>
  Number((BigInt(n) * 2_654_435_761n + BigInt(salt) * 40_503n) % BigInt(size));

function record(n: number): UsageRecord {
  const failed = spread(n, 1, 100) < 3;
  return {
    id: `${(START + n).toString(36)}-dash-${n.toString(36)}`,
    startedAt: START + Math.floor((n / TOTAL) * 30 * DAY),
    operation: n % 3 ? 'stream' : 'generate',
    requestedModel: MODELS[n % MODELS.length] as string,
    answeredModel: MODELS[n % MODELS.length] as string,
    generationId: `gen-${n}`,
    provider: 'OpenAI',
    inputTokens: 200 + spread(n, 2, 4000),
    cacheReadTokens: spread(n, 3, 500),
    cacheWriteTokens: 0,
    outputTokens: failed ? 0 : 20 + spread(n, 4, 900),
    reasoningTokens: spread(n, 5, 200),
    costUsd: formatUsd(failed ? 0n : 1n + BigInt(spread(n, 6, 20_000_000_000))),
    costSource: 'reported',
    byok: false,
    latencyMs: 150 + spread(n, 7, 9000),
    timeToFirstTokenMs: n % 3 ? 40 + spread(n, 8, 1500) : undefined,
    finishReason: failed ? undefined : 'stop',
    outcome: failed ? 'error' : 'success',
    errorKind: failed ? 'http-503' : undefined,
    errorMessage: failed ? 'Service unavailable' : undefined,
    attribution: {
      agent: `agent-${n % 8}`,
      user: `user-${spread(n, 9, 500)}`,
      ...(n % 4 ? { tags: n % 2 ? ['beta', 'eu'] : ['beta'] } : {}),
    },
  };
}

type Ledger = Parameters<typeof startDashboard>[0]['ledger'] & { append(record: UsageRecord): Promise<void> };

/** Writes the records through the ledger's own append, `callers` at a time (more callers, bigger batches). */
async function fill(ledger: Ledger, callers: number): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < TOTAL) {
      const n = next;
      next += 1;
      await ledger.append(record(n));
    }
  };
  await Promise.all(Array.from({ length: callers }, writer));
}

/** Milliseconds until every answer of one page view is in (the page asks for them at once). */
async function view(
  url: string,
  from: number,
  to: number,
  bucket: 'hour' | 'day',
  stack: string,
): Promise<number> {
  const range = `from=${from}&to=${to}`;
  const started = performance.now();
  const answers = await Promise.all(
    [
      `summary?${range}`,
      `series?${range}&bucket=${bucket}&stack=${stack}`,
      `calls?${range}&limit=15`,
      'budgets',
    ].map(async (path) => {
      const response = await fetch(`${url}/api/${path}`);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    }),
  );
  const elapsed = performance.now() - started;
  if ((answers[0] as { totals: { calls: number } }).totals.calls === 0)
    throw new Error('the view saw no records');
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measure(name: string, ledger: Ledger): Promise<BenchResult[]> {
  const dashboard = await startDashboard({
    ledger,
    port: 0,
    budgets: [{ scope: 'global', window: 'monthly', usd: '100000' }],
    now: () => START + 29 * DAY + DAY / 2,
  });
  try {
    const days: number[] = [];
    for (let day = 3; day < 10; day += 1)
      days.push(await view(dashboard.url, START + day * DAY, START + (day + 1) * DAY, 'hour', 'model'));
    const months: Record<string, number[]> = { model: [], user: [], tag: [] };
    for (let run = 0; run < 3; run += 1)
      for (const stack of Object.keys(months))
        months[stack]?.push(await view(dashboard.url, START, START + 30 * DAY, 'day', stack));
    return [
      {
        case: `Dashboard on ${name}, 10^6 records: a day's view, every answer of the page (median of 7 days; target <= 1000 ms)`,
        unit: 'ms',
        value: Math.round(median(days)),
      },
      ...Object.entries(months).map(([stack, values]) => ({
        case: `Dashboard on ${name}, 10^6 records: a month's view stacked by ${stack} (median of 3; target <= 3000 ms)`,
        unit: 'ms' as const,
        value: Math.round(median(values)),
      })),
    ];
  } finally {
    await dashboard.close();
  }
}

export async function dashboardCases(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const sqlite = createSqliteLedger({
    path: join(mkdtempSync(join(tmpdir(), 'orkit-dash-bench-')), 'ledger.db'),
  });
  await fill(sqlite as Ledger, 200);
  results.push(...(await measure('SQLite', sqlite as Ledger)));
  sqlite.close();

  const url = process.env.POSTGRES_URL;
  if (!url) {
    process.stdout.write('POSTGRES_URL is not set: the PostgreSQL dashboard cases are skipped.\n');
    return results;
  }
  const schema = `orkit_dash_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const postgres = await createPostgresLedger({ connectionString: scoped.toString(), maxBatch: 2_000 });
    await fill(postgres as Ledger, 2_000);
    await admin.query(`ANALYZE ${schema}.orkit_usage`);
    results.push(...(await measure('PostgreSQL', postgres as Ledger)));
    await postgres.close();
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  return results;
}
