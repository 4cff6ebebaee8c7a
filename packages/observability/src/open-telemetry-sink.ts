import { type Meter, metrics, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { ObservabilityEventListener } from './observability-events.js';

/** Options of {@link openTelemetrySink}. */
export interface OpenTelemetrySinkOptions {
  /** Default: the global tracer provider's `@orkit/observability` tracer. */
  readonly tracer?: Tracer;
  /** Default: the global meter provider's `@orkit/observability` meter. */
  readonly meter?: Meter;
}

/**
 * Turns usage records into OpenTelemetry: a span per call with the GenAI semantic conventions
 * (`gen_ai.system`, `gen_ai.operation.name`, request and response model, token counts, finish reasons) plus
 * `orkit.cost_usd`, and the metrics `gen_ai.client.token.usage`, `gen_ai.client.operation.duration` and
 * `orkit.cost_usd`. Uses `@opentelemetry/api` only: bring your own SDK and exporter.
 *
 * @example
 * usageMiddleware({ ledger, onEvent: openTelemetrySink() });
 */
export function openTelemetrySink(options: OpenTelemetrySinkOptions = {}): ObservabilityEventListener {
  const tracer = options.tracer ?? trace.getTracer('@orkit/observability');
  const meter = options.meter ?? metrics.getMeter('@orkit/observability');
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    description: 'Tokens used per call',
  });
  const duration = meter.createHistogram('gen_ai.client.operation.duration', {
    unit: 's',
    description: 'Duration of a model call',
  });
  const cost = meter.createCounter('orkit.cost_usd', { unit: 'USD', description: 'What model calls cost' });
  return function openTelemetrySinkListener(event) {
    if (event.type !== 'usage') return;
    const record = event.record;
    const common = {
      'gen_ai.system': 'openrouter',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': record.requestedModel,
      ...(record.answeredModel ? { 'gen_ai.response.model': record.answeredModel } : {}),
    };
    const span = tracer.startSpan(`chat ${record.requestedModel}`, {
      kind: SpanKind.CLIENT,
      startTime: record.startedAt,
      attributes: {
        ...common,
        'gen_ai.usage.input_tokens': record.inputTokens,
        'gen_ai.usage.output_tokens': record.outputTokens,
        ...(record.finishReason ? { 'gen_ai.response.finish_reasons': [record.finishReason] } : {}),
        ...(record.generationId ? { 'gen_ai.response.id': record.generationId } : {}),
        'orkit.cost_usd': record.costUsd,
        'orkit.cost_source': record.costSource,
        'orkit.outcome': record.outcome,
        ...(record.attribution.agent ? { 'orkit.agent': record.attribution.agent } : {}),
        ...(record.errorKind ? { 'error.type': record.errorKind } : {}),
      },
    });
    if (record.outcome !== 'success')
      span.setStatus({ code: SpanStatusCode.ERROR, message: record.errorMessage ?? record.outcome });
    span.end(record.startedAt + record.latencyMs);
    tokens.record(record.inputTokens, { ...common, 'gen_ai.token.type': 'input' });
    tokens.record(record.outputTokens, { ...common, 'gen_ai.token.type': 'output' });
    duration.record(record.latencyMs / 1000, {
      ...common,
      ...(record.errorKind ? { 'error.type': record.errorKind } : {}),
    });
    // A metric counter takes a float: this is where an amount is shown, not summed for money.
    const costUsd = Number(record.costUsd);
    if (costUsd > 0) cost.add(costUsd, common);
  };
}
