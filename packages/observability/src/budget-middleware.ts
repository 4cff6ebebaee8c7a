import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { gateCall } from '@orkit/config/call-gate';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { LanguageModelMiddleware } from 'ai';
import { applicableBudgets, type BudgetLimit } from './applicable-budgets.js';
import { budgetSettlements, isPromiseLike, type Reservation } from './budget-settlements.js';
import { type BudgetStore, createMemoryBudgetStore, type ReservationResult } from './budget-store.js';
import { attributionOf } from './call-attribution.js';
import { emitSafely } from './emit-safely.js';
import { BudgetExceededError, BudgetUnavailableError } from './observability-errors.js';
import type { ObservabilityEventListener } from './observability-events.js';
import { reportedCost } from './reported-cost.js';
import type { Attribution } from './usage-record.js';
import { watchStream } from './watch-stream.js';

/** Options of {@link budgetMiddleware}. */
export interface BudgetOptions {
  readonly limits: readonly BudgetLimit[];
  /** Default: in-process. Use the Redis store to share budgets between processes. */
  readonly store?: BudgetStore;
  /**
   * The most a call can cost, before it runs (e.g. `estimateCost` from `@orkit/model-selection` with
   * `maxOutputTokens`). Without it every call reserves `defaultReservationUsd`.
   */
  readonly estimateCostUsd?: (
    model: LanguageModelV4,
    params: LanguageModelV4CallOptions,
  ) => number | string | undefined;
  /** Default 0.05. */
  readonly defaultReservationUsd?: number | string;
  /** What a call costs when OpenRouter reports none (e.g. a catalog estimate from usage). */
  readonly costFromUsage?: (
    model: string,
    usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number },
  ) => number | string | undefined;
  /** Calendar windows are aligned to this time zone. Default `UTC`. */
  readonly timeZone?: string;
  /** Shares of a limit that raise an alert, once per window each. Default [0.5, 0.8, 1]. */
  readonly alertThresholds?: readonly number[];
  /** When the store does not answer: refuse the call (`deny`, default) or run it unaccounted (`allow`). */
  readonly onStoreFailure?: 'deny' | 'allow';
  /** How long a reservation survives a process that died before settling. Default 10 minutes. */
  readonly reservationTtlMs?: number;
  /** A stream nobody has read for this long is ended and settled at its reservation. Default 2 minutes. */
  readonly abandonAfterMs?: number;
  /**
   * Start the call while its reservation is in flight, behind a call gate (`@orkit/config/call-gate`): layers below
   * that have no side effect (a cache lookup) run at once, and the first `passCallGate()` below waits for the
   * reservation, so a refused call still reaches no provider. Saves one store round trip per call. Set it only when
   * a layer below passes the gate, as `buildAgentModel` from `@orkit/mastra-agents` does. Default false.
   */
  readonly reserveAlongside?: boolean;
  readonly attribution?: Attribution;
  readonly onEvent?: ObservabilityEventListener;
}

/** The budget middleware, and a way to wait for the settlements it runs behind the calls. */
export interface BudgetMiddleware extends LanguageModelMiddleware {
  /**
   * Resolves when every settle and release started so far has landed in the store, or given up and said so with a
   * `budget-store-unavailable` event. Calls never wait for a remote store's settlement (a local one settles before
   * the call returns); await this before reading a remote store right after a call, and at shutdown.
   */
  flush(): Promise<void>;
}

let reservations = 0;

// One random part per process, so ids from many processes (and restarts with the same pid) never collide.
const RESERVATION_PREFIX = `${process.pid}-${Math.random().toString(36).slice(2, 8)}-`;

