/**
 * Resilience overhead, each case against the best peer in the same run:
 * - retry + breaker + rate limit + timeout around an instant model (memory store) vs opossum and cockatiel;
 * - streaming: per chunk and whole stream vs three pass-through TransformStreams;
 * - cache hit vs sha256(prompt) + lru-cache get;
 * - Redis: admit + settle (requests, tokens, circuit) vs rate-limiter-flexible's Redis limiters (requests + tokens);
 * - soak: 10^6 calls, RSS growth vs a bare loop doing the same calls.
 *
 * Every case runs in a fresh process (this file, with the case's name as argument), so no case measures code
 * the JIT has already shaped for another case's calls.
 */
import { execFileSync } from 'node:child_process';
import { hash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import {
  type BenchResult,
  formatResults,
  instantModel,
  measureCase,
  median,
  type OutageRun,
  redisKilledMidRun,
  runCaseProcesses,
  sideAlone,
  writeResults,
} from '@orkit/bench-harness';
import { countCommands } from '@orkit/testing-mocks';
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
import { refusalCase } from './refusal-case.ts';

// The built package, as users run it (the bench task builds first); typed from the sources.
const entry = '@orkit/resilience';
const redisEntry = '@orkit/resilience/redis';
const { cacheMiddleware, resilienceMiddleware } = (await import(entry)) as typeof import('../src/index.ts');

const { model, params, doGenerate: instant, result: RESULT } = instantModel({ provider: 'bench' });

/** The full stack of the speed target: retry + breaker + rate limit (requests and tokens) + total timeout. */
function fullStack() {
  const full = resilienceMiddleware({
    retry: { maxAttempts: 3 },
    breaker: { threshold: 5 },
    // The default window a user gets (60 s), so the sliding-window logs hold every call of the last minute.
    rateLimit: { requestsPerWindow: 1e12, tokensPerWindow: 1e15 },
    timeout: { totalMs: 30_000 },
  });
  const wrapGenerate = full.wrapGenerate as NonNullable<typeof full.wrapGenerate>;
  return () => wrapGenerate({ model, params, doGenerate: instant, doStream: instant as never });
}

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
async function drain(stream: ReadableStream<unknown>) {
  const reader = stream.getReader();
  while (!(await reader.read()).done) {}
}

/** Cache hit vs hashing the same prompt + an lru-cache lookup. */
async function cacheCase(size: number): Promise<BenchResult[]> {
  const text = 'x'.repeat(size);
  const cached = cacheMiddleware();
  const hitParams: LanguageModelV4CallOptions = {
    prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
    temperature: 0,
  };
  const doGenerate = async () => RESULT;
  const lru = new LRUCache<string, object>({ max: 1_000 });
  // The peer in its best form: one-shot crypto.hash, as our key uses.
  lru.set(hash('sha256', text, 'base64url'), RESULT);
  const wrap = cached.wrapGenerate as NonNullable<typeof cached.wrapGenerate>;
  const ours = () => wrap({ model, params: hitParams, doGenerate, doStream: doGenerate as never });
  await ours();
  const peer = () => lru.get(hash('sha256', text, 'base64url'));
  const label = size >= 1_024 * 32 ? '32 KB' : '1 KB';
  // A cache middleware answers with a promise; the harness awaits async functions only, so the peer is measured
  // both as an async function (same harness cost as ours: the ratio) and bare (for the record).
  const compared = await measureCase({
    name: `cache hit, ${label} prompt (key + lookup + replay)`,
    fn: ours,
    peer: {
      name: 'crypto.hash(sha256, prompt) + lru-cache get, in an async function',
      fn: async () => peer(),
    },
  });
  const bare = await measureCase({ name: `sha256(prompt) + lru-cache get, ${label}, synchronous`, fn: peer });
  return [compared, bare];
}

/** Redis: ops/s at concurrency 1 and 64, enforcing requests and tokens. */
async function redisThroughput(): Promise<BenchResult[]> {
  const { createRedisStore } = (await import(redisEntry)) as typeof import('../src/entry-redis.ts');
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
  } catch {
    process.stderr.write(`Redis at ${url} is not reachable: Redis cases skipped.\n`);
    client.disconnect();
    return [];
  }
  const prefix = `orkit-bench-${Date.now()}`;
  // The caller's clock, so the windows can be filled with the minute before the run (below).
  const store = createRedisStore({ client, prefix, clock: 'client' });
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
  // The peer in its best form: its two limiters asked at once.
  const peer = async () => {
    await Promise.all([requests.consume('bench', 1), tokens.consume('bench', 500)]);
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
  const results: BenchResult[] = [];
  // Steady state, as after a minute of traffic: every step of both 60 s windows holds weight (61 slots each).
  const filled = Date.now() - 61_000;
  for (let second = 0; second <= 61; second += 1)
    await store.admit({
      key: 'bench',
      now: filled + second * 1_000,
      ticket: `fill${second}`,
      requests: { limit: 1e9, windowMs: 60_000 },
      tokens: { limit: 1e12, windowMs: 60_000, estimate: 500 },
    });
  // In a process of its own for one side (runCaseProcesses), only that side runs.
  const side = sideAlone();
  // Steady state: connections, scripts and keys warmed before anything is measured.
  if (side !== 'peer') await opsPerSecond(ours, 64, 1_000);
  if (side !== 'ours') await opsPerSecond(peer, 64, 1_000);
  for (const concurrency of [1, 64]) {
    const oursRuns: number[] = [];
    const peerRuns: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      if (side !== 'peer') oursRuns.push(await opsPerSecond(ours, concurrency, 1_500));
      if (side !== 'ours') peerRuns.push(await opsPerSecond(peer, concurrency, 1_500));
    }
    const name = `Redis admit + settle (requests, tokens, circuit; successes ride with the next admit), concurrency ${concurrency}`;
    results.push(
      side
        ? {
            case: name,
            unit: 'ops/s',
            value: Math.round(median(side === 'ours' ? oursRuns : peerRuns)),
            side,
          }
        : {
            case: name,
            unit: 'ops/s',
            value: Math.round(median(oursRuns)),
            peer: 'rate-limiter-flexible RateLimiterRedis x2 in parallel (requests + tokens; no circuit, no correction)',
            peerValue: Math.round(median(peerRuns)),
            ratio: median(oursRuns) / median(peerRuns),
          },
    );
  }
  if (side) {
    await client.quit();
    return results;
  }
  // Round trips on the success path, counted at the client: one per call.
  const sent = countCommands(client);
  for (let call = 0; call < 100; call += 1) await ours();
  results.push({
    case: 'Redis round trips per call on the success path (admit + settle, 100 sequential calls)',
    unit: 'count',
    value: sent() / 100,
  });
  results.push(...(await refusalCase(store, client, prefix)));
  await client.quit();
  return results;
}

