import type { ObservabilityEventListener } from './observability-events.js';
import { type OpenTelemetryOptions, recordSpanAfterwards } from './open-telemetry-span.js';

/** Options of {@link openTelemetrySink}. */
export type OpenTelemetrySinkOptions = OpenTelemetryOptions;

/**
 * Turns usage records into OpenTelemetry after the fact: a span per call with the GenAI semantic conventions
 * (`gen_ai.provider.name`, `gen_ai.operation.name`, request and response model, tokens including cached and
 * reasoning ones, finish reasons, time to first chunk) plus `orkit.cost_usd`, and the metrics
 * `gen_ai.client.token.usage`, `gen_ai.client.operation.duration`, `gen_ai.client.operation.time_to_first_chunk`
 * and `orkit.cost_usd`. Uses `@opentelemetry/api` only: bring your own SDK and exporter. For spans that are live
 * around the call (the HTTP request their child), use `usageMiddleware({ openTelemetry: {} })` instead.
 *
 * @example
 * usageMiddleware({ ledger, onEvent: openTelemetrySink() });
 */
export function openTelemetrySink(options: OpenTelemetrySinkOptions = {}): ObservabilityEventListener {
  const record = recordSpanAfterwards(options);
  return function openTelemetrySinkListener(event) {
    if (event.type === 'usage') record(event.record);
  };
}
