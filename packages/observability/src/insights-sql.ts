import { formatUsd } from '@orkit/config/usd';
import type { SeriesBucket, SeriesStack } from './ledger-insights.js';
import { LedgerQueryError } from './observability-errors.js';

/** SQL pieces and row readers the insight queries share (SQLite and PostgreSQL alike). */
export const MODEL = 'COALESCE(answered_model, requested_model)';
export const BUCKETS: Record<SeriesBucket, number> = { hour: 3_600_000, day: 86_400_000 };
export const STACKS: Record<Exclude<SeriesStack, 'none'>, string> = {
  tag: 'tags',
  model: MODEL,
  agent: 'agent',
  user: 'user_id',
  tenant: 'tenant',
};
export const MONEY = 'SUM(cost_pico / 1000000) AS cost_micro, SUM(cost_pico % 1000000) AS cost_rest';
export const TOKENS =
  'SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens, SUM(reasoning_tokens) AS reasoning_tokens';
export const FAILURES = "SUM(CASE WHEN outcome = 'success' THEN 0 ELSE 1 END) AS failures";

export const pico = (row: Record<string, unknown>) =>
  BigInt(String(row.cost_micro ?? 0)) * 1_000_000n + BigInt(String(row.cost_rest ?? 0));
export const money = (row: Record<string, unknown>) => formatUsd(pico(row));
export const count = (value: unknown) => Number(value ?? 0);

export function checkChoice<T extends string>(
  name: string,
  value: T | undefined,
  allowed: readonly T[],
): void {
  if (value !== undefined && !allowed.includes(value))
    throw new LedgerQueryError(name, `must be one of ${allowed.join(', ')}, got '${String(value)}'`);
}

export function checkLimit(limit: number | undefined, most: number): number {
  if (limit === undefined) return 20;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > most)
    throw new LedgerQueryError('limit', `must be a whole number from 1 to ${most}, got ${String(limit)}`);
  return limit;
}

export function totals(row: Record<string, unknown>) {
  return { calls: count(row.calls), failures: count(row.failures), costUsd: money(row) };
}
