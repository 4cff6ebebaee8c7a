/** Usage + budget middleware per call (memory), SQLite ledger appends and a day's totals, Redis reserve + settle round trips. */
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { type BenchResult, instantModel, redisKilledMidRun, runBenchmarks } from '@orkit/bench-harness';
import { Redis } from 'ioredis';
import { dashboardCases } from './dashboard-cases.ts';
import { ledgerCases } from './ledger-cases.ts';

// The built package, as users run it (the bench task builds first); typed from the sources.
const entry = '@orkit/observability';
const redisEntry = '@orkit/observability/redis';
const { budgetMiddleware, createMemoryLedger, usageMiddleware } = (await import(
  entry
)) as typeof import('../src/index.ts');
const { createRedisBudgetStore } = (await import(redisEntry)) as typeof import('../src/entry-redis.ts');

const instant = instantModel({ provider: 'bench', usageRaw: { cost: 0.00011, is_byok: false } });
const { model, doGenerate } = instant;
const params: LanguageModelV4CallOptions = {
  ...instant.params,
  providerOptions: { orkit: { agent: 'bench', user: 'u1' } },
};

const usage = usageMiddleware({ ledger: createMemoryLedger({ maxRecords: 10_000 }) });
const budget = budgetMiddleware({
  limits: [
    { scope: 'global', window: 'daily', usd: 1e9 },
    { scope: 'user', window: 'monthly', usd: 1e9 },
  ],
  estimateCostUsd: () => 0.001,
  alertThresholds: [],
});
const wrapUsage = usage.wrapGenerate as NonNullable<typeof usage.wrapGenerate>;
const wrapBudget = budget.wrapGenerate as NonNullable<typeof budget.wrapGenerate>;
const both = () =>
  wrapBudget({
    model,
    params,
    doGenerate: () => wrapUsage({ model, params, doGenerate, doStream: doGenerate as never }),
    doStream: doGenerate as never,
  });

const extra: BenchResult[] = [];
extra.push(...(await ledgerCases()));
extra.push(...(await dashboardCases()));

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(url, { lazyConnect: true });
try {
  await client.connect();
  const store = createRedisBudgetStore({ client, prefix: `orkit-bench-${Date.now()}` });
  const keys = [
    { key: 'global|daily:bench', limitPico: 10n ** 18n, expiresAt: Date.now() + 86_400_000 },
    { key: 'user:u1|monthly:bench', limitPico: 10n ** 18n, expiresAt: Date.now() + 86_400_000 },
  ];
  const calls = (await client.info('commandstats')).match(/cmdstat_eval:calls=(\d+)/)?.[1] ?? '0';
  const runs = 2_000;
  const started = performance.now();
  for (let index = 0; index < runs; index += 1) {
    await store.reserve({
      id: `b${index}`,
      keys,
      amountPico: 1_000_000_000n,
      now: Date.now(),
      ttlMs: 60_000,
    });
    await store.settle({ id: `b${index}`, keys, actualPico: 900_000_000n, now: Date.now() });
  }
  const elapsed = performance.now() - started;
  const after = (await client.info('commandstats')).match(/cmdstat_eval:calls=(\d+)/)?.[1] ?? '0';
  extra.push({
    case: 'Redis reserve + settle, round trips per call (two budgets)',
    unit: 'count',
    value: (Number(after) - Number(calls)) / runs,
  });
  extra.push({
    case: 'Redis reserve + settle per call, sequential (two budgets)',
    unit: 'ops/s',
    value: Math.round(runs / (elapsed / 1_000)),
  });
  await client.quit();
} catch {
  process.stdout.write(`Redis at ${url} is not reachable: Redis cases skipped.\n`);
}

// Redis killed mid-run: budget decisions go through a TCP proxy that is torn down (sockets destroyed, new
// connections refused) halfway through. Every decision must arrive (allowed or BudgetStoreUnavailableError)
// within the command timeout plus scheduling slack, and none may stay pending.
const commandTimeoutMs = 250;
const total = 400;
try {
  const run = await redisKilledMidRun({
    target: url,
    total,
    connect: async (port) => {
      const viaProxy = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
      viaProxy.on('error', () => undefined);
      await viaProxy.connect();
      const guarded = budgetMiddleware({
        limits: [{ scope: 'global', window: 'daily', usd: 1e9 }],
        store: createRedisBudgetStore({
          client: viaProxy,
          prefix: `orkit-bench-kill-${Date.now()}`,
          commandTimeoutMs,
        }),
        estimateCostUsd: () => 0.001,
        alertThresholds: [],
      });
      const wrap = guarded.wrapGenerate as NonNullable<typeof guarded.wrapGenerate>;
      return {
        call: () => wrap({ model, params, doGenerate, doStream: doGenerate as never }),
        close: () => viaProxy.disconnect(),
      };
    },
  });
  if (run.pending !== 0) throw new Error(`${run.pending} budget decisions still pending after the run`);
  extra.push({
    case: `Redis killed mid-run: slowest budget decision (command timeout ${commandTimeoutMs} ms, ${run.failed} of ${total} denied, 0 pending)`,
    unit: 'ms',
    value: Math.round(run.slowestMs),
  });
} catch (error) {
  process.stdout.write(`Redis kill case skipped: ${(error as Error).message}\n`);
}

await runBenchmarks(
  'observability',
  [
    {
      name: 'usage + budget middleware (two budgets), memory store, instant model',
      fn: both,
      peer: { name: 'the instant model alone', fn: doGenerate },
    },
    {
      name: 'usage middleware alone',
      fn: () => wrapUsage({ model, params, doGenerate, doStream: doGenerate as never }),
    },
  ],
  { extra },
);
