/**
 * A budget store that stops answering mid-call (Redis or PostgreSQL paused behind a proxy that holds every byte):
 * the caller gets a typed error, and once the store answers again the reserve that was held (and lands late) is
 * released by its id, so no phantom reservation holds the budget.
 */
import { mockOpenRouterModel } from '@orkit/testing-mocks';
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { generateText, wrapLanguageModel } from 'ai';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresBudgetStore } from '../src/entry-postgres.js';
import { createRedisBudgetStore } from '../src/entry-redis.js';
import { type BudgetStore, BudgetUnavailableError, budgetMiddleware, windowSpan } from '../src/index.js';
import { type PausableProxy, pausableProxy } from './fixtures/pausable-proxy.js';
import { postgresForTests, postgresSchema } from './postgres-for-tests.js';

const redis = await redisForTests();
const postgres = await postgresForTests();
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Polls until `check` holds, for at most `limitMs` (an upper bound, not a measured duration). */
async function eventually(check: () => Promise<boolean>, limitMs = 15_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

async function pausedMidCall(
  proxy: PausableProxy,
  store: BudgetStore,
  reader: BudgetStore,
  released: () => Promise<boolean>,
) {
  const model = wrapLanguageModel({
    model: mockOpenRouterModel(),
    middleware: budgetMiddleware({
      limits: [{ scope: 'global', window: 'daily', usd: 0.01 }],
      estimateCostUsd: () => 0.008,
      store,
    }),
  });
  const key = `global|${windowSpan('daily', Date.now()).label}`;
  proxy.pause();
  const error = await generateText({ model, prompt: 'x' }).catch((caught: unknown) => caught);
  expect(BudgetUnavailableError.isInstance(error)).toBe(true);
  proxy.resume();
  // The held reserve reaches the store now; its release (retried in the background) follows it. Once the store
  // has recorded the release, nothing may be reserved, whether the late reserve landed before it or after.
  expect(await eventually(released)).toBe(true);
  expect(await reader.snapshot(key, Date.now())).toEqual({ spentPico: 0n, reservedPico: 0n });
  // The whole budget is there for the next call: $0.008 of $0.01.
  expect((await generateText({ model, prompt: 'x' })).text).toBeTruthy();
}

describe('a budget store paused mid-call', () => {
  it.skipIf(!redis.url)(
    `Redis: typed error, then no phantom reservation ${redis.skipReason}`,
    async () => {
      const target = new URL(redis.url as string);
      const proxy = await pausableProxy({ host: target.hostname, port: Number(target.port || 6379) });
      const client = new Redis({ host: '127.0.0.1', port: proxy.port, maxRetriesPerRequest: null });
      const direct = new Redis(redis.url as string);
      cleanups.push(
        () => proxy.close(),
        () => client.disconnect(),
        () => direct.quit(),
      );
      const prefix = `orkit-paused-${Date.now()}`;
      await pausedMidCall(
        proxy,
        createRedisBudgetStore({ client, prefix, commandTimeoutMs: 200 }),
        createRedisBudgetStore({ client: direct, prefix }),
        async () => (await direct.keys(`${prefix}:done:*`)).length === 1,
      );
    },
    30_000,
  );

  it.skipIf(!postgres.url)(
    `PostgreSQL: typed error, then no phantom reservation ${postgres.skipReason}`,
    async () => {
      const url = new URL(await postgresSchema(postgres.url as string, 'paused'));
      const direct = await createPostgresBudgetStore({ connectionString: url.toString() });
      const proxy = await pausableProxy({ host: url.hostname, port: Number(url.port || 5432) });
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      const store = await createPostgresBudgetStore({ connectionString: proxied.toString(), timeoutMs: 300 });
      cleanups.push(
        () => direct.close(),
        () => proxy.close(),
        () => store.close(),
      );
      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      cleanups.push(() => check.end());
      await pausedMidCall(proxy, store, direct, async () => {
        const found = await check.query('SELECT COUNT(*) AS n FROM orkit_budget_finished');
        return Number(found.rows[0]?.n) === 1;
      });
    },
    30_000,
  );
});
