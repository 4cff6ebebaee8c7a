import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createFileLedger } from './file-ledger.js';
import { openTelemetrySink } from './open-telemetry-sink.js';
import { summarizeUsage } from './summarize-usage.js';
import type { UsageRecord } from './usage-record.js';

function record(id: string, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    id,
    startedAt: Date.parse('2026-11-24T10:00:00Z'),
    operation: 'generate',
    requestedModel: 'openai/gpt-5.5',
    answeredModel: 'openai/gpt-5.5',
    generationId: `gen-${id}`,
    provider: 'OpenAI',
    inputTokens: 100,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 20,
    reasoningTokens: 0,
    costUsd: 0.0011,
    costSource: 'reported',
    byok: false,
    latencyMs: 420,
    timeToFirstTokenMs: undefined,
    finishReason: 'stop',
    outcome: 'success',
    errorKind: undefined,
    errorMessage: undefined,
    attribution: { agent: 'reviewer' },
    ...overrides,
  };
}

describe('createFileLedger', () => {
  it('survives a restart: the next process reads what the last one wrote, patches included', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orkit-ledger-')), 'ledger.jsonl');
    const first = createFileLedger({ path });
    first.append(record('a'));
    first.append(record('b', { costUsd: 0, costSource: 'none' }));
    first.patch('b', { costUsd: 0.002, costSource: 'reported' });
    first.close?.();
    const second = createFileLedger({ path });
    expect(
      (second.query() as UsageRecord[]).map((entry) => [entry.id, entry.costUsd, entry.costSource]),
    ).toEqual([
      ['a', 0.0011, 'reported'],
      ['b', 0.002, 'reported'],
    ]);
    expect(summarizeUsage(second.query() as UsageRecord[]).overall.costUsd).toBe(0.0031);
  });

  it('cuts off a torn last record left by a crash, and keeps appending cleanly', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orkit-ledger-')), 'ledger.jsonl');
    const ledger = createFileLedger({ path });
    ledger.append(record('a'));
    ledger.close?.();
    appendFileSync(path, '{"id":"torn","startedAt":17');
    const reopened = createFileLedger({ path });
    expect(reopened.recovered).toBe(1);
    expect((reopened.query() as UsageRecord[]).map((entry) => entry.id)).toEqual(['a']);
    reopened.append(record('c'));
    reopened.close?.();
    expect(
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as UsageRecord).id),
    ).toEqual(['a', 'c']);
  });

  it('queries by window, model, agent and outcome', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orkit-ledger-')), 'ledger.jsonl');
    const ledger = createFileLedger({ path });
    ledger.append(record('a', { startedAt: 1_000 }));
    ledger.append(record('b', { startedAt: 2_000, attribution: { agent: 'writer' }, outcome: 'error' }));
    expect((ledger.query({ from: 1_500 }) as UsageRecord[]).map((entry) => entry.id)).toEqual(['b']);
    expect((ledger.query({ agent: 'reviewer' }) as UsageRecord[]).map((entry) => entry.id)).toEqual(['a']);
    expect(
      (ledger.query({ outcome: 'error', model: 'openai/gpt-5.5' }) as UsageRecord[]).map((entry) => entry.id),
    ).toEqual(['b']);
  });
});

describe('openTelemetrySink', () => {
  it('makes a GenAI span per call and the token, duration and cost metrics', async () => {
    const spans = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer(
      'test',
    );
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({
      exporter: metricExporter,
      exportIntervalMillis: 60_000,
    });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    const sink = openTelemetrySink({ tracer, meter });
    sink({ type: 'usage', record: record('a') });
    sink({ type: 'usage', record: record('b', { outcome: 'error', errorKind: 'http-429', costUsd: 0 }) });
    const [ok, failed] = spans.getFinishedSpans();
    expect(ok?.name).toBe('chat openai/gpt-5.5');
    expect(ok?.attributes).toMatchObject({
      'gen_ai.system': 'openrouter',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'openai/gpt-5.5',
      'gen_ai.response.model': 'openai/gpt-5.5',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.response.finish_reasons': ['stop'],
      'orkit.cost_usd': 0.0011,
      'orkit.agent': 'reviewer',
    });
    expect(failed?.status.code).toBe(2);
    expect(failed?.attributes['error.type']).toBe('http-429');
    await reader.forceFlush();
    const names = metricExporter
      .getMetrics()
      .flatMap((resource) =>
        resource.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name)),
      );
    expect(names.sort()).toEqual([
      'gen_ai.client.operation.duration',
      'gen_ai.client.token.usage',
      'orkit.cost_usd',
    ]);
  });
});
