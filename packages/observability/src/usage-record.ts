/**
 * How a call ended. `abandoned`: the caller stopped reading a stream without cancelling it; it is recorded with the
 * reservation's estimate as its cost (`costSource: 'estimated'`) until `reconcileCosts` reads what was charged.
 */
export type CallOutcome = 'success' | 'error' | 'aborted' | 'abandoned';

/** Every outcome, for validating stored rows and query parameters. */
export const CALL_OUTCOMES: readonly CallOutcome[] = ['success', 'error', 'aborted', 'abandoned'];

/**
 * Where a record's cost came from. `reported`: OpenRouter said so. `estimated`: from the catalog or the
 * reservation (no cost came back). `uncharged`: OpenRouter has no generation for the call (it failed before one
 * was made), so nothing was charged. `none`: not known yet; `reconcileCosts` settles it.
 */
export type CostSource = 'reported' | 'estimated' | 'uncharged' | 'none';

/** Every cost source, for validating stored rows. */
export const COST_SOURCES: readonly CostSource[] = ['reported', 'estimated', 'uncharged', 'none'];

/** Who a call is attributed to. */
export interface Attribution {
  readonly agent?: string;
  readonly user?: string;
  readonly tenant?: string;
  readonly key?: string;
  readonly tags?: readonly string[];
  /** The call this attempt belongs to: every retry and fallback of one call shares it (agents set it). */
  readonly callId?: string;
}

/** One model call (one attempt), recorded exactly. */
export interface UsageRecord {
  /** Unique per record. */
  readonly id: string;
  /** Epoch ms when the call started. */
  readonly startedAt: number;
  readonly operation: 'generate' | 'stream';
  /** The model the call asked for. */
  readonly requestedModel: string;
  /** The model that answered (differs under OpenRouter's server-side `models` fallback). */
  readonly answeredModel: string | undefined;
  readonly generationId: string | undefined;
  readonly provider: string | undefined;
  readonly inputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  /**
   * USD as an exact decimal string (`'0.001146'`): OpenRouter's `usage.cost` (plus the upstream cost under BYOK),
   * else the estimate. Sum with `sumUsd`, or `parseUsd` to picodollars; never add the floats.
   */
  readonly costUsd: string;
  readonly costSource: CostSource;
  /** Whether the key was the user's own provider key (BYOK). */
  readonly byok: boolean;
  readonly latencyMs: number;
  readonly timeToFirstTokenMs: number | undefined;
  readonly finishReason: string | undefined;
  readonly outcome: CallOutcome;
  /** A short error kind (`rate-limited`, `stream-cut`, …) when the call failed. */
  readonly errorKind: string | undefined;
  readonly errorMessage: string | undefined;
  readonly attribution: Attribution;
}

let counter = 0;
const prefix = Math.random().toString(36).slice(2, 8);
let lastMs = 0;
let lastHead = '';

/** A unique record id: the time (so ids sort roughly by time, which keeps index inserts local), a random per-process part, a counter. */
export function newRecordId(): string {
  counter += 1;
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastHead = `${now.toString(36)}-${prefix}-`;
  }
  return lastHead + counter.toString(36);
}

/** What kind of failure a record names: `http-<status>` (the inner code of an in-band error), `aborted`, or the error's name. */
export function errorKindOf(error: unknown): string {
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    statusCode?: number;
    data?: { code?: number; error?: { code?: number } };
    code?: number;
  };
  if (record.name === 'AbortError') return 'aborted';
  const status =
    record.statusCode === 200 || record.statusCode === undefined
      ? (record.data?.code ?? record.data?.error?.code ?? record.code ?? record.statusCode)
      : record.statusCode;
  if (typeof status === 'number') return `http-${status}`;
  return record.name ?? 'error';
}

/** Error names that mean the caller aborted. */
export const ABORT_NAMES: ReadonlySet<string> = new Set(['AbortError', 'ResponseAborted']);
