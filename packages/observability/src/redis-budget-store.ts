import type { Redis } from 'ioredis';
import type { BudgetKey, BudgetSnapshot, BudgetStore, ReservationResult } from './budget-store.js';

// Per budget key: a hash {spent, r:<id> = amount} and a zset of reservation ids scored by their lease end.
// KEYS: hash1, zset1, hash2, zset2, ... ARGV: id, amount, now, ttlMs, then per key: limit, expiresAt.
const RESERVE = `
local id, amount, now, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local count = #KEYS / 2
local reservedOf = {}
for i = 1, count do
  local hash, zset = KEYS[2 * i - 1], KEYS[2 * i]
  local dead = redis.call('ZRANGEBYSCORE', zset, '-inf', now)
  for _, member in ipairs(dead) do redis.call('HDEL', hash, 'r:' .. member) end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', zset, '-inf', now) end
  local reserved = 0
  local live = redis.call('ZRANGE', zset, 0, -1)
  for _, member in ipairs(live) do reserved = reserved + tonumber(redis.call('HGET', hash, 'r:' .. member) or '0') end
  local spent = tonumber(redis.call('HGET', hash, 'spent') or '0')
  local limit = tonumber(ARGV[3 + 2 * i])
  if spent + reserved + amount > limit then return {0, i, limit, spent, reserved} end
  reservedOf[i] = reserved
end
for i = 1, count do
  local hash, zset = KEYS[2 * i - 1], KEYS[2 * i]
  local expiresAt = tonumber(ARGV[4 + 2 * i])
  redis.call('HSET', hash, 'r:' .. id, amount)
  redis.call('ZADD', zset, now + ttl, id)
  redis.call('PEXPIREAT', hash, expiresAt + 86400000)
  redis.call('PEXPIREAT', zset, expiresAt + 86400000)
end
return {1}
`;

// KEYS: hash1, zset1, ...; ARGV: id, actual.
const SETTLE = `
local spent = {}
for i = 1, #KEYS / 2 do
  local hash, zset = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('HDEL', hash, 'r:' .. ARGV[1])
  redis.call('ZREM', zset, ARGV[1])
  spent[i] = redis.call('HINCRBY', hash, 'spent', tonumber(ARGV[2]))
end
return spent
`;

/** Options of {@link createRedisBudgetStore}. */
export interface RedisBudgetStoreOptions {
  readonly client: Redis;
  readonly prefix?: string;
  /** Every call gets an answer (or a rejection) within this time. Default 500 ms. */
  readonly commandTimeoutMs?: number;
}

/** Thrown when the budget store cannot answer in time. */
export class BudgetStoreUnavailableError extends Error {
  override readonly name = 'BudgetStoreUnavailableError';
}

/**
 * Budgets in Redis: reserve and settle are one atomic Lua script each, so N processes together never overspend.
 * Slow or unreachable Redis rejects within `commandTimeoutMs` (the middleware then fails closed by default).
 *
 * @example
 * budgetMiddleware({ store: createRedisBudgetStore({ client: new Redis(process.env.REDIS_URL) }), limits });
 */
export function createRedisBudgetStore(options: RedisBudgetStoreOptions): BudgetStore {
  const client = options.client as Redis & {
    orkitBudgetReserveV1?: (...args: Array<string | number>) => Promise<number[]>;
    orkitBudgetSettleV1?: (...args: Array<string | number>) => Promise<number>;
  };
  const prefix = options.prefix ?? 'orkit:budget';
  const timeoutMs = options.commandTimeoutMs ?? 500;
  const keysOf = (keys: readonly BudgetKey[]) =>
    keys.flatMap((budget) => [`${prefix}:${budget.key}:h`, `${prefix}:${budget.key}:z`]);
  async function bounded<T>(operation: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call(),
        new Promise<never>(
          (_, reject) =>
            (timer = setTimeout(
              () =>
                reject(
                  new BudgetStoreUnavailableError(
                    `Redis did not answer budget ${operation} within ${timeoutMs} ms`,
                  ),
                ),
              timeoutMs,
            )),
        ),
      ]);
    } catch (error) {
      throw error instanceof BudgetStoreUnavailableError
        ? error
        : new BudgetStoreUnavailableError(`Redis failed budget ${operation}: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    reserve({ id, keys, amountNano, now, ttlMs }): Promise<ReservationResult> {
      return bounded('reserve', async () => {
        const redisKeys = keysOf(keys);
        const args = [
          id,
          amountNano,
          now,
          ttlMs,
          ...keys.flatMap((budget) => [budget.limitNano, budget.expiresAt]),
        ];
        const result = (await client.eval(RESERVE, redisKeys.length, ...redisKeys, ...args)) as number[];
        if (result[0] === 1) return { ok: true };
        const index = (result[1] ?? 1) - 1;
        return {
          ok: false,
          key: keys[index]?.key ?? '',
          limitNano: Number(result[2]),
          spentNano: Number(result[3]),
          reservedNano: Number(result[4]),
        };
      });
    },
    settle({ id, keys, actualNano }): Promise<readonly number[]> {
      return bounded('settle', async () => {
        const redisKeys = keysOf(keys);
        return ((await client.eval(SETTLE, redisKeys.length, ...redisKeys, id, actualNano)) as number[]).map(
          Number,
        );
      });
    },
    snapshot(key, now): Promise<BudgetSnapshot> {
      return bounded('snapshot', async () => {
        const hash = `${prefix}:${key}:h`;
        const zset = `${prefix}:${key}:z`;
        const [spent, live] = await Promise.all([
          client.hget(hash, 'spent'),
          client.zrangebyscore(zset, now, '+inf'),
        ]);
        const amounts = live.length ? await client.hmget(hash, ...live.map((member) => `r:${member}`)) : [];
        return {
          spentNano: Number(spent ?? 0),
          reservedNano: amounts.reduce((sum, value) => sum + Number(value ?? 0), 0),
        };
      });
    },
    markAlert(key, threshold, expiresAt): Promise<boolean> {
      return bounded('alert', async () => {
        const alerts = `${prefix}:${key}:alerts`;
        const added = await client.sadd(alerts, String(threshold));
        await client.pexpireat(alerts, expiresAt + 86_400_000);
        return added === 1;
      });
    },
  };
}
