import { formatUsd, parseUsd } from '@orkit/config';
import type { BudgetLimit } from './applicable-budgets.js';
import { windowSpan } from './calendar-window.js';
import { type DashboardLedger, pageEvent } from './dashboard-api.js';
import type { LedgerQuery } from './ledger.js';
import type { LedgerEvent } from './ledger-events.js';
import type { SeriesBucket } from './ledger-insights.js';

/** One budget as the dashboard shows it. */
export interface BudgetView {
  readonly scope: string;
  readonly window: string;
  readonly limitUsd: string;
  readonly spentUsd: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** Spend so far at the end of each bucket of the window (hours for a daily window, days for longer ones). */
  readonly burn: ReadonlyArray<{ readonly at: number; readonly spentUsd: string }>;
  /** When the limit runs out at the window's average rate so far; `null` if it lasts the window. */
  readonly projectedExhaustionAt: number | null;
  readonly alerts: readonly LedgerEvent[];
}

const SCOPE_FILTER = { agent: 'agent', user: 'user', tenant: 'tenant', tag: 'tag' } as const;

/** Each budget's spend, burn, projection and alerts in its current window, read from the ledger. */
export async function budgetViews(
  ledger: DashboardLedger,
  limits: readonly BudgetLimit[],
  now: number,
  timeZone: string,
): Promise<BudgetView[]> {
  const views: BudgetView[] = [];
  for (const limit of limits) {
    if (limit.scope === 'key') continue; // the ledger stores keys masked-for-display only; no per-key filter
    const span = windowSpan(limit.window, now, timeZone);
    const range = { from: span.start, to: span.end };
    let values: Array<string | undefined> = [undefined];
    if (limit.scope !== 'global') {
      if (limit.value !== undefined) values = [limit.value];
      else if (limit.scope === 'tag') values = [];
      else
        values = (await ledger.insights.totals({ ...range, groupBy: limit.scope }))
          .filter((row) => row.group !== null)
          .sort((a, b) => (parseUsd(a.costUsd) < parseUsd(b.costUsd) ? 1 : -1))
          .slice(0, 20)
          .map((row) => String(row.group));
    }
    for (const value of values) {
      const query: LedgerQuery =
        limit.scope === 'global' || value === undefined
          ? range
          : { ...range, [SCOPE_FILTER[limit.scope]]: value };
      const scope = limit.scope === 'global' ? 'global' : `${limit.scope}:${value}`;
      const bucket: SeriesBucket = limit.window === 'daily' ? 'hour' : 'day';
      const [series, alerts] = await Promise.all([
        ledger.insights.spend({ ...query, bucket }),
        ledger.insights.events({ ...range, type: 'budget-alert', limit: 50 }),
      ]);
      let spent = 0n;
      const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
      const burn = series.map((row) => {
        spent += parseUsd(row.costUsd);
        return { at: Math.min(row.bucket + size, span.end), spentUsd: formatUsd(spent) };
      });
      const limitPico = parseUsd(limit.usd);
      const elapsed = Math.max(1, Math.min(now, span.end) - span.start);
      const projected =
        spent === 0n
          ? null
          : spent >= limitPico
            ? (burn.find((point) => parseUsd(point.spentUsd) >= limitPico)?.at ?? now)
            : now + Number(((limitPico - spent) * BigInt(elapsed)) / spent);
      views.push({
        scope,
        window: limit.window,
        limitUsd: formatUsd(limitPico),
        spentUsd: formatUsd(spent),
        windowStart: span.start,
        windowEnd: span.end,
        burn,
        projectedExhaustionAt: projected !== null && projected < span.end ? projected : null,
        alerts: alerts.filter((event) => event.scope === scope).map(pageEvent),
      });
    }
  }
  return views;
}
