import { formatUsd, parseUsd } from '@orkit/config/usd';
import {
  CALL_OUTCOMES,
  type CallOutcome,
  COST_SOURCES,
  type CostSource,
  type UsageRecord,
} from './usage-record.js';

/** The columns of a ledger row, in insert order. Shared by the SQLite and PostgreSQL ledgers. */
export const LEDGER_COLUMNS = [
  'id',
  'started_at',
  'operation',
  'requested_model',
  'answered_model',
  'generation_id',
  'provider',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_pico',
  'cost_source',
  'byok',
  'latency_ms',
  'ttft_ms',
  'finish_reason',
  'outcome',
  'error_kind',
  'error_message',
  'agent',
  'user_id',
  'tenant',
  'api_key',
  'tags',
  'call_id',
] as const;

type Cell = string | number | bigint | null;

/** A record as row values (in `LEDGER_COLUMNS` order); money as integer picodollars, tags as JSON. */
export function recordToRow(record: UsageRecord): Cell[] {
  const attribution = record.attribution;
  return [
    record.id,
    record.startedAt,
    record.operation,
    record.requestedModel,
    record.answeredModel ?? null,
    record.generationId ?? null,
    record.provider ?? null,
    record.inputTokens,
    record.cacheReadTokens,
    record.cacheWriteTokens,
    record.outputTokens,
    record.reasoningTokens,
    parseUsd(record.costUsd),
    record.costSource,
    record.byok ? 1 : 0,
    record.latencyMs,
    record.timeToFirstTokenMs ?? null,
    record.finishReason ?? null,
    record.outcome,
    record.errorKind ?? null,
    record.errorMessage ?? null,
    attribution.agent ?? null,
    attribution.user ?? null,
    attribution.tenant ?? null,
    attribution.key ?? null,
    attribution.tags?.length ? JSON.stringify(attribution.tags) : null,
    attribution.callId ?? null,
  ];
}

const optionalText = (value: unknown) => (typeof value === 'string' ? value : undefined);
const count = (value: unknown, name: string) => {
  const number =
    typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0)
    throw new Error(`${name} is not a whole number`);
  return number;
};

/**
 * A stored row back as a record, or the reason it cannot be read. A damaged row is reported and skipped by the
 * ledgers, never deleted: the data stays for a person to look at.
 */
export function rowToRecord(row: Record<string, unknown>): UsageRecord | { readonly damaged: string } {
  try {
    const outcome = row.outcome as CallOutcome;
    if (!CALL_OUTCOMES.includes(outcome)) throw new Error(`unknown outcome '${String(row.outcome)}'`);
    const costSource = row.cost_source as CostSource;
    if (!COST_SOURCES.includes(costSource))
      throw new Error(`unknown cost source '${String(row.cost_source)}'`);
    if (row.operation !== 'generate' && row.operation !== 'stream')
      throw new Error(`unknown operation '${String(row.operation)}'`);
    if (typeof row.id !== 'string' || typeof row.requested_model !== 'string')
      throw new Error('id or requested_model missing');
    const pico = row.cost_pico;
    if (typeof pico !== 'bigint' && typeof pico !== 'string' && typeof pico !== 'number')
      throw new Error('cost_pico missing');
    const cost = typeof pico === 'number' ? (Number.isSafeInteger(pico) ? BigInt(pico) : Number.NaN) : pico;
    if (typeof cost === 'number') throw new Error('cost_pico is not a whole number');
    const tags = row.tags === null || row.tags === undefined ? undefined : JSON.parse(String(row.tags));
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((tag) => typeof tag === 'string')))
      throw new Error('tags are not a list of strings');
    const attribution: {
      agent?: string;
      user?: string;
      tenant?: string;
      key?: string;
      tags?: string[];
      callId?: string;
    } = {};
    if (typeof row.agent === 'string') attribution.agent = row.agent;
    if (typeof row.user_id === 'string') attribution.user = row.user_id;
    if (typeof row.tenant === 'string') attribution.tenant = row.tenant;
    if (typeof row.api_key === 'string') attribution.key = row.api_key;
    if (tags?.length) attribution.tags = tags;
    if (typeof row.call_id === 'string') attribution.callId = row.call_id;
    return {
      id: row.id,
      startedAt: count(row.started_at, 'started_at'),
      operation: row.operation,
      requestedModel: row.requested_model,
      answeredModel: optionalText(row.answered_model),
      generationId: optionalText(row.generation_id),
      provider: optionalText(row.provider),
      inputTokens: count(row.input_tokens, 'input_tokens'),
      cacheReadTokens: count(row.cache_read_tokens, 'cache_read_tokens'),
      cacheWriteTokens: count(row.cache_write_tokens, 'cache_write_tokens'),
      outputTokens: count(row.output_tokens, 'output_tokens'),
      reasoningTokens: count(row.reasoning_tokens, 'reasoning_tokens'),
      costUsd: formatUsd(BigInt(cost)),
      costSource,
      byok: Number(row.byok) === 1 || row.byok === true,
      latencyMs: count(row.latency_ms, 'latency_ms'),
      timeToFirstTokenMs:
        row.ttft_ms === null || row.ttft_ms === undefined ? undefined : count(row.ttft_ms, 'ttft_ms'),
      finishReason: optionalText(row.finish_reason),
      outcome,
      errorKind: optionalText(row.error_kind),
      errorMessage: optionalText(row.error_message),
      attribution,
    };
  } catch (error) {
    return { damaged: (error as Error).message };
  }
}
