import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import {
  type Attributes,
  context,
  type Meter,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { UsageRecord } from './usage-record.js';

/** Where spans and metrics go. Defaults: the global providers' `@orkit/observability` tracer and meter. */
export interface OpenTelemetryOptions {
  readonly tracer?: Tracer;
  readonly meter?: Meter;
}

// The GenAI semantic conventions as of @opentelemetry/semantic-conventions 1.45 (its `incubating` entry, where
// they are marked experimental): `gen_ai.provider.name` replaces the deprecated `gen_ai.system`.
const PROVIDER = 'openrouter';

/** The histograms and counter every call is recorded in. */
interface Instruments {
  readonly tokens: ReturnType<Meter['createHistogram']>;
  readonly duration: ReturnType<Meter['createHistogram']>;
  readonly firstChunk: ReturnType<Meter['createHistogram']>;
  readonly cost: ReturnType<Meter['createCounter']>;
}

function instruments(meter: Meter): Instruments {
  return {
    tokens: meter.createHistogram('gen_ai.client.token.usage', {
      unit: '{token}',
      description: 'Tokens used per call',
    }),
    duration: meter.createHistogram('gen_ai.client.operation.duration', {
      unit: 's',
      description: 'Duration of a model call',
    }),
    firstChunk: meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', {
      unit: 's',
      description: 'Time from the request to the first content of a stream',
    }),
    cost: meter.createCounter('orkit.cost_usd', { unit: 'USD', description: 'What model calls cost' }),
  };
}

/** The request attributes, known when the call starts. */
function requestAttributes(
  model: string,
  params: LanguageModelV4CallOptions | undefined,
  stream: boolean,
): Attributes {
  const attributes: Attributes = {
    'gen_ai.provider.name': PROVIDER,
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': model,
    'gen_ai.request.stream': stream,
  };
  if (params?.maxOutputTokens !== undefined) attributes['gen_ai.request.max_tokens'] = params.maxOutputTokens;
  if (params?.temperature !== undefined) attributes['gen_ai.request.temperature'] = params.temperature;
  if (params?.topP !== undefined) attributes['gen_ai.request.top_p'] = params.topP;
  if (params?.topK !== undefined) attributes['gen_ai.request.top_k'] = params.topK;
  if (params?.seed !== undefined) attributes['gen_ai.request.seed'] = params.seed;
  if (params?.frequencyPenalty !== undefined)
    attributes['gen_ai.request.frequency_penalty'] = params.frequencyPenalty;
  if (params?.presencePenalty !== undefined)
    attributes['gen_ai.request.presence_penalty'] = params.presencePenalty;
  if (params?.stopSequences?.length) attributes['gen_ai.request.stop_sequences'] = [...params.stopSequences];
  return attributes;
}

/** What the record adds once the call is over: response, usage (cached and reasoning too), cost, outcome. */
function resultAttributes(record: UsageRecord): Attributes {
  return {
    ...(record.answeredModel ? { 'gen_ai.response.model': record.answeredModel } : {}),
    ...(record.generationId ? { 'gen_ai.response.id': record.generationId } : {}),
    ...(record.finishReason ? { 'gen_ai.response.finish_reasons': [record.finishReason] } : {}),
    ...(record.timeToFirstTokenMs !== undefined
      ? { 'gen_ai.response.time_to_first_chunk': record.timeToFirstTokenMs / 1000 }
      : {}),
    // `input_tokens` includes the cached ones, as the conventions ask (OpenRouter's prompt tokens do).
    'gen_ai.usage.input_tokens': record.inputTokens,
    'gen_ai.usage.output_tokens': record.outputTokens,
    'gen_ai.usage.cache_read.input_tokens': record.cacheReadTokens,
    'gen_ai.usage.cache_creation.input_tokens': record.cacheWriteTokens,
    'gen_ai.usage.reasoning.output_tokens': record.reasoningTokens,
    ...(record.provider ? { 'orkit.upstream_provider': record.provider } : {}),
    'orkit.cost_usd': record.costUsd,
    'orkit.cost_source': record.costSource,
    'orkit.outcome': record.outcome,
    ...(record.attribution.agent ? { 'gen_ai.agent.name': record.attribution.agent } : {}),
    ...(record.attribution.user ? { 'orkit.user': record.attribution.user } : {}),
    ...(record.attribution.tenant ? { 'orkit.tenant': record.attribution.tenant } : {}),
    ...(record.errorKind ? { 'error.type': record.errorKind } : {}),
  };
}

