/**
 * Resilience overhead, each case against the best peer in the same run:
 * - retry + breaker + rate limit + timeout around an instant model (memory store) vs opossum and cockatiel;
 * - streaming: per chunk and whole stream vs three pass-through TransformStreams;
 * - cache hit vs sha256(prompt) + lru-cache get;
 * - Redis: admit + settle (requests, tokens, circuit) vs rate-limiter-flexible's Redis limiters (requests + tokens);
 * - soak: 10^6 calls, RSS growth vs a bare loop doing the same calls.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { type BenchResult, instantModel, measureCase, runBenchmarks } from '@orkit/bench-harness';
import {
  ConsecutiveBreaker,
  circuitBreaker as cockatielBreaker,
  retry as cockatielRetry,
  timeout as cockatielTimeout,
  handleAll,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import CircuitBreaker from 'opossum';
import { RateLimiterRedis } from 'rate-limiter-flexible';

// The built package, as users run it (the bench task builds first); typed from the sources.
const entry = '@orkit/resilience';
const redisEntry = '@orkit/resilience/redis';
const { cacheMiddleware, resilienceMiddleware } = (await import(entry)) as typeof import('../src/index.ts');
const { createRedisStore } = (await import(redisEntry)) as typeof import('../src/entry-redis.ts');

const { model, params, doGenerate: instant, result: RESULT } = instantModel({ provider: 'bench' });

const full = resilienceMiddleware({
  retry: { maxAttempts: 3 },
  breaker: { threshold: 5 },
  rateLimit: { requestsPerWindow: 1e12, tokensPerWindow: 1e15, windowMs: 1 },
  timeout: { totalMs: 30_000 },
});
const wrapGenerate = full.wrapGenerate as NonNullable<typeof full.wrapGenerate>;
const opossum = new CircuitBreaker(instant, {
  timeout: 30_000,
  errorThresholdPercentage: 50,
  resetTimeout: 30_000,
});
const cockatiel = wrap(
  cockatielRetry(handleAll, { maxAttempts: 2 }),
  cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
  cockatielTimeout(30_000, TimeoutStrategy.Cooperative),
);
const floor = async () => (async () => (async () => instant())())();

// Streaming: 1 000 text parts through the guarded stream vs through three pass-through transforms.
const CHUNKS = 1_000;
const streamParts: LanguageModelV4StreamPart[] = [
  { type: 'stream-start', warnings: [] },
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
      for (const part of streamParts) controller.enqueue(part);
      controller.close();
    },
  });
const streamModel = { ...model, doStream: async () => ({ stream: source() }) } as unknown as LanguageModelV4;
const streaming = resilienceMiddleware({
  retry: { maxAttempts: 3 },
  breaker: {},
  rateLimit: { requestsPerWindow: 1e12, windowMs: 1 },
  timeout: { firstChunkMs: 30_000, betweenChunksMs: 30_000, totalMs: 60_000 },
});
const wrapStream = streaming.wrapStream as NonNullable<typeof streaming.wrapStream>;
async function drain(stream: ReadableStream<unknown>) {
  const reader = stream.getReader();
  while (!(await reader.read()).done) {}
}
const passThrough = () => new TransformStream();

// Cache hit vs hashing the same prompt + an lru-cache lookup.
function cacheCase(size: number) {
  const text = 'x'.repeat(size);
  const cached = cacheMiddleware();
  const hitParams: LanguageModelV4CallOptions = {
    prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
    temperature: 0,
  };
  const doGenerate = async () => RESULT;
  const lru = new LRUCache<string, object>({ max: 1_000 });
  lru.set(createHash('sha256').update(text).digest('base64url'), RESULT);
  const wrap = cached.wrapGenerate as NonNullable<typeof cached.wrapGenerate>;
  return {
    warm: () => wrap({ model, params: hitParams, doGenerate, doStream: async () => ({ stream: source() }) }),
    ours: () => wrap({ model, params: hitParams, doGenerate, doStream: async () => ({ stream: source() }) }),
    peer: () => lru.get(createHash('sha256').update(text).digest('base64url')),
  };
}
const cache1k = cacheCase(1_024);
const cache32k = cacheCase(32 * 1_024);
await cache1k.warm();
await cache32k.warm();

const extra: BenchResult[] = [];

// Redis: ops/s at concurrency 1 and 64, enforcing requests and tokens.
async function redisThroughput(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
  } catch {
    process.stdout.write(`Redis at ${url} is not reachable: Redis cases skipped.\n`);
    return;
  }
  const prefix = `orkit-bench-${Date.now()}`;
  const store = createRedisStore({ client, prefix });
  const requests = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: `${prefix}-rlf-req`,
    points: 1e9,
    duration: 60,
  });
  const tokens = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: `${prefix}-rlf-tok`,
    points: 1e12,
    duration: 60,
  });
  const policy = {
    mode: 'consecutive' as const,
    threshold: 5,
    minimumVolume: 10,
    windowMs: 60_000,
    openMs: 30_000,
    probeLeaseMs: 30_000,
  };
  let ticket = 0;
  const ours = async () => {
    const id = `b${++ticket}`;
    const admission = await store.admit({
      key: 'bench',
      now: Date.now(),
      ticket: id,
      requests: { limit: 1e9, windowMs: 60_000 },
      tokens: { limit: 1e12, windowMs: 60_000, estimate: 500 },
      breaker: policy,
    });
    await store.settle({
      key: 'bench',
      now: Date.now(),
      ticket: id,
      probe: admission.ok && admission.probe,
      outcome: 'success',
      actualTokens: 400,
      breaker: policy,
    });
  };
  const peer = async () => {
    await requests.consume('bench', 1);
    await tokens.consume('bench', 500);
  };
  const opsPerSecond = async (operation: () => Promise<void>, concurrency: number, ms: number) => {
    let done = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await operation();
          done += 1;
        }
      }),
    );
    return (done / ms) * 1_000;
  };
  for (const concurrency of [1, 64]) {
    const oursRuns: number[] = [];
    const peerRuns: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      oursRuns.push(await opsPerSecond(ours, concurrency, 1_500));
      peerRuns.push(await opsPerSecond(peer, concurrency, 1_500));
      await client.del(`${prefix}:{bench}:req`, `${prefix}:{bench}:tok`, `${prefix}:{bench}:tokw`);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] ?? 0;
    extra.push({
      case: `Redis admit + settle (requests, tokens, circuit; 2 round trips), concurrency ${concurrency}`,
      unit: 'ops/s',
      value: Math.round(median(oursRuns)),
      peer: 'rate-limiter-flexible RateLimiterRedis x2 (requests + tokens; no circuit, no correction)',
      peerValue: Math.round(median(peerRuns)),
      ratio: median(oursRuns) / median(peerRuns),
    });
  }
  await client.quit();
}
await redisThroughput();

// Soak in fresh processes: 10^6 calls through the full stack vs a bare loop doing the same calls.
function soak(mode: 'stack' | 'bare'): { rssGrowth: number; heapGrowth: number; openTimers: number } {
  const script = new URL('./soak.ts', import.meta.url).pathname;
  return JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', script, mode], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1) ?? '{}',
  );
}
const stack = soak('stack');
const bare = soak('bare');
extra.push({
  case: 'soak: 10^6 calls, RSS growth over the second 500k (plateau), full stack, memory store',
  unit: 'bytes',
  value: stack.rssGrowth,
  peer: 'bare loop, same calls',
  peerValue: bare.rssGrowth,
  ratio: stack.rssGrowth / Math.max(1, bare.rssGrowth),
});
extra.push({
  case: 'soak: heap growth over the second 500k calls (leak check), full stack',
  unit: 'bytes',
  value: stack.heapGrowth,
  peer: 'bare loop, same calls',
  peerValue: bare.heapGrowth,
});
extra.push({
  case: 'soak: timers left open after 10^6 calls (count)',
  unit: 'bytes',
  value: stack.openTimers,
});

const streamWhole = await measureCase(
  {
    name: `stream of ${CHUNKS} chunks, whole stream, retry + breaker + limiter + 3 timeouts (fused)`,
    fn: async () =>
      drain(
        (
          await wrapStream({
            model: streamModel,
            params,
            doGenerate: instant,
            doStream: async () => ({ stream: source() }),
          })
        ).stream,
      ),
    peer: {
      name: 'three pass-through TransformStreams',
      fn: () =>
        drain(source().pipeThrough(passThrough()).pipeThrough(passThrough()).pipeThrough(passThrough())),
    },
  },
  { runs: 5, timeMs: 400 },
);
const bareStream = await measureCase({ name: 'bare', fn: () => drain(source()) }, { runs: 5, timeMs: 400 });
extra.push(streamWhole);
extra.push({
  case: 'stream: added time per chunk (fused guard minus bare drain)',
  unit: 'ns/op',
  value: Math.max(0, (streamWhole.value - bareStream.value) / CHUNKS),
});

await runBenchmarks(
  'resilience',
  [
    {
      name: 'retry + breaker + rate limit + timeout, memory store, instant model (per call)',
      fn: () =>
        wrapGenerate({ model, params, doGenerate: instant, doStream: async () => ({ stream: source() }) }),
      peer: { name: 'opossum fire() with timeout', fn: () => opossum.fire() },
    },
    {
      name: 'same stack vs cockatiel wrap(retry, circuitBreaker, timeout)',
      fn: () =>
        wrapGenerate({ model, params, doGenerate: instant, doStream: async () => ({ stream: source() }) }),
      peer: { name: 'cockatiel wrap(retry, breaker, timeout)', fn: () => cockatiel.execute(instant) },
    },
    { name: 'floor: three nested async wrappers', fn: floor },
    {
      name: 'cache hit, 1 KB prompt (key + lookup + replay)',
      fn: cache1k.ours,
      peer: { name: 'sha256(prompt) + lru-cache get', fn: cache1k.peer },
    },
    {
      name: 'cache hit, 32 KB prompt (key + lookup + replay)',
      fn: cache32k.ours,
      peer: { name: 'sha256(prompt) + lru-cache get', fn: cache32k.peer },
    },
  ],
  { extra },
);
opossum.shutdown();
