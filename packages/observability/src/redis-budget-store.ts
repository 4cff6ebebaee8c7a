import type { Redis } from 'ioredis';
import {
  type BudgetKey,
  type BudgetSnapshot,
  type BudgetStore,
  FINISHED_ID_MEMORY_MS,
  type ReservationResult,
} from './budget-store.js';

// Per budget key: a hash {spent_hi (whole microdollars), spent_lo (picodollars under them), reserved, r:<id>} and
// a zset of reservation ids scored by their lease end. Amounts travel as integer strings; spend is kept in two
// fields so that every HINCRBY stays exact (a Lua number is a double, exact only to 2^53). KEYS[1] marks an id
// that was settled or released, so a reserve that arrives late changes nothing.
const EXPIRE = `
local function expire(hash, zset, now)
  local dead = redis.call('ZRANGEBYSCORE', zset, '-inf', now)
  for _, member in ipairs(dead) do
    local amount = redis.call('HGET', hash, 'r:' .. member)
    if amount then
      redis.call('HINCRBY', hash, 'reserved', '-' .. amount)
      redis.call('HDEL', hash, 'r:' .. member)
    end
  end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', zset, '-inf', now) end
end
local function drop(hash, zset, id)
  local amount = redis.call('HGET', hash, 'r:' .. id)
  if amount then
    redis.call('HINCRBY', hash, 'reserved', '-' .. amount)
    redis.call('HDEL', hash, 'r:' .. id)
  end
  redis.call('ZREM', zset, id)
end
`;

// KEYS: done, hash1, zset1, ... ARGV: id, amount, now, ttlMs, then per key: limit, expiresAt.
const RESERVE = `${EXPIRE}
if redis.call('EXISTS', KEYS[1]) == 1 then return {2} end
local id, amount, now, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local count = (#KEYS - 1) / 2
for i = 1, count do
  local hash, zset = KEYS[2 * i], KEYS[2 * i + 1]
  expire(hash, zset, now)
  local v = redis.call('HMGET', hash, 'spent_hi', 'spent_lo', 'reserved')
  local spent = tonumber(v[1] or '0') * 1000000 + tonumber(v[2] or '0')
  local limit = tonumber(ARGV[3 + 2 * i])
  if spent + tonumber(v[3] or '0') + amount > limit then
    return {0, i, v[1] or '0', v[2] or '0', v[3] or '0'}
  end
end
for i = 1, count do
  local hash, zset = KEYS[2 * i], KEYS[2 * i + 1]
  local expiresAt = tonumber(ARGV[4 + 2 * i])
  redis.call('HSET', hash, 'r:' .. id, ARGV[2])
  redis.call('HINCRBY', hash, 'reserved', ARGV[2])
  redis.call('ZADD', zset, now + ttl, id)
  redis.call('PEXPIREAT', hash, expiresAt + 86400000)
  redis.call('PEXPIREAT', zset, expiresAt + 86400000)
end
return {1}
`;

// KEYS: done, hash1, zset1, ...; ARGV: id, actual microdollars, actual picodollars under them, done TTL ms.
const SETTLE = `${EXPIRE}
local first = redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[4])
local out = {}
for i = 1, (#KEYS - 1) / 2 do
  local hash, zset = KEYS[2 * i], KEYS[2 * i + 1]
  drop(hash, zset, ARGV[1])
  if first then
    redis.call('HINCRBY', hash, 'spent_hi', ARGV[2])
    local lo = redis.call('HINCRBY', hash, 'spent_lo', ARGV[3])
    if lo >= 1000000 then
      redis.call('HINCRBY', hash, 'spent_lo', -1000000)
      redis.call('HINCRBY', hash, 'spent_hi', 1)
    end
  end
  local v = redis.call('HMGET', hash, 'spent_hi', 'spent_lo')
  out[2 * i - 1] = v[1] or '0'
  out[2 * i] = v[2] or '0'
end
return out
`;

// KEYS: done, hash1, zset1, ...; ARGV: id, done TTL ms.
const RELEASE = `${EXPIRE}
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
for i = 1, (#KEYS - 1) / 2 do drop(KEYS[2 * i], KEYS[2 * i + 1], ARGV[1]) end
return 1
`;

// KEYS: hash, zset; ARGV: now.
const SNAPSHOT = `${EXPIRE}
expire(KEYS[1], KEYS[2], tonumber(ARGV[1]))
return redis.call('HMGET', KEYS[1], 'spent_hi', 'spent_lo', 'reserved')
`;

const MICRO = 1_000_000n;
const picoOf = (micro: unknown, pico: unknown) =>
  BigInt(String(micro ?? 0)) * MICRO + BigInt(String(pico ?? 0));

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
  const client = options.client;
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
  const doneKey = (id: string) => `${prefix}:done:${id}`;
  const doneTtl = FINISHED_ID_MEMORY_MS;
  return {
    reserve({ id, keys, amountPico, now, ttlMs }): Promise<ReservationResult> {
      return bounded('reserve', async () => {
        const redisKeys = [doneKey(id), ...keysOf(keys)];
        const args = [
          id,
          amountPico.toString(),
          now,
          ttlMs,
          ...keys.flatMap((budget) => [budget.limitPico.toString(), budget.expiresAt]),
        ];
        const result = (await client.eval(RESERVE, redisKeys.length, ...redisKeys, ...args)) as unknown[];
        if (result[0] !== 0) return { ok: true };
        const index = Number(result[1] ?? 1) - 1;
        const budget = keys[index];
        return {
          ok: false,
          key: budget?.key ?? '',
          limitPico: budget?.limitPico ?? 0n,
          spentPico: picoOf(result[2], result[3]),
          reservedPico: BigInt(String(result[4] ?? 0)),
        };
      });
    },
    settle({ id, keys, actualPico }): Promise<readonly bigint[]> {
      return bounded('settle', async () => {
        const redisKeys = [doneKey(id), ...keysOf(keys)];
        const spent = (await client.eval(
          SETTLE,
          redisKeys.length,
          ...redisKeys,
          id,
          (actualPico / MICRO).toString(),
          (actualPico % MICRO).toString(),
          doneTtl,
        )) as unknown[];
        return keys.map((_, index) => picoOf(spent[2 * index], spent[2 * index + 1]));
      });
    },
    async release({ id, keys }) {
      await bounded('release', async () => {
        const redisKeys = [doneKey(id), ...keysOf(keys)];
        await client.eval(RELEASE, redisKeys.length, ...redisKeys, id, doneTtl);
      });
    },
    snapshot(key, now): Promise<BudgetSnapshot> {
      return bounded('snapshot', async () => {
        const values = (await client.eval(
          SNAPSHOT,
          2,
          `${prefix}:${key}:h`,
          `${prefix}:${key}:z`,
          now,
        )) as unknown[];
        return { spentPico: picoOf(values[0], values[1]), reservedPico: BigInt(String(values[2] ?? 0)) };
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
