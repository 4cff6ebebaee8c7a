import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import type { LanguageModelMiddleware } from 'ai';
import { type BudgetKey, type BudgetStore, createMemoryBudgetStore } from './budget-store.js';
import { type BudgetWindow, windowSpan } from './calendar-window.js';
import { attributionOf } from './call-attribution.js';
import { BudgetExceededError, BudgetUnavailableError } from './observability-errors.js';
import type { ObservabilityEventListener } from './observability-events.js';
import { reportedCost, toNanoUsd } from './reported-cost.js';
import type { Attribution } from './usage-record.js';

/** A spend limit: a scope (everything, or per key, agent, user, tenant or tag) in a calendar window. */
export interface BudgetLimit {
  readonly scope: 'global' | 'key' | 'agent' | 'user' | 'tenant' | 'tag';
  readonly window: BudgetWindow;
  readonly usd: number;
  /** Only this value of the scope (e.g. one agent); default: each value gets its own budget. */
  readonly value?: string;
}

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
  ) => number | undefined;
  /** Default 0.05. */
  readonly defaultReservationUsd?: number;
  /** What a call costs when OpenRouter reports none (e.g. a catalog estimate from usage). */
  readonly costFromUsage?: (
    model: string,
    usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number },
  ) => number | undefined;
  /** Calendar windows are aligned to this time zone. Default `UTC`. */
  readonly timeZone?: string;
  /** Shares of a limit that raise an alert, once per window each. Default [0.5, 0.8, 1]. */
  readonly alertThresholds?: readonly number[];
  /** When the store does not answer: refuse the call (`deny`, default) or run it unaccounted (`allow`). */
  readonly onStoreFailure?: 'deny' | 'allow';
  /** How long a reservation survives a process that died before settling. Default 10 minutes. */
  readonly reservationTtlMs?: number;
  readonly attribution?: Attribution;
  readonly onEvent?: ObservabilityEventListener;
}

interface Applicable {
  readonly limit: BudgetLimit;
  readonly budget: BudgetKey;
  readonly scope: string;
}

let reservations = 0;

/**
 * Hard budgets: before a call, its worst case is **reserved** against every budget it falls under (atomically:
 * all or none); it is refused with {@link BudgetExceededError} when it does not fit; afterwards the reservation
 * is settled to the real cost (OpenRouter's `usage.cost`) and the rest released. With the Redis store, N
 * processes together never overspend. Alerts fire once per window at 50 / 80 / 100 %.
 *
 * @example
 * budgetMiddleware({
 *   limits: [{ scope: 'global', window: 'daily', usd: 100 }, { scope: 'user', window: 'monthly', usd: 5 }],
 *   estimateCostUsd: (model, params) => estimateCost(catalog.get(model.modelId), { prompt: params.prompt, maxOutputTokens: params.maxOutputTokens }).usd,
 * });
 */
