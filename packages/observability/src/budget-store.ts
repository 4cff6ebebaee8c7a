/** One budget a reservation counts against: a scope in a window, with its limit. */
export interface BudgetKey {
  /** e.g. `agent:reviewer|daily:2026-11-24` */
  readonly key: string;
  readonly limitNano: number;
  /** When the window ends (the key can be forgotten after). */
  readonly expiresAt: number;
}

/** The answer to a reservation. */
export type ReservationResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly key: string;
      readonly limitNano: number;
      readonly spentNano: number;
      readonly reservedNano: number;
    };

/** Spend and reservations of one budget key. */
export interface BudgetSnapshot {
  readonly spentNano: number;
  readonly reservedNano: number;
}

/**
 * Where spend and reservations live. `reserve` is atomic across all keys: either every budget has room and all
 * are reserved, or none is. Amounts are whole nanodollars (10^-9 USD).
 */
export interface BudgetStore {
  reserve(request: {
    id: string;
    keys: readonly BudgetKey[];
    amountNano: number;
    now: number;
    ttlMs: number;
  }): ReservationResult | Promise<ReservationResult>;
  /** Returns each key's spend after settling (in `keys` order), so alerts need no extra read. */
  settle(request: {
    id: string;
    keys: readonly BudgetKey[];
    actualNano: number;
    now: number;
  }): readonly number[] | Promise<readonly number[]>;
  snapshot(key: string, now: number): BudgetSnapshot | Promise<BudgetSnapshot>;
  /** True the first time a threshold is crossed for a key (alerts fire once per window). */
  markAlert(key: string, threshold: number, expiresAt: number): boolean | Promise<boolean>;
}

interface Bucket {
  spent: number;
  expiresAt: number;
  readonly reservations: Map<string, { amount: number; until: number }>;
  readonly alerts: Set<number>;
}

/**
 * Budgets in this process. Use the Redis store to share one budget between processes.
 *
 * @example
 * budgetMiddleware({ store: createMemoryBudgetStore(), limits: [{ scope: 'global', window: 'daily', usd: 25 }] });
 */
export function createMemoryBudgetStore(): BudgetStore {
  const buckets = new Map<string, Bucket>();
  const bucketOf = (key: string, expiresAt: number, now: number) => {
    let bucket = buckets.get(key);
    if (bucket && bucket.expiresAt <= now) {
      buckets.delete(key);
      bucket = undefined;
    }
    if (!bucket) {
      bucket = { spent: 0, expiresAt, reservations: new Map(), alerts: new Set() };
      buckets.set(key, bucket);
    }
    return bucket;
  };
  const reservedOf = (bucket: Bucket, now: number) => {
    let total = 0;
    for (const [id, reservation] of bucket.reservations) {
      // A reservation whose process died is forgotten when its lease runs out.
      if (reservation.until <= now) bucket.reservations.delete(id);
      else total += reservation.amount;
    }
    return total;
  };
  return {
    reserve({ id, keys, amountNano, now, ttlMs }) {
      for (const budget of keys) {
        const bucket = bucketOf(budget.key, budget.expiresAt, now);
        const reserved = reservedOf(bucket, now);
        if (bucket.spent + reserved + amountNano > budget.limitNano) {
          return {
            ok: false,
            key: budget.key,
            limitNano: budget.limitNano,
            spentNano: bucket.spent,
            reservedNano: reserved,
          };
        }
      }
      for (const budget of keys)
        bucketOf(budget.key, budget.expiresAt, now).reservations.set(id, {
          amount: amountNano,
          until: now + ttlMs,
        });
      return { ok: true };
    },
    settle({ id, keys, actualNano, now }) {
      return keys.map((budget) => {
        const bucket = bucketOf(budget.key, budget.expiresAt, now);
        bucket.reservations.delete(id);
        bucket.spent += actualNano;
        return bucket.spent;
      });
    },
    snapshot(key, now) {
      const bucket = buckets.get(key);
      if (!bucket || bucket.expiresAt <= now) return { spentNano: 0, reservedNano: 0 };
      return { spentNano: bucket.spent, reservedNano: reservedOf(bucket, now) };
    },
    markAlert(key, threshold, expiresAt) {
      const bucket = bucketOf(key, expiresAt, 0);
      if (bucket.alerts.has(threshold)) return false;
      bucket.alerts.add(threshold);
      return true;
    },
  };
}
