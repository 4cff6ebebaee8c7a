/**
 * The stack `buildAgentModel` builds, measured as users run it (built packages, memory stores), against a bare
 * model in the same process:
 * - per call (generate): guards, budget, cache (a miss: the calls are not deterministic), fallback, resilience
 *   (retry, breaker, rate limit, total timeout) and usage on an instant model;
 * - per chunk (stream of 1,000 chunks): the same stack, against three pass-through TransformStreams.
 * Each case reports the median with mean and p99 beside it.
 */
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { type BenchResult, formatResults, instantModel, writeResults } from '@orkit/bench-harness';
import { Bench } from 'tinybench';

const { buildAgentModel } = (await import(
  '@orkit/mastra-agents'
)) as unknown as typeof import('../src/index.ts');
const { createMemoryBudgetStore, createMemoryLedger } = (await import(
  '@orkit/observability'
)) as unknown as typeof import('../../observability/src/index.ts');
const { guardMiddleware } = (await import(
  '@orkit/security'
)) as unknown as typeof import('../../security/src/index.ts');

const CHUNKS = 1_000;
const {
  model: instant,
  params,
  result: RESULT,
} = instantModel({ provider: 'bench', usageRaw: { cost: 0.000012 } });
const parts: LanguageModelV4StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'gen-bench', modelId: 'instant' },
  { type: 'text-start', id: '0' },
  ...Array.from(
    { length: CHUNKS },
    (): LanguageModelV4StreamPart => ({ type: 'text-delta', id: '0', delta: 'word ' }),
  ),
  { type: 'text-end', id: '0' },
  { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: RESULT.usage },
];
const source = () =>
  new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
const bare = { ...instant, doStream: async () => ({ stream: source() }) } as LanguageModelV4;

function stack(withGuard: boolean): LanguageModelV4 {
  return buildAgentModel([bare], 'bench', {
    ...(withGuard ? { guards: [guardMiddleware({ injection: false })] } : {}),
    budget: {
      limits: [{ scope: 'global', window: 'daily', usd: 1e9 }],
      store: createMemoryBudgetStore(),
      defaultReservationUsd: '0.01',
    },
    cache: {},
    resilience: {
      retry: { maxAttempts: 3 },
      breaker: {},
      rateLimit: { requestsPerWindow: 1e12, tokensPerWindow: 1e15 },
      timeout: { firstChunkMs: 30_000, betweenChunksMs: 30_000, totalMs: 60_000 },
    },
    // A ledger that keeps the last 1,000 records, so memory stays flat however long the bench runs.
    usage: { ledger: createMemoryLedger({ maxRecords: 1_000 }) },
  });
}

async function drain(stream: ReadableStream<unknown>) {
  const reader = stream.getReader();
  while (!(await reader.read()).done) {}
}

interface Stats {
  readonly p50: number;
  readonly mean: number;
  readonly p99: number;
}

/**
 * The cases interleaved, seven runs each after a warm-up of a second (the stack's code reaches its steady state
 * after some tens of thousands of calls); the median of each statistic over the runs, in ns. Interleaving keeps a
 * garbage collection or a slow minute from landing on one case only.
 */
async function measure(...fns: (() => unknown)[]): Promise<Stats[]> {
  const runs: Stats[][] = fns.map(() => []);
  for (let run = 0; run < 7; run += 1) {
    for (const [index, fn] of fns.entries()) {
      const bench = new Bench({ time: 300, warmupTime: run === 0 ? 1_000 : 50 });
      bench.add('case', fn);
      await bench.run();
      const result = bench.tasks[0]?.result;
      if (!result || !('latency' in result)) throw new Error('benchmark failed');
      runs[index]?.push({
        p50: result.latency.p50 * 1e6,
        mean: result.latency.mean * 1e6,
        p99: result.latency.p99 * 1e6,
      });
    }
  }
  return runs.map((caseRuns) => {
    const middle = (key: keyof Stats) =>
      [...caseRuns].map((run) => run[key]).sort((a, b) => a - b)[3] as number;
    return { p50: middle('p50'), mean: middle('mean'), p99: middle('p99') };
  });
}

const fmt = (stats: Stats) =>
  `mean ${(stats.mean / 1_000).toFixed(2)} µs, p99 ${(stats.p99 / 1_000).toFixed(2)} µs`;
const results: BenchResult[] = [];

for (const withGuard of [false, true]) {
  const label = withGuard ? 'with the output guard' : 'no guard';
  const built = stack(withGuard);
  const [call, bareCall] = (await measure(
    () => built.doGenerate(params),
    () => bare.doGenerate(params),
  )) as [Stats, Stats];
  results.push({
    case: `buildAgentModel per call (generate), ${label}: added over the bare model (target <= 10 µs); ${fmt(call)}`,
    unit: 'ns/op',
    value: call.p50 - bareCall.p50,
    peer: 'the bare instant model',
    peerValue: bareCall.p50,
  });

  const through = () => new TransformStream();
  const [streamed, bareStream, three] = (await measure(
    async () => drain((await built.doStream(params)).stream),
    async () => drain((await bare.doStream(params)).stream),
    () => drain(source().pipeThrough(through()).pipeThrough(through()).pipeThrough(through())),
  )) as [Stats, Stats, Stats];
  const added = (streamed.p50 - bareStream.p50) / CHUNKS;
  const threeAdded = (three.p50 - bareStream.p50) / CHUNKS;
  results.push({
    case: `buildAgentModel stream of ${CHUNKS} chunks, ${label}: added per chunk (targets <= 1.5 µs and <= 0.5x three pass-throughs); whole stream ${fmt(streamed)}`,
    unit: 'ns/op',
    value: added,
    peer: 'three pass-through TransformStreams, added per chunk',
    peerValue: threeAdded,
    ratio: added / threeAdded,
  });
}

const file = writeResults('mastra-agents', results);
process.stdout.write(`${formatResults(`@orkit/mastra-agents (${file})`, results)}\n`);