/**
 * Hard budgets: before a call, its worst case is **reserved** against every budget it falls under (atomically:
 * all or none); it is refused with {@link BudgetExceededError} when it does not fit; afterwards the reservation
 * is settled to the real cost (OpenRouter's `usage.cost`) and the rest released. Every failure path releases the
 * reservation by its id, idempotently, including a reserve whose store command timed out (it may still land).
 * With a shared store (SQLite, PostgreSQL, Redis) N processes together never overspend; with a durable one
 * (SQLite, PostgreSQL) a restarted process knows what the window has spent. Alerts fire once per window.
 * Amounts are exact picodollars throughout (`@orkit/config`'s money type). A call does not wait for a remote
 * store's settlement: `flush()` does.
 *
 * @example
 * budgetMiddleware({
 *   limits: [{ scope: 'global', window: 'daily', usd: 100 }, { scope: 'user', window: 'monthly', usd: 5 }],
 *   store: createSqliteBudgetStore({ path: '.orkit/ledger.db' }),
 *   estimateCostUsd: (model, params) => estimateCost(catalog.get(model.modelId), { prompt: params.prompt, maxOutputTokens: params.maxOutputTokens }).exact,
 * });
 */
export function budgetMiddleware(options: BudgetOptions): BudgetMiddleware {
  const store = options.store ?? createMemoryBudgetStore();
  const timeZone = options.timeZone ?? 'UTC';
  const ttlMs = options.reservationTtlMs ?? 600_000;
  const emit = emitSafely(options.onEvent);
  const { settle, release, flush } = budgetSettlements({
    store,
    emit,
    thresholds: options.alertThresholds ?? [0.5, 0.8, 1],
  });
  const limitsPico = options.limits.map((limit, index) => {
    try {
      return parseUsd(limit.usd);
    } catch (error) {
      throw new TypeError(
        `budgetMiddleware: limits[${index}].usd must be an amount of USD such as "5" or 0.25 (${(error as Error).message})`,
      );
    }
  });
  const defaultPico = parseUsd(options.defaultReservationUsd ?? '0.05');

  const applicable = (attribution: Attribution, now: number) =>
    applicableBudgets({ limits: options.limits, limitsPico, attribution, now, timeZone });

  /**
   * Reserves the call's worst case. A store that answers synchronously (memory, SQLite) is decided at once, with
   * no promise; a remote one (Redis, PostgreSQL) gives a promise, which `reserveAlongside` lets the call run beside.
   */
  function reserve(
    model: LanguageModelV4,
    params: LanguageModelV4CallOptions,
  ): Reservation | undefined | Promise<Reservation | undefined> {
    const now = Date.now();
    const budgets = applicable(attributionOf(params, options.attribution), now);
    if (budgets.length === 0) return undefined;
    const estimate = options.estimateCostUsd?.(model, params);
    const amountPico = estimate === undefined ? defaultPico : parseUsd(estimate);
    const id = `${RESERVATION_PREFIX}${(++reservations).toString(36)}`;
    const failed = (error: unknown): undefined => {
      // The command may still land after we gave up on it: release by id (stores refuse a late reserve of a
      // released id), so no phantom reservation holds the budget.
      release(id, budgets);
      emit({
        type: 'budget-store-unavailable',
        error: error as Error,
        decision: options.onStoreFailure === 'allow' ? 'allowed' : 'denied',
      });
      if (options.onStoreFailure === 'allow') return undefined;
      throw new BudgetUnavailableError(error);
    };
    const decide = (result: ReservationResult): Reservation => {
      if (!result.ok) {
        const refused = result;
        const entry = budgets.find((candidate) => candidate.budget.key === refused.key) ?? budgets[0];
        const facts = {
          scope: entry?.scope ?? 'global',
          window: entry?.limit.window ?? 'daily',
          limitUsd: formatUsd(refused.limitPico),
          spentUsd: formatUsd(refused.spentPico),
          reservedUsd: formatUsd(refused.reservedPico),
          requestedUsd: formatUsd(amountPico),
          resetAt: entry?.budget.expiresAt ?? now,
        };
        emit({ type: 'budget-rejected', ...facts });
        throw new BudgetExceededError(facts);
      }
      return { id, budgets, amountPico };
    };
    let answer: ReturnType<BudgetStore['reserve']>;
    try {
      answer = store.reserve({ id, keys: budgets.map((entry) => entry.budget), amountPico, now, ttlMs });
    } catch (error) {
      return failed(error);
    }
    return isPromiseLike(answer) ? Promise.resolve(answer).then(decide, failed) : decide(answer);
  }

  const costOf = (
    model: string,
    usage:
      | {
          inputTokens: { total?: number | undefined; cacheRead?: number | undefined };
          outputTokens: { total?: number | undefined };
          raw?: unknown;
        }
      | undefined,
    metadata: unknown,
  ): bigint | undefined => {
    const reported = reportedCost(usage?.raw, metadata);
    if (reported) return reported.costPico;
    const estimated = usage
      ? options.costFromUsage?.(model, {
          inputTokens: usage.inputTokens.total ?? 0,
          outputTokens: usage.outputTokens.total ?? 0,
          cacheReadTokens: usage.inputTokens.cacheRead ?? 0,
        })
      : undefined;
    return estimated === undefined ? undefined : parseUsd(estimated);
  };

  /**
   * Reserves, then runs the call; with `reserveAlongside`, runs both at once behind a gate. Releases the
   * reservation when the call fails (OpenRouter bills completions, not errors).
   */
  async function reserved<T>(
    model: LanguageModelV4,
    params: LanguageModelV4CallOptions,
    call: () => PromiseLike<T>,
  ): Promise<{ reservation: Reservation | undefined; result: T }> {
    let reservation: Reservation | undefined;
    let calling: PromiseLike<T>;
    const reserving = reserve(model, params);
    if (!isPromiseLike(reserving)) {
      // Decided already (a local store): nothing to wait for, no gate.
      reservation = reserving;
      calling = call();
    } else if (options.reserveAlongside) {
      const gated = gateCall(reserving, () => Promise.resolve(call()));
      // Marked handled now: the call below may fail while the reservation is in flight (at the gate, with the
      // refusal itself), and a refusal is what this call throws. Awaited below, it still throws its own failure.
      gated.catch(() => {});
      calling = gated;
      reservation = await reserving;
    } else {
      reservation = await reserving;
      calling = call();
    }
    try {
      return { reservation, result: await calling };
    } catch (error) {
      if (reservation) release(reservation.id, reservation.budgets);
      throw error;
    }
  }

  return {
    specificationVersion: 'v4',
    flush,
    async wrapGenerate({ model, params, doGenerate }) {
      const { reservation, result } = await reserved(model as LanguageModelV4, params, doGenerate);
      settle(reservation, costOf(model.modelId, result.usage, result.providerMetadata) ?? 0n);
      return result;
    },
    async wrapStream({ model, params, doStream }) {
      const { reservation, result } = await reserved(model as LanguageModelV4, params, doStream);
      let costPico: bigint | undefined;
      let sawContent = false;
      let settled = false;
      const finish = (amount: bigint) => {
        if (settled) return;
        settled = true;
        settle(reservation, amount);
      };
      // After content, a call whose cost never came back (cut, aborted, abandoned) keeps its whole reservation as
      // spent: the budget never undercounts. Before content nothing was generated, so nothing is spent.
      const unknownCost = () => costPico ?? (sawContent ? (reservation?.amountPico ?? 0n) : 0n);
      const stream = watchStream(result.stream, {
        ...(options.abandonAfterMs === undefined ? {} : { abandonAfterMs: options.abandonAfterMs }),
        onPart(part: LanguageModelV4StreamPart) {
          if (part.type === 'finish') costPico = costOf(model.modelId, part.usage, part.providerMetadata);
          else if (part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-call')
            sawContent = true;
          // A consumer may stop reading after an error part: settle now.
          if (part.type === 'error') finish(unknownCost());
        },
        onEnd(end) {
          // Abandoned: the provider may have generated more than the reader took, and the usage record is at the
          // estimate too, so the whole reservation is spent (reconcileCosts corrects the ledger later).
          finish(end.kind === 'abandoned' ? (costPico ?? reservation?.amountPico ?? 0n) : unknownCost());
        },
      });
      return { ...result, stream };
    },
  };
}
