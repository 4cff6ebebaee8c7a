import { sumUsd } from '@orkit/config/usd';
import type { ObservabilityEventListener, UsageRecord } from '@orkit/observability';

/** What one call cost: every attempt's record (retries and fallbacks), summed exactly. */
export interface CallUsage {
  /** Exact decimal USD. */
  readonly costUsd: string;
  readonly attempts: number;
  readonly models: readonly string[];
}

/**
 * Collects the usage records of the calls a service is serving, by call id, so a response can say what it cost.
 * Only calls that were begun are kept (a record of a call already answered is not held forever).
 *
 * @example
 * const usage = createUsageCollector();
 * presetAgents({ ..., onUsage: usage.listener });
 */
export interface UsageCollector {
  readonly listener: ObservabilityEventListener;
  begin(callId: string): void;
  /** The call's usage so far, and forgets it. */
  end(callId: string): CallUsage | undefined;
}

/** @see UsageCollector */
export function createUsageCollector(): UsageCollector {
  const calls = new Map<string, UsageRecord[]>();
  return {
    listener(event) {
      if (event.type !== 'usage') return;
      const callId = event.record.attribution.callId;
      if (callId) calls.get(callId)?.push(event.record);
    },
    begin(callId) {
      calls.set(callId, []);
    },
    end(callId) {
      const records = calls.get(callId);
      calls.delete(callId);
      if (!records?.length) return undefined;
      return {
        costUsd: sumUsd(records.map((record) => record.costUsd)),
        attempts: records.length,
        models: records.map((record) => record.answeredModel ?? record.requestedModel),
      };
    },
  };
}
