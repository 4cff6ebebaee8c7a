import { parseUsd } from '@orkit/config/usd';
import type { BudgetKey } from './budget-store.js';
import { type BudgetWindow, windowSpan } from './calendar-window.js';
import type { Attribution } from './usage-record.js';

/** A spend limit: a scope (everything, or per key, agent, user, tenant or tag) in a calendar window. */
export interface BudgetLimit {
  readonly scope: 'global' | 'key' | 'agent' | 'user' | 'tenant' | 'tag';
  readonly window: BudgetWindow;
  /** The limit in USD: a number (read as the decimal it prints as) or an exact decimal string. */
  readonly usd: number | string;
  /** Only this value of the scope (e.g. one agent); default: each value gets its own budget. */
  readonly value?: string;
}

/** One budget a call counts against: its limit, the store key of the current window, and the scope's name. */
export interface ApplicableBudget {
  readonly limit: BudgetLimit;
  readonly budget: BudgetKey;
  /** `global`, or `<scope>:<value>` such as `agent:reviewer`. */
  readonly scope: string;
}

/**
 * The budgets a call with this attribution counts against at `now`: every limit whose scope the call has a value
 * for (each tag for `tag`), keyed by scope and calendar window, so a new window starts a new key.
 *
 * @example
 * applicableBudgets({ limits, attribution: { agent: 'reviewer' }, now: Date.now() });
 * // [{ scope: 'global', budget: { key: 'global|daily:2026-12-07', limitPico, expiresAt }, limit }, ...]
 */
export function applicableBudgets(input: {
  readonly limits: readonly BudgetLimit[];
  /** The limits in picodollars, if already parsed (in `limits` order). */
  readonly limitsPico?: readonly bigint[];
  readonly attribution: Attribution;
  readonly now: number;
  readonly timeZone?: string;
}): ApplicableBudget[] {
  const found: ApplicableBudget[] = [];
  for (const [index, limit] of input.limits.entries()) {
    const values =
      limit.scope === 'global'
        ? ['all']
        : limit.scope === 'tag'
          ? (input.attribution.tags ?? [])
          : [input.attribution[limit.scope]].filter((value): value is string => typeof value === 'string');
    for (const value of values) {
      if (limit.value !== undefined && value !== limit.value) continue;
      const span = windowSpan(limit.window, input.now, input.timeZone ?? 'UTC');
      const scope = limit.scope === 'global' ? 'global' : `${limit.scope}:${value}`;
      found.push({
        limit,
        scope,
        budget: {
          key: `${scope}|${span.label}`,
          limitPico: input.limitsPico?.[index] ?? parseUsd(limit.usd),
          expiresAt: span.end,
        },
      });
    }
  }
  return found;
}