export function budgetMiddleware(options: BudgetOptions): LanguageModelMiddleware {
  const store = options.store ?? createMemoryBudgetStore();
  const thresholds = options.alertThresholds ?? [0.5, 0.8, 1];
  const timeZone = options.timeZone ?? 'UTC';
  const ttlMs = options.reservationTtlMs ?? 600_000;

  const applicable = (attribution: Attribution, now: number): Applicable[] => {
    const found: Applicable[] = [];
    for (const limit of options.limits) {
      const values =
        limit.scope === 'global'
          ? ['all']
          : limit.scope === 'tag'
            ? (attribution.tags ?? [])
            : [attribution[limit.scope]].filter((value): value is string => typeof value === 'string');
      for (const value of values) {
        if (limit.value !== undefined && value !== limit.value) continue;
        const span = windowSpan(limit.window, now, timeZone);
        const scope = limit.scope === 'global' ? 'global' : `${limit.scope}:${value}`;
        found.push({
          limit,
          scope,
          budget: { key: `${scope}|${span.label}`, limitNano: toNanoUsd(limit.usd), expiresAt: span.end },
        });
      }
    }
    return found;
  };

  async function reserve(model: LanguageModelV4, params: LanguageModelV4CallOptions) {
    const now = Date.now();
    const budgets = applicable(attributionOf(params, options.attribution), now);
    if (budgets.length === 0) return undefined;
    const worstUsd = options.estimateCostUsd?.(model, params) ?? options.defaultReservationUsd ?? 0.05;
    const id = `${process.pid}-${now}-${++reservations}`;
    let result: Awaited<ReturnType<BudgetStore['reserve']>>;
    try {
      result = await store.reserve({
        id,
        keys: budgets.map((entry) => entry.budget),
        amountNano: toNanoUsd(worstUsd),
        now,
        ttlMs,
      });
    } catch (error) {
      options.onEvent?.({
        type: 'budget-store-unavailable',
        error: error as Error,
        decision: options.onStoreFailure === 'allow' ? 'allowed' : 'denied',
      });
      if (options.onStoreFailure === 'allow') return undefined;
      throw new BudgetUnavailableError(error);
    }
    if (!result.ok) {
      const refused = result;
      const entry = budgets.find((candidate) => candidate.budget.key === refused.key) ?? budgets[0];
      const facts = {
        scope: entry?.scope ?? 'global',
        window: entry?.limit.window ?? 'daily',
        limitUsd: refused.limitNano / 1e9,
        spentUsd: refused.spentNano / 1e9,
        reservedUsd: refused.reservedNano / 1e9,
        requestedUsd: worstUsd,
        resetAt: entry?.budget.expiresAt ?? now,
      };
      options.onEvent?.({ type: 'budget-rejected', ...facts });
      throw new BudgetExceededError(facts);
    }
    return { id, budgets, amountUsd: worstUsd };
  }

  async function settle(reservation: Awaited<ReturnType<typeof reserve>>, costUsd: number) {
    if (!reservation) return;
    const now = Date.now();
    try {
      const spent = await store.settle({
        id: reservation.id,
        keys: reservation.budgets.map((entry) => entry.budget),
        actualNano: toNanoUsd(costUsd),
        now,
      });
      for (const [index, entry] of reservation.budgets.entries()) {
        const spentNano = spent[index] ?? 0;
        const share = spentNano / entry.budget.limitNano;
        for (const threshold of thresholds) {
          // Only a crossed threshold costs a store call; alerts fire once per window across processes.
          if (
            share >= threshold &&
            (await store.markAlert(entry.budget.key, threshold, entry.budget.expiresAt))
          ) {
            options.onEvent?.({
              type: 'budget-alert',
              scope: entry.scope,
              window: entry.limit.window,
              threshold,
              spentUsd: spentNano / 1e9,
              limitUsd: entry.limit.usd,
            });
          }
        }
      }
    } catch (error) {
      // The reservation lease expires on its own; the spend may be undercounted by this call, and we say so.
      options.onEvent?.({ type: 'budget-store-unavailable', error: error as Error, decision: 'settle-lost' });
    }
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
  ) =>
    reportedCost(usage?.raw, metadata)?.costUsd ??
    (usage
      ? options.costFromUsage?.(model, {
          inputTokens: usage.inputTokens.total ?? 0,
          outputTokens: usage.outputTokens.total ?? 0,
          cacheReadTokens: usage.inputTokens.cacheRead ?? 0,
        })
      : undefined) ??
    0;

  return {
    specificationVersion: 'v4',
    async wrapGenerate({ model, params, doGenerate }) {
      const reservation = await reserve(model as LanguageModelV4, params);
      try {
        const result = await doGenerate();
        await settle(reservation, costOf(model.modelId, result.usage, result.providerMetadata));
        return result;
      } catch (error) {
        await settle(reservation, 0);
        throw error;
      }
    },
    async wrapStream({ model, params, doStream }) {
      const reservation = await reserve(model as LanguageModelV4, params);
      let result: Awaited<ReturnType<typeof doStream>>;
      try {
        result = await doStream();
      } catch (error) {
        await settle(reservation, 0);
        throw error;
      }
      let costUsd: number | undefined;
      let settled = false;
      let sawContent = false;
      const finish = (amount: number) => {
        if (settled) return;
        settled = true;
        void settle(reservation, amount);
      };
      const meter = new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
        transform(part, controller) {
          if (part.type === 'finish') costUsd = costOf(model.modelId, part.usage, part.providerMetadata);
          else if (part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-call')
            sawContent = true;
          controller.enqueue(part);
          // A consumer may stop reading after an error part: settle now. Before any content nothing was generated
          // (OpenRouter charges nothing); after it the cost is unknown, so the reservation is kept.
          if (part.type === 'error') finish(costUsd ?? (sawContent ? (reservation?.amountUsd ?? 0) : 0));
        },
        flush() {
          finish(costUsd ?? 0);
        },
      });
      const stream = result.stream.pipeThrough(meter);
      // An aborted stream reported no cost: keep the whole reservation as spent, so the budget never undercounts.
      const reader = stream.getReader();
      return {
        ...result,
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          async pull(controller) {
            const read = await reader.read();
            if (read.done) controller.close();
            else controller.enqueue(read.value);
          },
          cancel(reason) {
            finish(costUsd ?? reservation?.amountUsd ?? 0);
            return reader.cancel(reason);
          },
        }),
      };
    },
  };
}
