import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { LedgerGroupBy, LedgerQuery, LedgerTotals, RecordPatch } from './ledger.js';
import { LedgerQueryError } from './observability-errors.js';
import { CALL_OUTCOMES } from './usage-record.js';

/**
 * The SQL both ledgers share (SQLite and PostgreSQL speak the same subset here); only types and placeholders
 * differ, and each ledger passes its own.
 */
export interface SqlDialect {
  /** The n-th placeholder (1-based): `?` for SQLite, `$n` for PostgreSQL. */
  readonly placeholder: (index: number) => string;
  /** The integer type for picodollars and epoch milliseconds. */
  readonly bigint: string;
  /** Whether `percentile_disc` (nearest-rank percentiles in the aggregate) exists: PostgreSQL yes, SQLite no. */
  readonly percentileDisc?: boolean;
  /** Whether `ALTER TABLE … ADD COLUMN IF NOT EXISTS` exists: PostgreSQL yes, SQLite no. */
  readonly addColumnIfNotExists?: boolean;
}

/** The tables and indexes of schema version 1. Every statement is idempotent. */
export function ledgerSchema(dialect: SqlDialect): string[] {
  const big = dialect.bigint;
  return [
    `CREATE TABLE IF NOT EXISTS orkit_usage (
      id TEXT PRIMARY KEY,
      started_at ${big} NOT NULL,
      operation TEXT NOT NULL,
      requested_model TEXT NOT NULL,
      answered_model TEXT,
      generation_id TEXT,
      provider TEXT,
      input_tokens ${big} NOT NULL,
      cache_read_tokens ${big} NOT NULL,
      cache_write_tokens ${big} NOT NULL,
      output_tokens ${big} NOT NULL,
      reasoning_tokens ${big} NOT NULL,
      cost_pico ${big} NOT NULL,
      cost_source TEXT NOT NULL,
      byok INTEGER NOT NULL,
      latency_ms ${big} NOT NULL,
      ttft_ms ${big},
      finish_reason TEXT,
      outcome TEXT NOT NULL,
      error_kind TEXT,
      error_message TEXT,
      agent TEXT,
      user_id TEXT,
      tenant TEXT,
      api_key TEXT,
      tags TEXT
    )`,
    'CREATE INDEX IF NOT EXISTS orkit_usage_started ON orkit_usage (started_at)',
    'CREATE INDEX IF NOT EXISTS orkit_usage_requested ON orkit_usage (requested_model, started_at)',
    'CREATE INDEX IF NOT EXISTS orkit_usage_answered ON orkit_usage (answered_model, started_at)',
    'CREATE INDEX IF NOT EXISTS orkit_usage_agent ON orkit_usage (agent, started_at)',
    'CREATE INDEX IF NOT EXISTS orkit_usage_user ON orkit_usage (user_id, started_at)',
    'CREATE INDEX IF NOT EXISTS orkit_usage_tenant ON orkit_usage (tenant, started_at)',
    `CREATE TABLE IF NOT EXISTS orkit_usage_tags (
      tag TEXT NOT NULL,
      started_at ${big} NOT NULL,
      record_id TEXT NOT NULL,
      PRIMARY KEY (tag, started_at, record_id)
    )`,
    `CREATE TABLE IF NOT EXISTS orkit_usage_patches (
      record_id TEXT NOT NULL,
      patched_at ${big} NOT NULL,
      fields TEXT NOT NULL
    )`,
    'CREATE INDEX IF NOT EXISTS orkit_usage_patches_record ON orkit_usage_patches (record_id)',
  ];
}

/** Validates a query from outside (an API, a CLI): a bad value is a typed error naming the parameter. */
export function checkLedgerQuery(query: LedgerQuery & { groupBy?: LedgerGroupBy }): void {
  for (const name of ['from', 'to'] as const) {
    const value = query[name];
    if (value !== undefined && !Number.isSafeInteger(value))
      throw new LedgerQueryError(name, `must be epoch milliseconds (a whole number), got ${String(value)}`);
  }
  if (query.from !== undefined && query.to !== undefined && query.to < query.from)
    throw new LedgerQueryError('to', `is before 'from' (${query.to} < ${query.from})`);
  if (query.outcome !== undefined && !CALL_OUTCOMES.includes(query.outcome))
    throw new LedgerQueryError('outcome', `must be one of ${CALL_OUTCOMES.join(', ')}`);
  if (query.groupBy !== undefined && !(query.groupBy in GROUPS))
    throw new LedgerQueryError('groupBy', `must be one of ${Object.keys(GROUPS).join(', ')}`);
}

