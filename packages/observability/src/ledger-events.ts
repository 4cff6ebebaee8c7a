import type { SqlDialect } from './ledger-sql.js';

/** The decisions a ledger keeps beside its usage records, so a dashboard can count them over time. */
export type LedgerEventType =
  | 'retry'
  | 'fallback'
  | 'breaker-open'
  | 'breaker-close'
  | 'cache-hit'
  | 'timeout'
  | 'rate-limited'
  | 'circuit-rejected'
  | 'budget-alert'
  | 'budget-rejected';

/** Every kept event type, in the order a dashboard lists them. */
export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = [
  'retry',
  'fallback',
  'breaker-open',
  'breaker-close',
  'cache-hit',
  'timeout',
  'rate-limited',
  'circuit-rejected',
  'budget-alert',
  'budget-rejected',
];

/** One kept decision. */
export interface LedgerEvent {
  /** Epoch ms. */
  readonly at: number;
  readonly type: LedgerEventType;
  /** The model it was about (for a fallback: the model it fell back from). */
  readonly model?: string | undefined;
  readonly agent?: string | undefined;
  /** A budget's scope (`global`, `agent:reviewer`) or a breaker's key. */
  readonly scope?: string | undefined;
  /** One line for a person: `to openai/gpt-5-mini`, `80% of $1 spent`. */
  readonly detail?: string | undefined;
}

/**
 * Schema version 2 of both SQL ledgers: the events table, the time index made to carry the cost, and each attempt's
 * call id. Run once, in the migration's transaction (SQLite has no `ADD COLUMN IF NOT EXISTS`).
 */