/**
 * Redis killed while calls are in flight: admissions go through a TCP proxy that is torn down (sockets destroyed,
 * new connections refused) halfway through. Every call must get a decision within the command timeout (plus
 * scheduling slack) from Redis or the local fallback, and none may stay pending.
 */
async function redisOutage(): Promise<BenchResult[]> {
  const { createRedisStore } = (await import(redisEntry)) as typeof import('../src/entry-redis.ts');
  const commandTimeoutMs = 250;
  const total = 400;
  let unavailable = 0;
  let run: OutageRun;
  try {
    run = await redisKilledMidRun({
      target: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      total,
      connect: async (port) => {
        // The client options a user might well pass: an offline queue and endless retries would wait forever.
        const client = new Redis({
          host: '127.0.0.1',
          port,
          lazyConnect: true,
          enableOfflineQueue: true,
          maxRetriesPerRequest: null,
        });
        client.on('error', () => undefined);
        await client.connect();
        const middleware = resilienceMiddleware({
          retry: { maxAttempts: 1 },
          breaker: {},
          rateLimit: { requestsPerWindow: 1e9, tokensPerWindow: 1e12 },
          store: createRedisStore({
            client,
            prefix: `orkit-bench-outage-${Date.now()}`,
            commandTimeoutMs,
            onEvent: (event) => {
              if (event.type === 'store-unavailable') unavailable += 1;
            },
          }),
        });
        const wrapGenerate = middleware.wrapGenerate as NonNullable<typeof middleware.wrapGenerate>;
        return {
          call: () => wrapGenerate({ model, params, doGenerate: instant, doStream: instant as never }),
          close: () => client.disconnect(),
        };
      },
    });
  } catch {
    process.stderr.write('Redis is not reachable: the outage case is skipped.\n');
    return [];
  }
  return [
    {
      case: `Redis killed mid-run: slowest decision of ${total} calls (command timeout ${commandTimeoutMs} ms; ${run.failed} failed, ${unavailable} store-unavailable events)`,
      unit: 'ms',
      value: Math.round(run.slowestMs),
    },
    { case: 'Redis killed mid-run: calls still pending at the end', unit: 'count', value: run.pending },
  ];
}

