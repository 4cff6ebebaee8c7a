/** One budget a reservation counts against: a scope in a window, with its limit. */
export interface BudgetKey {
  /** e.g. `agent:reviewer|daily:2026-11-24` */
  readonly key: string;
  /** Picodollars (10^-12 USD), `@orkit/config`'s money type. */
  readonly limitPico: bigint;
  /** When the window ends (the key can be forgotten after). */
  readonly expiresAt: number;
}

/** The answer to a reservation. */
export type ReservationResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly key: string;
      readonly limitPico: bigint;
      readonly spentPico: bigint;
      readonly reservedPico: bigint;
    };

/** Spend and reservations of one budget key, in picodollars. */
export interface BudgetSnapshot {
  readonly spentPico: bigint;
  readonly reservedPico: bigint;
}

/**
 * Where spend and reservations live. Amounts are picodollars (`bigint`).
 *
 * The contract every store meets (tested on each by `budget-store-contract`):
 * - `reserve` is atomic across all keys: either every budget has room and all are reserved, or none is.
 * - `settle` removes the reservation and adds the actual cost, once: settling an id twice adds nothing.
 * - `release` removes a reservation without spending, and is idempotent; a `reserve` of an id that was already
 *   settled or released (a command that arrived late, after its caller gave up) reserves nothing, so no phantom
 *   reservation can hold budget.
 * - Durable stores (SQLite, PostgreSQL) keep spend across restarts.
 */
export interface BudgetStore {
  reserve(request: {
    id: string;
    keys: readonly BudgetKey[];
    amountPico: bigint;
    now: number;
    ttlMs: number;
  }): ReservationResult | Promise<ReservationResult>;
  /** Returns each key's spend after settling (in `keys` order), so alerts need no extra read. */
  settle(request: {
    id: string;
    keys: readonly BudgetKey[];
    actualPico: bigint;
    now: number;
  }): readonly bigint[] | Promise<readonly bigint[]>;
  /** Drops a reservation without spending (the call never ran, or its reserve timed out). Idempotent. */
  release(request: { id: string; keys: readonly BudgetKey[]; now: number }): void | Promise<void>;
  snapshot(key: string, now: number): BudgetSnapshot | Promise<BudgetSnapshot>;
  /** True the first time a threshold is crossed for a key (alerts fire once per window). */
  markAlert(key: string, threshold: number, expiresAt: number): boolean | Promise<boolean>;
  close?(): void | Promise<void>;
}

interface Bucket {
  spent: bigint;
  expiresAt: number;
  readonly reservations: Map<string, { amount: bigint; until: number }>;
  readonly alerts: Set<number>;
}

/**
 * How long ids of settled or released reservations are remembered, so a command that arrives late changes nothing.
 * Late commands arrive within seconds; a reserve arriving later still would only hold budget until its lease ends.
 */
export const FINISHED_ID_MEMORY_MS = 600_000;

/**
 * Budgets in this process: for tests and one-process tools. Spend is forgotten on restart; use
 * `createSqliteBudgetStore` (one machine) or `createPostgresBudgetStore` (many) to keep it.
 *
 * @example
 * budgetMiddleware({ store: createMemoryBudgetStore(), limits: [{ scope: 'global', window: 'daily', usd: 25 }] });
 */
export function createMemoryBudgetStore(): BudgetStore {
  const buckets = new Map<string, Bucket>();
  const finished = new Map<string, number>();
  const bucketOf = (key: string, expiresAt: number, now: number) => {
    let bucket = buckets.get(key);
    if (bucket && bucket.expiresAt <= now) {
      buckets.delete(key);
      bucket = undefined;
    }
    if (!bucket) {
      bucket = { spent: 0n, expiresAt, reservations: new Map(), alerts: new Set() };
      buckets.set(key, bucket);
    }
    return bucket;
  };
  const reservedOf = (bucket: Bucket, now: number) => {
    let total = 0n;
    for (const [id, reservation] of bucket.reservations) {
      // A reservation whose process died is forgotten when its lease runs out.
      if (reservation.until <= now) bucket.reservations.delete(id);
      else total += reservation.amount;
    }
    return total;
  };
  let sweeps = 0;
  const finish = (id: string, now: number) => {
    finished.delete(id);
    finished.set(id, now + FINISHED_ID_MEMORY_MS);
    // Ids are kept in the order they finished, so the expired ones are at the front: forgetting them costs only
    // what is forgotten. Memory is bounded by the ids of the last FINISHED_ID_MEMORY_MS and the live windows.
    for (const [old, until] of finished) {
      if (until > now) break;
      finished.delete(old);
    }
    if (++sweeps % 1024 === 0)
      for (const [key, bucket] of buckets) if (bucket.expiresAt <= now) buckets.delete(key);
  };
  return {
    reserve({ id, keys, amountPico, now, ttlMs }) {
      if (finished.has(id)) return { ok: true };
      for (const budget of keys) {
        const bucket = bucketOf(budget.key, budget.expiresAt, now);
        const reserved = reservedOf(bucket, now);
        if (bucket.spent + reserved + amountPico > budget.limitPico) {
          return {
            ok: false,
            key: budget.key,
            limitPico: budget.limitPico,
            spentPico: bucket.spent,
            reservedPico: reserved,
          };
        }
      }
      for (const budget of keys)
        bucketOf(budget.key, budget.expiresAt, now).reservations.set(id, {
          amount: amountPico,
          until: now + ttlMs,
        });
      return { ok: true };
    },
    settle({ id, keys, actualPico, now }) {
      const already = finished.has(id);
      finish(id, now);
      return keys.map((budget) => {
        const bucket = bucketOf(budget.key, budget.expiresAt, now);
        bucket.reservations.delete(id);
        if (!already) bucket.spent += actualPico;
        return bucket.spent;
      });
    },
    release({ id, keys, now }) {
      finish(id, now);
      for (const budget of keys) buckets.get(budget.key)?.reservations.delete(id);
    },
    snapshot(key, now) {
      const bucket = buckets.get(key);
      if (!bucket || bucket.expiresAt <= now) return { spentPico: 0n, reservedPico: 0n };
      return { spentPico: bucket.spent, reservedPico: reservedOf(bucket, now) };
    },
    markAlert(key, threshold, expiresAt) {
      const bucket = bucketOf(key, expiresAt, 0);
      if (bucket.alerts.has(threshold)) return false;
      bucket.alerts.add(threshold);
      return true;
    },
  };
}
