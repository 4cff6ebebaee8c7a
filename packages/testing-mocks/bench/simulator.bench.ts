/**
 * Simulator throughput and streaming capacity: req/s over 64 keep-alive connections (ours vs a bare node:http
 * server answering a static body), 1,000 concurrent SSE streams of 100 chunks, and memory per open stream.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { type BenchResult, formatResults, writeResults } from '@orkit/bench-harness';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';

const KEY = `sk-or-v1-${'5'.repeat(64)}`;
const SERVER = new URL('./server-process.ts', import.meta.url).pathname;
const RUNS = 3;

interface Server {
  readonly child: ChildProcess;
  readonly baseURL: string;
}

async function startServer(mode: 'simulator' | 'bare'): Promise<Server> {
  const child = fork(SERVER, ['--mode', mode], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: 'inherit',
  });
  const baseURL = await new Promise<string>((resolve) =>
    child.once('message', (message: { baseURL: string }) => resolve(message.baseURL)),
  );
  return { child, baseURL };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.send('close');
  await exited;
}

async function memoryOf(server: Server): Promise<NodeJS.MemoryUsage> {
  server.child.send('memory');
  return new Promise((resolve) =>
    server.child.once('message', (message: { memory: NodeJS.MemoryUsage }) => resolve(message.memory)),
  );
}

function body(prompt: string, stream = false): string {
  return JSON.stringify({ model: 'openai/gpt-5.5', stream, messages: [{ role: 'user', content: prompt }] });
}

async function requestsPerSecond(
  baseURL: string,
  seconds: number,
): Promise<{ perSecond: number; errors: number }> {
  const result = await autocannon({
    url: `${baseURL}/chat/completions`,
    method: 'POST',
    connections: 64,
    pipelining: 1,
    duration: seconds,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body('hello'),
  });
  return { perSecond: result.requests.average, errors: result.errors + result.non2xx + result.timeouts };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Opens `count` SSE streams at once and reads each to the end; returns wall time and failures. */
async function concurrentStreams(baseURL: string, count: number): Promise<{ ms: number; failures: number }> {
  const agent = new Agent({ connections: count, pipelining: 1 });
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await request(`${baseURL}/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: body('stream', true),
      });
      const text = await response.body.text();
      const contentChunks = (text.match(/"content":"w\d+/g) ?? []).length;
      return response.statusCode === 200 && contentChunks === 100 && text.endsWith('data: [DONE]\n\n');
    }),
  );
  const ms = performance.now() - started;
  await agent.close();
  return { ms, failures: outcomes.filter((ok) => !ok).length };
}

/** Holds `count` streams open mid-way (stalled after 50 chunks) and measures the server's memory per stream. */
async function memoryPerOpenStream(server: Server, count: number): Promise<number> {
  const before = await memoryOf(server);
  const agent = new Agent({ connections: count, pipelining: 1 });
  const bodies = await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await request(`${server.baseURL}/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: body('hold', true),
      });
      // Wait for the first bytes: the stream is open and stalled on the server.
      const reader = response.body[Symbol.asyncIterator]();
      await reader.next();
      return response.body;
    }),
  );
  const during = await memoryOf(server);
  for (const stream of bodies) stream.destroy();
  await agent.destroy();
  return Math.round((during.rss - before.rss) / count);
}

const results: BenchResult[] = [];
const ours: number[] = [];
const peer: number[] = [];
let errors = 0;
for (let run = 0; run < RUNS; run += 1) {
  const simulator = await startServer('simulator');
  await requestsPerSecond(simulator.baseURL, 2); // warm-up
  const measured = await requestsPerSecond(simulator.baseURL, 8);
  ours.push(measured.perSecond);
  errors += measured.errors;
  await stopServer(simulator);
  const bare = await startServer('bare');
  await requestsPerSecond(bare.baseURL, 2);
  peer.push((await requestsPerSecond(bare.baseURL, 8)).perSecond);
  await stopServer(bare);
}
if (errors > 0) throw new Error(`${errors} non-2xx or failed requests during the throughput runs`);
results.push({
  case: 'non-streaming chat, 64 keep-alive connections',
  unit: 'ops/s',
  value: Math.round(median(ours)),
  peer: 'bare node:http static JSON (floor)',
  peerValue: Math.round(median(peer)),
  ratio: median(ours) / median(peer),
});

const simulator = await startServer('simulator');
const streamTimes: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const { ms, failures } = await concurrentStreams(simulator.baseURL, 1_000);
  if (failures > 0)
    throw new Error(`${failures} of 1000 streams did not complete with 100 chunks and [DONE]`);
  streamTimes.push(ms);
}
results.push({
  case: '1,000 concurrent SSE streams x 100 chunks, all complete (wall time)',
  unit: 'ms',
  value: Math.round(median(streamTimes)),
});
results.push({
  case: 'server memory per open (stalled) SSE stream, RSS',
  unit: 'bytes',
  value: await memoryPerOpenStream(simulator, 1_000),
});
await stopServer(simulator);

const file = writeResults('testing-mocks', results);
process.stdout.write(`${formatResults(`@orkit/testing-mocks (${file})`, results)}\n`);