/** RSS moves by whole pages at random below about this much growth; the soak ratio is taken against it at least. */
const RSS_NOISE = 1_048_576;

/** Soak: 10^6 calls through the full stack vs a bare loop, each run in a fresh process, median of five. */
function soakCase(): BenchResult[] {
  const script = new URL('./soak.ts', import.meta.url).pathname;
  const run = (mode: 'stack' | 'bare') =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', script, mode], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .at(-1) ?? '{}',
    ) as { rssGrowth: number; heapGrowth: number; openTimers: number };
  const stacks: ReturnType<typeof run>[] = [];
  const bares: ReturnType<typeof run>[] = [];
  for (let round = 0; round < 5; round += 1) {
    stacks.push(run('stack'));
    bares.push(run('bare'));
  }
  const stackRss = median(stacks.map((result) => result.rssGrowth));
  const bareRss = median(bares.map((result) => result.rssGrowth));
  return [
    {
      case: 'soak: 10^6 calls, RSS growth over the second 500k (plateau), full stack, memory store; median of 5 (ratio vs max(bare, 1 MiB))',
      unit: 'bytes',
      value: stackRss,
      peer: 'bare loop, same calls',
      peerValue: bareRss,
      ratio: stackRss / Math.max(bareRss, RSS_NOISE),
    },
    {
      case: 'soak: heap growth over the second 500k calls (leak check), full stack',
      unit: 'bytes',
      value: median(stacks.map((result) => result.heapGrowth)),
      peer: 'bare loop, same calls',
      peerValue: median(bares.map((result) => result.heapGrowth)),
    },
    {
      case: 'soak: timers left open after 10^6 calls (worst of 5)',
      unit: 'count',
      value: Math.max(...stacks.map((result) => result.openTimers)),
    },
  ];
}

/** 10^6 distinct keys through the memory store (default 60 s windows, 1 ms per call): memory follows live keys. */
function keysSoakCase(): BenchResult[] {
  const script = new URL('./soak-keys.ts', import.meta.url).pathname;
  const result = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', script], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1) ?? '{}',
  ) as { heapGrowth: number; liveKeys: number };
  return [
    {
      case: 'soak: 10^6 distinct keys (requests, tokens, circuit each), memory store, 60 s windows, 1 ms per call: heap growth after GC',
      unit: 'bytes',
      value: result.heapGrowth,
    },
    {
      case: 'soak: 10^6 distinct keys: entries still held at the end (about 60 000 keys x 3 are live)',
      unit: 'count',
      value: result.liveKeys,
    },
  ];
}

