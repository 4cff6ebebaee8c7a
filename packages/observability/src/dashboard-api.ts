import { maskSecret, maskUrlCredentials } from '@orkit/config';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import type { BudgetLimit } from './applicable-budgets.js';
import { budgetViews } from './dashboard-budgets.js';
import { type Ledger, type LedgerQuery, sumTotals } from './ledger.js';
import { LEDGER_EVENT_TYPES, type LedgerEvent, type LedgerEventType } from './ledger-events.js';
import {
  EVENT_FILTERS,
  type LedgerInsights,
  SERIES_BUCKETS,
  SERIES_STACKS,
  type SeriesBucket,
  type SeriesStack,
} from './ledger-insights.js';
import { LedgerQueryError } from './observability-errors.js';
import { CALL_OUTCOMES, type CallOutcome, type UsageRecord } from './usage-record.js';

/** A ledger the dashboard can read: the SQLite and PostgreSQL ledgers. */
export type DashboardLedger = Ledger & { readonly insights: LedgerInsights };

/** A JSON answer: status and body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

const FILTERS = ['from', 'to', 'agent', 'model', 'user', 'tenant', 'tag', 'outcome'] as const;
const TEXT_LIMIT = 200;

/** Reads `from`/`to` as epoch ms or an ISO 8601 date. */
function instant(name: string, value: string): number {
  const number = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(number) || number < 0)
    throw new LedgerQueryError(
      name,
      `must be epoch milliseconds or an ISO 8601 date, got '${value.slice(0, 40)}'`,
    );
  return number;
}

/** The filters of a request as a ledger query; unknown parameters are refused by name. */
export function queryOf(params: URLSearchParams, extra: readonly string[] = []): LedgerQuery {
  for (const name of params.keys())
    if (!(FILTERS as readonly string[]).includes(name) && !extra.includes(name) && name !== 'token')
      throw new LedgerQueryError(
        name,
        `is not a parameter here (known: ${[...FILTERS, ...extra].join(', ')})`,
      );
  const query: { -readonly [K in keyof LedgerQuery]: LedgerQuery[K] } = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value === null || value === '') continue;
    if (value.length > TEXT_LIMIT)
      throw new LedgerQueryError(name, `is longer than ${TEXT_LIMIT} characters`);
    if (name === 'from' || name === 'to') query[name] = instant(name, value);
    else if (name === 'outcome') {
      if (!CALL_OUTCOMES.includes(value as CallOutcome))
        throw new LedgerQueryError('outcome', `must be one of ${CALL_OUTCOMES.join(', ')}, got '${value}'`);
      query.outcome = value as CallOutcome;
    } else query[name] = value;
  }
  if (query.from !== undefined && query.to !== undefined && query.to <= query.from)
    throw new LedgerQueryError('to', `must be after 'from'`);
  return query;
}

function choice<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = params.get(name);
  if (value === null || value === '') return fallback;
  if (!allowed.includes(value as T))
    throw new LedgerQueryError(name, `must be one of ${allowed.join(', ')}, got '${value.slice(0, 40)}'`);
  return value as T;
}

function limitOf(params: URLSearchParams, most: number): number {
  const value = params.get('limit');
  if (value === null || value === '') return 20;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > most)
    throw new LedgerQueryError(
      'limit',
      `must be a whole number from 1 to ${most}, got '${value.slice(0, 20)}'`,
    );
  return number;
}

const SECRET_IN_TEXT = /\b(sk-[A-Za-z0-9_-]{8,})|\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;

/** Text from a record with every secret masked: keys, bearer tokens, credentials in URLs. */
export function redactText(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s/@]+@[^\s]*/gi, (url) => maskUrlCredentials(url))
    .replace(SECRET_IN_TEXT, (_match, key: string | undefined, bearer: string | undefined) =>
      key ? maskSecret(key) : `${bearer}***`,
    );
}

/** A record as the page may see it: the attributed key masked, error text redacted. */
export function pageRecord(record: UsageRecord): UsageRecord {
  return {
    ...record,
    errorMessage: record.errorMessage === undefined ? undefined : redactText(record.errorMessage),
    attribution: {
      ...record.attribution,
      ...(record.attribution.key ? { key: maskSecret(record.attribution.key) } : {}),
    },
  };
}

/** An event as the page may see it: its text redacted. */
export function pageEvent(event: LedgerEvent): LedgerEvent {
  return { ...event, detail: event.detail === undefined ? undefined : redactText(event.detail) };
}

