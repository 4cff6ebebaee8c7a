/**
 * One contract, every budget store: memory, SQLite (a real file), PostgreSQL and Redis (the real servers).
 * Atomic all-or-none reservations, settle once, release idempotently, a late reserve of a released id changes
 * nothing, leases of dead processes expire, exact picodollars, and (durable stores) spend that survives a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresBudgetStore } from '../src/entry-postgres.js';
import { createRedisBudgetStore } from '../src/entry-redis.js';
import { createSqliteBudgetStore } from '../src/entry-sqlite.js';
import { type BudgetKey, type BudgetStore, createMemoryBudgetStore } from '../src/index.js';
import { postgresForTests, postgresSchema } from './postgres-for-tests.js';

const postgres = await postgresForTests();
const redis = await redisForTests();
const directory = mkdtempSync(join(tmpdir(), 'orkit-budget-'));
const closers: Array<() => unknown> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** A store, and (for durable ones) how to open it again as a restarted process would. */
type Opened = { store: BudgetStore; reopen?: () => Promise<BudgetStore> };
const stores: Array<[string, (() => Promise<Opened>) | undefined]> = [
  ['memory', async () => ({ store: createMemoryBudgetStore() })],
  [
    'sqlite',
    async () => {
      const path = join(directory, `${Math.random().toString(36).slice(2)}.db`);
      const open = () => {
        const store = createSqliteBudgetStore({ path });
        closers.push(() => store.close());
        return store;
      };
      return { store: open(), reopen: async () => open() };
    },
  ],
  [
    `postgres ${postgres.skipReason}`,
    postgres.url
      ? async () => {
          const url = await postgresSchema(postgres.url as string, 'budget');
          const open = async () => {
            const store = await createPostgresBudgetStore({ connectionString: url });
            closers.push(() => store.close());
            return store;
          };
          return { store: await open(), reopen: open };
        }
      : undefined,
  ],
  [
    `redis ${redis.skipReason}`,
    redis.url
      ? async () => {
          const client = new Redis(redis.url as string);
          closers.push(() => client.quit());
          return {
            store: createRedisBudgetStore({
              client,
              prefix: `orkit-test-${Math.random().toString(36).slice(2)}`,
            }),
          };
        }
      : undefined,
  ],
];

const now = Date.UTC(2026, 11, 7, 12);
const day = (key: string, usd: number): BudgetKey => ({
  key,
  limitPico: BigInt(Math.round(usd * 1e6)) * 1_000_000n,
  expiresAt: now + 86_400_000,
});
const ttlMs = 60_000;

describe.each(stores)('the %s budget store', (_name, open) => {
  it.skipIf(!open)('reserves all budgets or none, settles once, exactly', async () => {
    const { store } = await (open as () => Promise<Opened>)();
    const global = day('global|d', 0.01);
    const user = day('user:u|d', 0.005);
    expect(
      await store.reserve({ id: 'a', keys: [global, user], amountPico: 4_000_000_000n, now, ttlMs }),
    ).toEqual({
      ok: true,
    });
    // The user budget has 0.001 left: refused, and the global one is not touched either.
    const refused = await store.reserve({
      id: 'b',
      keys: [global, user],
      amountPico: 2_000_000_000n,
      now,
      ttlMs,
    });
    expect(refused).toEqual({
      ok: false,
      key: 'user:u|d',
      limitPico: 5_000_000_000n,
      spentPico: 0n,
      reservedPico: 4_000_000_000n,
    });
    expect(await store.snapshot('global|d', now)).toEqual({ spentPico: 0n, reservedPico: 4_000_000_000n });
    // Settle at the real cost, to the picodollar; settling the same id again adds nothing.
    expect(await store.settle({ id: 'a', keys: [global, user], actualPico: 3_000_000_001n, now })).toEqual([
      3_000_000_001n,
      3_000_000_001n,
    ]);
    expect(await store.settle({ id: 'a', keys: [global, user], actualPico: 3_000_000_001n, now })).toEqual([
      3_000_000_001n,
      3_000_000_001n,
    ]);
    expect(await store.snapshot('user:u|d', now)).toEqual({ spentPico: 3_000_000_001n, reservedPico: 0n });
  });

  it.skipIf(!open)(
    'releases by id, idempotently; a reserve that lands after its release holds nothing',
    async () => {
      const { store } = await (open as () => Promise<Opened>)();
      const budget = day('global|d', 0.01);
      await store.reserve({ id: 'x', keys: [budget], amountPico: 8_000_000_000n, now, ttlMs });
      await store.release({ id: 'x', keys: [budget], now });
      await store.release({ id: 'x', keys: [budget], now });
      // The caller gave up on 'late' (a timeout) and released it; then its reserve command arrives.
      await store.release({ id: 'late', keys: [budget], now });
      await store.reserve({ id: 'late', keys: [budget], amountPico: 8_000_000_000n, now, ttlMs });
      expect(await store.snapshot('global|d', now)).toEqual({ spentPico: 0n, reservedPico: 0n });
      expect(
        (await store.reserve({ id: 'next', keys: [budget], amountPico: 10_000_000_000n, now, ttlMs })).ok,
      ).toBe(true);
    },
  );

  it.skipIf(!open)("lets a dead process's reservation expire with its lease", async () => {
    const { store } = await (open as () => Promise<Opened>)();
    const budget = day('global|d', 0.01);
    await store.reserve({ id: 'dead', keys: [budget], amountPico: 8_000_000_000n, now, ttlMs });
    expect(
      (await store.reserve({ id: 'live', keys: [budget], amountPico: 4_000_000_000n, now, ttlMs })).ok,
    ).toBe(false);
    const later = now + ttlMs + 1;
    expect(
      (await store.reserve({ id: 'live2', keys: [budget], amountPico: 4_000_000_000n, now: later, ttlMs }))
        .ok,
    ).toBe(true);
    expect(await store.snapshot('global|d', later)).toEqual({ spentPico: 0n, reservedPico: 4_000_000_000n });
  });

  it.skipIf(!open)('fires each alert threshold once per key', async () => {
    const { store } = await (open as () => Promise<Opened>)();
    expect(await store.markAlert('global|d', 0.5, now + 1_000)).toBe(true);
    expect(await store.markAlert('global|d', 0.5, now + 1_000)).toBe(false);
    expect(await store.markAlert('global|d', 0.8, now + 1_000)).toBe(true);
  });

  it.skipIf(!open)(
    'keeps the spend of a durable store across a restart, settlements in flight included',
    async () => {
      const { store, reopen } = await (open as () => Promise<Opened>)();
      if (!reopen) return;
      const budget = day('global|d', 0.003);
      for (const id of ['r1', 'r2'])
        await store.reserve({ id, keys: [budget], amountPico: 1_000_000_000n, now, ttlMs });
      await store.settle({ id: 'r1', keys: [budget], actualPico: 1_200_000_000n, now });
      // Calls do not wait for their settlement: one still in flight when the process closes the store lands.
      const inFlight = store.settle({ id: 'r2', keys: [budget], actualPico: 1_200_000_000n, now });
      await store.close?.();
      await inFlight;
      const restarted = await reopen();
      expect(await restarted.snapshot('global|d', now)).toEqual({
        spentPico: 2_400_000_000n,
        reservedPico: 0n,
      });
      // 0.0024 spent: a call that may cost 0.001 no longer fits a 0.003 limit.
      expect(
        (await restarted.reserve({ id: 'r3', keys: [budget], amountPico: 1_000_000_000n, now, ttlMs })).ok,
      ).toBe(false);
    },
  );
});
