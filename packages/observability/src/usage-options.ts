import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { Ledger } from './ledger.js';
import type { ObservabilityEventListener } from './observability-events.js';
import type { OpenTelemetryOptions } from './open-telemetry-span.js';
import type { Attribution } from './usage-record.js';

/** Options of `usageMiddleware`. */
export interface UsageOptions {
  /** Where records go (also emitted as `usage` events). */
  readonly ledger?: Ledger;
  /** Defaults merged under each call's `providerOptions.orkit`. */
  readonly attribution?: Attribution;
  /** A cost when OpenRouter reports none (marked `estimated`), e.g. from `@orkit/model-selection`'s `costOf`. */
  readonly costFromUsage?: (
    model: string,
    usage: {
      inputTokens: number;
      outputTokens: number;
      cacheReadTokens: number;
      cacheWriteTokens: number;
      reasoningTokens: number;
    },
  ) => number | string | undefined;
  /**
   * What a call may cost before it has usage (e.g. `estimateCost(...).exact`): the cost recorded for a stream that
   * ended without usage after content had flowed (abandoned, aborted, cut), marked `estimated` until
   * `reconcileCosts` reads what was charged. It is the figure a budget keeps as spent for such a call.
   */
  readonly estimateCostUsd?: (
    model: LanguageModelV4,
    params: LanguageModelV4CallOptions,
  ) => number | string | undefined;
  /** A stream nobody has read for this long is ended and recorded as `abandoned`. Default 2 minutes. */
  readonly abandonAfterMs?: number;
  /** Told of every record (`usage`) and of ledger failures; a listener that throws never fails a call. */
  readonly onEvent?: ObservabilityEventListener;
  /**
   * A live OpenTelemetry span per call (GenAI conventions), active while the request is made and ended with the
   * record's facts; `{}` uses the global tracer and meter.
   */
  readonly openTelemetry?: OpenTelemetryOptions;
}