async function streamCase(): Promise<BenchResult[]> {
  const streamModel = {
    ...model,
    doStream: async () => ({ stream: source() }),
  } as unknown as LanguageModelV4;
  const streaming = resilienceMiddleware({
    retry: { maxAttempts: 3 },
    breaker: {},
    // The default window (60 s), as users get it: the stepped window holds 61 numbers however many calls pass.
    rateLimit: { requestsPerWindow: 1e12 },
    timeout: { firstChunkMs: 30_000, betweenChunksMs: 30_000, totalMs: 60_000 },
  });
  const wrapStream = streaming.wrapStream as NonNullable<typeof streaming.wrapStream>;
  const ours = async () =>
    drain(
      (
        await wrapStream({
          model: streamModel,
          params,
          doGenerate: instant,
          doStream: async () => ({ stream: source() }),
        })
      ).stream,
    );
  const passThrough = () => new TransformStream();
  // The peer in its best form: one TransformStream that watches for silence by refreshing one idle timer per chunk.
  const idleGuard = () => {
    const timer = setTimeout(() => undefined, 30_000);
    return new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
      transform(part, controller) {
        timer.refresh();
        controller.enqueue(part);
      },
      flush() {
        clearTimeout(timer);
      },
    });
  };
  const whole = await measureCase(
    {
      name: `stream of ${CHUNKS} chunks, whole stream, retry + breaker + limiter + 3 timeouts (fused)`,
      fn: ours,
      peer: {
        name: 'three pass-through TransformStreams',
        fn: () =>
          drain(source().pipeThrough(passThrough()).pipeThrough(passThrough()).pipeThrough(passThrough())),
      },
    },
    { runs: 5, timeMs: 400 },
  );
  const idle = await measureCase(
    {
      name: `stream of ${CHUNKS} chunks, whole stream, same stack`,
      fn: ours,
      peer: {
        name: 'one TransformStream refreshing an idle timer per chunk',
        fn: () => drain(source().pipeThrough(idleGuard())),
      },
    },
    { runs: 5, timeMs: 400 },
  );
  const bare = await measureCase({ name: 'bare', fn: () => drain(source()) }, { runs: 5, timeMs: 400 });
  return [
    whole,
    idle,
    {
      case: 'stream: added time per chunk (fused guard minus bare drain)',
      unit: 'ns/op',
      value: Math.max(0, (whole.value - bare.value) / CHUNKS),
    },
  ];
}

const CASES: Record<string, () => Promise<BenchResult[]> | BenchResult[]> = {
  opossum: async () => {
    const opossum = new CircuitBreaker(instant, {
      timeout: 30_000,
      errorThresholdPercentage: 50,
      resetTimeout: 30_000,
    });
    const result = await measureCase({
      name: 'retry + breaker + rate limit + timeout, memory store, instant model (per call)',
      fn: fullStack(),
      peer: { name: 'opossum fire() with timeout', fn: () => opossum.fire() },
    });
    opossum.shutdown();
    return [result];
  },
  cockatiel: async () => {
    const cockatiel = wrap(
      cockatielRetry(handleAll, { maxAttempts: 2 }),
      cockatielBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
      cockatielTimeout(30_000, TimeoutStrategy.Cooperative),
    );
    return [
      await measureCase({
        name: 'same stack vs cockatiel wrap(retry, circuitBreaker, timeout)',
        fn: fullStack(),
        peer: { name: 'cockatiel wrap(retry, breaker, timeout)', fn: () => cockatiel.execute(instant) },
      }),
    ];
  },
  floor: async () => [
    await measureCase({
      name: 'floor: three nested async wrappers',
      fn: async () => (async () => (async () => instant())())(),
    }),
  ],
  'cache-1k': () => cacheCase(1_024),
  'cache-32k': () => cacheCase(32 * 1_024),
  redis: redisThroughput,
  'redis-outage': redisOutage,
  soak: soakCase,
  'soak-keys': keysSoakCase,
  stream: streamCase,
};

const only = process.argv[2];
if (only) {
  const run = CASES[only];
  if (!run) throw new Error(`Unknown case "${only}". Cases: ${Object.keys(CASES).join(', ')}`);
  process.stdout.write(`\n${JSON.stringify(await run())}\n`);
} else {
  // Each case in a fresh process; those with a library peer measured by the harness also with ours and the peer
  // each in a process of its own.
  const results = runCaseProcesses({
    file: fileURLToPath(import.meta.url),
    cases: Object.keys(CASES),
    separate: ['opossum', 'cockatiel', 'cache-1k', 'cache-32k', 'redis', 'stream'],
  });
  const file = writeResults('resilience', results);
  process.stdout.write(`${formatResults(`@orkit/resilience (${file})`, results)}\n`);
}
