import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mockOpenRouterModel } from '@orkit/testing-mocks';
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { generateText, wrapLanguageModel } from 'ai';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisBudgetStore } from '../src/entry-redis.js';
import { BudgetUnavailableError, budgetMiddleware, windowSpan } from '../src/index.js';

const run = promisify(execFile);
const redis = await redisForTests();
const WORKER = new URL('./fixtures/budget-worker.ts', import.meta.url).pathname;
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit()));
});

describe.skipIf(!redis.url)(`budgets and the ledger in Redis ${redis.skipReason}`, () => {
  it('4 processes, 200 concurrent calls, a budget that fits about 50: never overspent, no needless rejections', async () => {
    const prefix = `orkit-race-${Date.now()}`;
    const outcomes = (
      await Promise.all(
        Array.from({ length: 4 }, () =>
          run(process.execPath, ['--import', 'tsx', WORKER], {
            env: { ...process.env, ORKIT_PREFIX: prefix, STORE: 'redis' },
          }),
        ),
      )
    ).flatMap(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[]);
    const client = new Redis(redis.url as string);
    clients.push(client);
    const key = `${prefix}:global|${windowSpan('daily', Date.now()).label}:h`;
    const [micro, pico] = await client.hmget(key, 'spent_hi', 'spent_lo');
    const spentPico = BigInt(micro ?? 0) * 1_000_000n + BigInt(pico ?? 0);
    const succeeded = outcomes.filter((outcome) => outcome === 'ok').length;
    process.stdout.write(
      `budget race: ${succeeded} of 200 calls ran, spent ${spentPico} picodollars of $0.15\n`,
    );
    expect(outcomes.filter((outcome) => outcome !== 'ok' && outcome !== 'BudgetExceededError')).toEqual([]);
    expect(spentPico).toBeLessThanOrEqual(150_000_000_000n);
    expect(spentPico).toBe(BigInt(succeeded) * 3_000_000_000n);
    // Reservations of $0.004 mean at least floor(0.15 / 0.004) = 37 calls must run; settling at $0.003 frees room
    // for more. Any fewer would be a needless rejection.
    expect(succeeded).toBeGreaterThanOrEqual(37);
    expect(succeeded).toBeLessThanOrEqual(50);
  }, 60_000);

  it('fails closed within the command timeout when Redis is unreachable', async () => {
    const dead = new Redis({
      port: 1,
      lazyConnect: true,
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    dead.on('error', () => undefined);
    dead.connect().catch(() => undefined);
    const model = wrapLanguageModel({
      model: mockOpenRouterModel(),
      middleware: budgetMiddleware({
        limits: [{ scope: 'global', window: 'daily', usd: 1 }],
        store: createRedisBudgetStore({ client: dead, commandTimeoutMs: 100 }),
      }),
    });
    const error = await generateText({ model, prompt: 'x' }).catch((caught: unknown) => caught);
    expect(BudgetUnavailableError.isInstance(error)).toBe(true);
    dead.disconnect();
  });
});