/** Ends a span with the record's facts (at `endTime`, else now) and records the call's metrics. */
function finish(span: Span, record: UsageRecord, meters: Instruments, endTime?: number): void {
  span.setAttributes(resultAttributes(record));
  if (record.outcome !== 'success')
    span.setStatus({ code: SpanStatusCode.ERROR, message: record.errorMessage ?? record.outcome });
  span.end(endTime);
  const common: Attributes = {
    'gen_ai.provider.name': PROVIDER,
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': record.requestedModel,
    ...(record.answeredModel ? { 'gen_ai.response.model': record.answeredModel } : {}),
  };
  meters.tokens.record(record.inputTokens, { ...common, 'gen_ai.token.type': 'input' });
  meters.tokens.record(record.outputTokens, { ...common, 'gen_ai.token.type': 'output' });
  meters.duration.record(record.latencyMs / 1000, {
    ...common,
    ...(record.errorKind ? { 'error.type': record.errorKind } : {}),
  });
  if (record.timeToFirstTokenMs !== undefined)
    meters.firstChunk.record(record.timeToFirstTokenMs / 1000, common);
  // A metric counter takes a float: this is where an amount is shown, not summed for money.
  const costUsd = Number(record.costUsd);
  if (costUsd > 0) meters.cost.add(costUsd, common);
}

/** A span that is live while its call runs. */
export interface LiveCallSpan {
  /** Runs `work` with the span active, so spans made inside it (the HTTP request) are its children. */
  run<T>(work: () => T): T;
  /** Ends the span with the call's record. */
  end(record: UsageRecord): void;
}

/**
 * Starts live spans around calls (`usageMiddleware`'s `openTelemetry` option): the span opens when the call
 * starts, is the active span while the request is made, and closes with the record's facts.
 */
export function liveCallSpans(options: OpenTelemetryOptions = {}) {
  const tracer = options.tracer ?? trace.getTracer('@orkit/observability');
  const meters = instruments(options.meter ?? metrics.getMeter('@orkit/observability'));
  return {
    start(model: string, params: LanguageModelV4CallOptions, stream: boolean): LiveCallSpan {
      const span = tracer.startSpan(`chat ${model}`, {
        kind: SpanKind.CLIENT,
        attributes: requestAttributes(model, params, stream),
      });
      const active = trace.setSpan(context.active(), span);
      return {
        run: (work) => context.with(active, work),
        end: (record) => finish(span, record, meters),
      };
    },
  };
}

/**
 * Turns `usage` events into OpenTelemetry after the fact: a span per call (with the call's start and end times)
 * and the GenAI metrics. Prefer `usageMiddleware({ openTelemetry: {} })`, whose spans are live around the call (so
 * the HTTP request is their child); this sink is for records you only see as events.
 *
 * @example
 * usageMiddleware({ ledger, onEvent: openTelemetrySink() });
 */
export function recordSpanAfterwards(options: OpenTelemetryOptions = {}): (record: UsageRecord) => void {
  const tracer = options.tracer ?? trace.getTracer('@orkit/observability');
  const meters = instruments(options.meter ?? metrics.getMeter('@orkit/observability'));
  return (record) => {
    const span = tracer.startSpan(`chat ${record.requestedModel}`, {
      kind: SpanKind.CLIENT,
      startTime: record.startedAt,
      attributes: requestAttributes(record.requestedModel, undefined, record.operation === 'stream'),
    });
    finish(span, record, meters, record.startedAt + record.latencyMs);
  };
}