/** What the dashboard API answers from (see `startDashboard`). */
export interface DashboardApiOptions {
  readonly ledger: DashboardLedger;
  readonly budgets?: readonly BudgetLimit[];
  readonly timeZone?: string;
  readonly now?: () => number;
  /**
   * What prompt caching saved on a model's cache tokens, as exact decimal USD (`undefined`: unknown model). The
   * ledger has the tokens but not the prices: pass them, e.g. from `@orkit/model-selection`'s catalog. With it,
   * the summary has `cacheSavedUsd` per model and in total, and the page shows it.
   */
  readonly cacheSavings?: (
    model: string,
    tokens: { readonly cacheReadTokens: number; readonly cacheWriteTokens: number },
  ) => string | undefined;
}

/**
 * Answers one API request (`path` after `/api/`). Bad parameters are 400 with the parameter named; a ledger that
 * cannot be read is 503 with what failed.
 */
export async function answerApi(
  path: string,
  params: URLSearchParams,
  options: DashboardApiOptions,
): Promise<ApiAnswer> {
  const { ledger } = options;
  const now = (options.now ?? Date.now)();
  try {
    switch (path) {
      case 'summary': {
        const query = queryOf(params);
        // The overall figures are the sum of the per-model ones (exact): one pass over the records, not two.
        const models = await ledger.insights.modelStats(query);
        const totals = sumTotals(models);
        if (!options.cacheSavings) return { status: 200, body: { totals, models } };
        let saved = 0n;
        const priced = models.map((row) => {
          const cacheSavedUsd = options.cacheSavings?.(row.model, row);
          if (cacheSavedUsd !== undefined) saved += parseUsd(cacheSavedUsd);
          return cacheSavedUsd === undefined ? row : { ...row, cacheSavedUsd };
        });
        return {
          status: 200,
          body: { totals: { ...totals, cacheSavedUsd: formatUsd(saved) }, models: priced },
        };
      }
      case 'series': {
        const query = queryOf(params, ['bucket', 'stack']);
        const bucket = choice<SeriesBucket>(params, 'bucket', SERIES_BUCKETS, 'hour');
        const stack = choice<SeriesStack>(params, 'stack', SERIES_STACKS, 'model');
        const [series, events] = await Promise.all([
          ledger.insights.series({ ...query, bucket, stack }),
          ledger.insights.eventSeries({ ...query, bucket }),
        ]);
        const ignored = FILTERS.filter(
          (name) => query[name] !== undefined && !(EVENT_FILTERS as readonly string[]).includes(name),
        );
        return { status: 200, body: { bucket, stack, series, events, eventFiltersIgnored: ignored } };
      }
      case 'calls': {
        const query = queryOf(params, ['limit']);
        const { records, skipped } = await ledger.insights.costliest({
          ...query,
          limit: limitOf(params, 500),
        });
        return { status: 200, body: { records: records.map(pageRecord), skipped } };
      }
      case 'events': {
        const query = queryOf(params, ['type', 'limit']);
        const type = choice<LedgerEventType | ''>(params, 'type', ['', ...LEDGER_EVENT_TYPES], '');
        const events = await ledger.insights.events({
          ...query,
          ...(type ? { type } : {}),
          limit: limitOf(params, 1000),
        });
        return { status: 200, body: { events: events.map(pageEvent) } };
      }
      case 'budgets': {
        queryOf(params);
        return {
          status: 200,
          body: {
            now,
            budgets: await budgetViews(ledger, options.budgets ?? [], now, options.timeZone ?? 'UTC'),
          },
        };
      }
      default: {
        if (path.startsWith('calls/')) {
          queryOf(params);
          const detail = await ledger.insights.record(decodeURIComponent(path.slice('calls/'.length)));
          if (!detail) return notFound(`No call with id '${path.slice(6, 80)}' in this ledger.`);
          if ('damaged' in detail) return { status: 200, body: { damaged: detail.damaged } };
          return {
            status: 200,
            body: {
              record: pageRecord(detail.record),
              attempts: detail.attempts.map(pageRecord),
              patches: detail.patches,
            },
          };
        }
        return notFound(
          `No API endpoint '/api/${path.slice(0, 80)}'. Endpoints: summary, series, calls, calls/<id>, events, budgets, stream.`,
        );
      }
    }
  } catch (error) {
    if (LedgerQueryError.isInstance(error))
      return {
        status: 400,
        body: { error: { code: 'bad-parameter', parameter: error.parameter, message: error.message } },
      };
    return {
      status: 503,
      body: {
        error: {
          code: 'ledger-unavailable',
          message: `The ledger could not be read: ${redactText((error as Error).message)}`,
        },
      },
    };
  }
}

function notFound(message: string): ApiAnswer {
  return { status: 404, body: { error: { code: 'not-found', message } } };
}
