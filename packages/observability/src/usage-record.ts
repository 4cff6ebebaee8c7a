/** How a call ended. */
export type CallOutcome = 'success' | 'error' | 'aborted';

/** Who a call is attributed to. */
export interface Attribution {
  readonly agent?: string;
  readonly user?: string;
  readonly tenant?: string;
  readonly key?: string;
  readonly tags?: readonly string[];
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
  /** USD: OpenRouter's `usage.cost` (plus the upstream cost under BYOK), else the estimate. */
  readonly costUsd: number;
  /** `reported`: OpenRouter said so. `estimated`: from the catalog (no cost came back). `none`: neither. */
  readonly costSource: 'reported' | 'estimated' | 'none';
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

/** A unique record id. */
export function newRecordId(): string {
  counter += 1;
  return `${Date.now().toString(36)}-${prefix}-${counter.toString(36)}`;
}