export function ledgerEventsSchema(dialect: SqlDialect): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS orkit_events (
      at ${dialect.bigint} NOT NULL,
      type TEXT NOT NULL,
      model TEXT,
      agent TEXT,
      scope TEXT,
      detail TEXT
    )`,
    'CREATE INDEX IF NOT EXISTS orkit_events_at ON orkit_events (at)',
    'CREATE INDEX IF NOT EXISTS orkit_events_type ON orkit_events (type, at)',
    // For the dashboard: spend over time read from the time index alone (it carries the cost, so a budget's burn
    // never reads the rows). It replaces the time index, so appends maintain no more indexes than before.
    'CREATE INDEX IF NOT EXISTS orkit_usage_started_cost ON orkit_usage (started_at, cost_pico)',
    'DROP INDEX IF EXISTS orkit_usage_started',
    // The call an attempt belongs to, so a record opens with its retries and fallbacks.
    `ALTER TABLE orkit_usage ADD COLUMN ${dialect.addColumnIfNotExists ? 'IF NOT EXISTS ' : ''}call_id TEXT`,
    'CREATE INDEX IF NOT EXISTS orkit_usage_call ON orkit_usage (call_id)',
  ];
}

/** The columns of an events row, in insert order. */
export const EVENT_COLUMNS = ['at', 'type', 'model', 'agent', 'scope', 'detail'] as const;

/** An event as row values, in {@link EVENT_COLUMNS} order. */
export function eventToRow(event: LedgerEvent): Array<string | number | null> {
  if (!Number.isSafeInteger(event.at) || !LEDGER_EVENT_TYPES.includes(event.type))
    throw new TypeError(`Not a ledger event: at=${String(event.at)}, type=${String(event.type)}.`);
  return [
    event.at,
    event.type,
    event.model ?? null,
    event.agent ?? null,
    event.scope ?? null,
    event.detail?.slice(0, 500) ?? null,
  ];
}

/** `openrouter:openai/gpt-5` (a store key) → `openai/gpt-5`; a model id (which may hold `:free`) is kept whole. */
export function modelOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon > 0 && !key.slice(0, colon).includes('/') ? key.slice(colon + 1) : key;
}

/** The fields of `@orkit/resilience` and `@orkit/observability` events this module reads (structural). */
interface EventLike {
  readonly type: string;
  readonly model?: string;
  readonly key?: string;
  readonly from?: string;
  readonly to?: string;
  readonly attempt?: number;
  readonly delayMs?: number;
  readonly kind?: string;
  readonly dimension?: string;
  readonly scope?: string;
  readonly threshold?: number;
  readonly spentUsd?: string;
  readonly limitUsd?: string;
  readonly requestedUsd?: string;
  readonly window?: string;
}

/**
 * The ledger event a resilience, cache or budget event becomes, or `undefined` for the many events not worth
 * keeping (attempts, waits, misses, stores).
 *
 * @example
 * ledgerEventOf({ type: 'retry', model: 'openrouter:openai/gpt-5', attempt: 1, delayMs: 200 }, { agent: 'reviewer', now: Date.now() });
 * // { type: 'retry', model: 'openai/gpt-5', agent: 'reviewer', detail: 'attempt 1 failed, next in 200 ms', at }
 */
export function ledgerEventOf(
  event: EventLike,
  context: { readonly agent?: string | undefined; readonly now: number },
): LedgerEvent | undefined {
  const base = { at: context.now, agent: context.agent };
  switch (event.type) {
    case 'retry':
      return {
        ...base,
        type: 'retry',
        model: modelOfKey(event.model ?? ''),
        detail: `attempt ${event.attempt} failed, next in ${event.delayMs} ms`,
      };
    case 'fallback':
      return { ...base, type: 'fallback', model: event.from, detail: `to ${event.to}` };
    case 'breaker':
      if (event.to !== 'open' && event.to !== 'closed') return undefined;
      return {
        ...base,
        type: event.to === 'open' ? 'breaker-open' : 'breaker-close',
        model: modelOfKey(event.key ?? ''),
        scope: event.key,
      };
    case 'cache-hit':
      return { ...base, type: 'cache-hit', model: event.model };
    case 'timeout':
      return { ...base, type: 'timeout', model: modelOfKey(event.model ?? ''), detail: event.kind };
    case 'rate-limit-reject':
      return {
        ...base,
        type: 'rate-limited',
        model: modelOfKey(event.key ?? ''),
        scope: event.key,
        detail: event.dimension,
      };
    case 'circuit-reject':
      return { ...base, type: 'circuit-rejected', model: modelOfKey(event.key ?? ''), scope: event.key };
    case 'budget-alert':
      return {
        ...base,
        type: 'budget-alert',
        scope: event.scope,
        detail: `${Math.round((event.threshold ?? 0) * 100)}% of the ${event.window} $${event.limitUsd} spent ($${event.spentUsd})`,
      };
    case 'budget-rejected':
      return {
        ...base,
        type: 'budget-rejected',
        scope: event.scope,
        detail: `needed $${event.requestedUsd}, ${event.window} limit $${event.limitUsd}, spent $${event.spentUsd}`,
      };
    default:
      return undefined;
  }
}

/** A ledger that keeps events (both SQL ledgers do). */
export interface EventLedger {
  appendEvent(event: LedgerEvent): void | Promise<void>;
}

/**
 * A listener that keeps the events worth counting (retries, fallbacks, breaker openings, cache hits, timeouts,
 * budget alerts …) in the ledger, for the dashboard. Pass it as `onEvent` to resilience, cache, fallback and
 * budget middleware; `buildAgentModel` in `@orkit/mastra-agents` does this by itself when its ledger keeps events.
 * Writing an event never fails a call: a failed write is dropped (the usage records are what money rests on).
 *
 * @example
 * const onEvent = recordLedgerEvents(ledger, { agent: 'reviewer' });
 * resilienceMiddleware({ retry: {}, onEvent });
 */
export function recordLedgerEvents(
  ledger: EventLedger,
  options: { readonly agent?: string; readonly now?: () => number } = {},
): (event: EventLike) => void {
  const now = options.now ?? Date.now;
  return (event) => {
    const kept = ledgerEventOf(event, { agent: options.agent, now: now() });
    if (!kept) return;
    try {
      const written = ledger.appendEvent(kept);
      if (written instanceof Promise) written.catch(() => undefined);
    } catch {
      // Dropped, as documented: an event is a convenience, never a reason to fail a call.
    }
  };
}
