import { formatUsd } from '@orkit/config/usd';
import { applicableBudgets, type BudgetStore, type Ledger } from '@orkit/observability';
import type { TenantDirectory } from './tenants.js';

/**
 * What `GET /v1/usage` tells a tenant about itself, and nothing about anyone else: each of its budgets now (limit,
 * spent, reserved by calls in flight, left, when it resets) and its calls and spend over the last 24 hours.
 *
 * @example
 * await tenantUsage('acme', { tenants, budgets: stores.budget, ledger: stores.ledger });
 */
export async function tenantUsage(
  tenant: string,
  sources: { readonly tenants: TenantDirectory; readonly budgets?: BudgetStore; readonly ledger?: Ledger },
) {
  const now = Date.now();
  const budgets = await Promise.all(
    applicableBudgets({ limits: sources.tenants.budgetLimits(), attribution: { tenant }, now }).map(
      async (budget) => {
        const snapshot = await sources.budgets?.snapshot(budget.budget.key, now);
        const spent = snapshot?.spentPico ?? 0n;
        const reserved = snapshot?.reservedPico ?? 0n;
        const left = budget.budget.limitPico - spent - reserved;
        return {
          window: budget.limit.window,
          limitUsd: formatUsd(budget.budget.limitPico),
          spentUsd: formatUsd(spent),
          reservedUsd: formatUsd(reserved),
          leftUsd: formatUsd(left > 0n ? left : 0n),
          resetsAt: new Date(budget.budget.expiresAt).toISOString(),
        };
      },
    ),
  );
  const [totals] = (await sources.ledger?.totals({ tenant, from: now - 24 * 3_600_000 })) ?? [];
  return {
    tenant,
    budgets,
    last24h: totals
      ? { calls: totals.calls, failed: totals.failures, costUsd: totals.costUsd }
      : { calls: 0, failed: 0, costUsd: '0' },
  };
}