/** A WHERE clause (with its parameters) for a query; parameters are numbered from `first`. */
export function ledgerWhere(
  query: LedgerQuery,
  dialect: SqlDialect,
  first = 1,
): { sql: string; params: Array<string | number> } {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  const next = (value: string | number) => {
    params.push(value);
    return dialect.placeholder(first + params.length - 1);
  };
  if (query.from !== undefined) clauses.push(`started_at >= ${next(query.from)}`);
  if (query.to !== undefined) clauses.push(`started_at < ${next(query.to)}`);
  if (query.model !== undefined)
    clauses.push(`(requested_model = ${next(query.model)} OR answered_model = ${next(query.model)})`);
  if (query.agent !== undefined) clauses.push(`agent = ${next(query.agent)}`);
  if (query.user !== undefined) clauses.push(`user_id = ${next(query.user)}`);
  if (query.tenant !== undefined) clauses.push(`tenant = ${next(query.tenant)}`);
  if (query.outcome !== undefined) clauses.push(`outcome = ${next(query.outcome)}`);
  if (query.tag !== undefined) {
    // Placeholders in the order they appear (SQLite's `?` are positional).
    let inner = `t.tag = ${next(query.tag)}`;
    if (query.from !== undefined) inner += ` AND t.started_at >= ${next(query.from)}`;
    if (query.to !== undefined) inner += ` AND t.started_at < ${next(query.to)}`;
    clauses.push(`id IN (SELECT t.record_id FROM orkit_usage_tags t WHERE ${inner})`);
  }
  return { sql: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

const GROUPS: Record<LedgerGroupBy, string> = {
  model: 'COALESCE(answered_model, requested_model)',
  agent: 'agent',
  user: 'user_id',
  tenant: 'tenant',
  outcome: 'outcome',
  hour: 'started_at - (started_at % 3600000)',
  day: 'started_at - (started_at % 86400000)',
};

/**
 * The totals query. Money is summed as whole microdollars and the picodollars under them, separately: each sum
 * stays far inside 64 bits (SQLite's SUM of integers fails on overflow past $9.2 million of picodollars), and the
 * two add up exactly in `bigint`.
 */
export function ledgerTotalsSql(query: LedgerQuery & { groupBy?: LedgerGroupBy }, dialect: SqlDialect) {
  const where = ledgerWhere(query, dialect);
  const group = query.groupBy ? GROUPS[query.groupBy] : 'NULL';
  const sql = `SELECT ${group} AS grp, COUNT(*) AS calls,
    SUM(CASE WHEN outcome = 'success' THEN 0 ELSE 1 END) AS failures,
    SUM(cost_pico / 1000000) AS cost_micro, SUM(cost_pico % 1000000) AS cost_rest,
    SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
    SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens,
    SUM(reasoning_tokens) AS reasoning_tokens
    FROM orkit_usage${where.sql}${query.groupBy ? ` GROUP BY ${group} ORDER BY ${group}` : ''}`;
  return { sql, params: where.params };
}

/** A patch as column assignments (and the JSON kept in the patch history). */
export function patchColumns(patch: RecordPatch): Array<[string, string | number | bigint | null]> {
  const columns: Array<[string, string | number | bigint | null]> = [];
  if (patch.costUsd !== undefined) columns.push(['cost_pico', parseUsd(patch.costUsd)]);
  if (patch.costSource !== undefined) columns.push(['cost_source', patch.costSource]);
  if (patch.answeredModel !== undefined) columns.push(['answered_model', patch.answeredModel]);
  if (patch.byok !== undefined) columns.push(['byok', patch.byok ? 1 : 0]);
  if (patch.finishReason !== undefined) columns.push(['finish_reason', patch.finishReason]);
  return columns;
}

/**
 * Rows of the totals query as {@link LedgerTotals}, whichever driver read them (SQLite gives `bigint`s, `pg` gives
 * strings for `BIGINT` and `NUMERIC`).
 */
export function totalsFromRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  groupBy: LedgerGroupBy | undefined,
): LedgerTotals[] {
  const numericGroup = groupBy === 'hour' || groupBy === 'day';
  const whole = (value: unknown) => BigInt(String(value ?? 0));
  return rows
    .filter((row) => Number(row.calls) > 0)
    .map((row) => ({
      group:
        row.grp === null || row.grp === undefined ? null : numericGroup ? Number(row.grp) : String(row.grp),
      calls: Number(row.calls),
      failures: Number(row.failures),
      costUsd: formatUsd(whole(row.cost_micro) * 1_000_000n + whole(row.cost_rest)),
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      cacheReadTokens: Number(row.cache_read_tokens),
      cacheWriteTokens: Number(row.cache_write_tokens),
      reasoningTokens: Number(row.reasoning_tokens),
    }));
}
