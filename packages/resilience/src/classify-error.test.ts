import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { faults, type SimulatorStep, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { generateText, streamText } from 'ai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyError, type ErrorKind, retryAfterFromHeaders } from './classify-error.js';
import { AttemptsExhaustedError, CircuitOpenError, ModelTimeoutError } from './resilience-errors.js';

const simulator = await startOpenRouterSimulator();
const openrouter = createOpenRouter({
  baseURL: simulator.baseURL,
  apiKey: simulator.apiKey,
  compatibility: 'strict',
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

async function errorOf(step: SimulatorStep): Promise<unknown> {
  simulator.script({ steps: step });
  return generateText({ model: openrouter.chat('openai/gpt-5.5'), prompt: 'x', maxRetries: 0 }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function streamErrorOf(step: SimulatorStep): Promise<unknown> {
  simulator.script({ steps: step });
  const result = streamText({
    model: openrouter.chat('openai/gpt-5.5'),
    prompt: 'x',
    maxRetries: 0,
    onError: () => undefined,
  });
  for await (const part of result.fullStream) if (part.type === 'error') return part.error;
  return undefined;
}

type Row = [
  string,
  SimulatorStep,
  ErrorKind,
  {
    retryable: boolean;
    fallback: boolean;
    countsForBreaker: boolean;
    status?: number;
    retryAfterMs?: number;
    limitSource?: string;
  },
];

const ROWS: Row[] = [
  [
    '400',
    faults.http(400, 'Invalid parameter: temperature'),
    'bad-request',
    { retryable: false, fallback: false, countsForBreaker: false, status: 400 },
  ],
  [
    '400 context length',
    faults.contextLength(),
    'context-length',
    { retryable: false, fallback: true, countsForBreaker: false, status: 400 },
  ],
  [
    '401',
    faults.unauthorized(),
    'unauthorized',
    { retryable: false, fallback: false, countsForBreaker: false, status: 401 },
  ],
  [
    '402 credits',
    faults.insufficientCredits(),
    'payment-required',
    { retryable: false, fallback: false, countsForBreaker: false, limitSource: 'openrouter_credits' },
  ],
  [
    '402 in-flight budget with Retry-After',
    faults.insufficientCredits({ limitSource: 'openrouter_in_flight_budget', retryAfterSeconds: 2 }),
    'payment-required',
    { retryable: true, fallback: false, countsForBreaker: false, retryAfterMs: 2_000 },
  ],
  [
    '402 can only afford',
    faults.insufficientCredits({ affordableTokens: 120 }),
    'payment-required',
    { retryable: false, fallback: true, countsForBreaker: false },
  ],
  [
    '403 moderation',
    faults.moderation({ reasons: ['violence'] }),
    'moderation',
    { retryable: false, fallback: false, countsForBreaker: false, status: 403 },
  ],
  [
    '403 forbidden',
    faults.http(403, 'Guardrail: key not allowed to use this model'),
    'forbidden',
    { retryable: false, fallback: false, countsForBreaker: false },
  ],
  [
    '404',
    faults.noEndpoints(),
    'not-found',
    { retryable: false, fallback: true, countsForBreaker: false, status: 404 },
  ],
  [
    '408',
    faults.timeout(),
    'timeout',
    { retryable: true, fallback: true, countsForBreaker: true, status: 408 },
  ],
  [
    '429 Retry-After',
    faults.rateLimited({ retryAfterSeconds: 3 }),
    'rate-limited',
    { retryable: true, fallback: true, countsForBreaker: true, retryAfterMs: 3_000 },
  ],
  [
    '500',
    faults.http(500, 'Internal error'),
    'server-error',
    { retryable: true, fallback: true, countsForBreaker: true },
  ],
  [
    '502',
    faults.upstream(),
    'upstream',
    { retryable: true, fallback: true, countsForBreaker: true, status: 502 },
  ],
  [
    '503',
    faults.unavailable({ retryAfterSeconds: 1 }),
    'unavailable',
    { retryable: true, fallback: true, countsForBreaker: true, retryAfterMs: 1_000 },
  ],
  [
    'in-band 429 inside a 200',
    faults.inBand(429, 'Rate limited upstream'),
    'rate-limited',
    { retryable: true, fallback: true, countsForBreaker: true, status: 429 },
  ],
  [
    'in-band 502 inside a 200',
    faults.inBand(502, 'Provider returned error'),
    'upstream',
    { retryable: true, fallback: true, countsForBreaker: true, status: 502 },
  ],
];

describe('classifyError against the simulator through the real provider', () => {
  it.each(ROWS)('%s (generateText)', async (_name, step, kind, expected) => {
    const classification = classifyError(await errorOf(step));
    expect(classification.kind).toBe(kind);
    expect(classification).toMatchObject(expected);
  });

  it.each([
    ['SSE error before content', faults.streamError({ afterChunks: 0, code: 429 }), 'rate-limited', 429],
    ['SSE error mid-stream', faults.streamError({ afterChunks: 2, code: 502 }), 'upstream', 502],
    ['in-band 503 as first SSE event', faults.inBand(503, 'overloaded'), 'unavailable', 503],
  ] as const)('%s (streamText)', async (_name, step, kind, status) => {
    const classification = classifyError(await streamErrorOf(step));
    expect(classification).toMatchObject({
      kind,
      status,
      inBand: true,
      retryable: true,
      fallback: true,
      countsForBreaker: true,
    });
  });

  it('a cut stream is a stream-cut; a malformed body is malformed; a refused connection is network', async () => {
    // Malformed first: a cut destroys a keep-alive socket, and the next request on it would fail as a network error.
    expect(classifyError(await errorOf(faults.malformed()))).toMatchObject({
      kind: 'malformed',
      retryable: true,
    });
    simulator.reset();
    expect(classifyError(await streamErrorOf(faults.cut({ afterChunks: 1 })))).toMatchObject({
      kind: 'stream-cut',
      retryable: true,
    });
    const closed = createOpenRouter({ baseURL: 'http://127.0.0.1:1/api/v1', apiKey: simulator.apiKey });
    const network = await generateText({
      model: closed.chat('openai/gpt-5.5'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((error: unknown) => error);
    expect(classifyError(network)).toMatchObject({ kind: 'network', retryable: true, fallback: true });
  });

  it('the raw stream error part a middleware sees classifies like the provider error', () => {
    expect(
      classifyError({ code: 503, message: 'overloaded', metadata: { error_type: 'provider_unavailable' } }),
    ).toMatchObject({ kind: 'unavailable', inBand: true });
  });

  it('aborts, our own errors, and overrides', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(classifyError(abort)).toMatchObject({ kind: 'aborted', retryable: false, fallback: false });
    expect(classifyError(new CircuitOpenError('m', 1_000))).toMatchObject({
      kind: 'circuit-open',
      fallback: true,
      retryable: false,
      retryAfterMs: 1_000,
    });
    expect(classifyError(new ModelTimeoutError('m', 'first-chunk', 5_000))).toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(classifyError(new AttemptsExhaustedError('max-attempts', []))).toMatchObject({ kind: 'unknown' });
    expect(
      classifyError(
        { code: 403, message: 'Your input was flagged', metadata: { reasons: ['hate'] } },
        { moderation: { fallback: true } },
      ),
    ).toMatchObject({
      kind: 'moderation',
      fallback: true,
    });
  });
});

describe('retryAfterFromHeaders', () => {
  it('reads retry-after-ms, Retry-After seconds and dates, and rate-limit reset stamps', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(retryAfterFromHeaders({ 'retry-after-ms': '1500' }, now)).toBe(1_500);
    expect(retryAfterFromHeaders({ 'retry-after': '2' }, now)).toBe(2_000);
    expect(retryAfterFromHeaders({ 'Retry-After': 'Tue, 24 Nov 2026 10:00:05 GMT' }, now)).toBe(5_000);
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': String(now + 7_000) }, now)).toBe(7_000);
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': String(Math.floor(now / 1000) + 9) }, now)).toBe(
      9_000,
    );
    expect(retryAfterFromHeaders({}, now)).toBeUndefined();
  });
});
