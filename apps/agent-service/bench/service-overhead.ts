/**
 * What serving over HTTP adds to a call, as deployed: the simulator in its own process, the service (one replica)
 * in its own process, and this process as the client. The baseline is the same agent and stack built here and
 * called in-process (`agent.generate`) against the same simulator; the two are called alternately, call by call,
 * so both see the same machine. Then requests per second for the replica under 32 concurrent clients, beside the
 * in-process stack under the same load. Writes bench/results/agent-service.json.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { Agent } from '@mastra/core/agent';
import { Mastra } from '@mastra/core/mastra';
import { type BenchResult, formatResults, writeResults } from '@orkit/bench-harness';
import { createOpenRouter, loadConfig } from '@orkit/config';
import { callerRequestContext, toMastraModel } from '@orkit/mastra-agents';
import { mockOpenRouterModel, SIMULATOR_API_KEY } from '@orkit/testing-mocks';
import { createAgentService } from '../src/agent-service.js';
import { openServiceStores, presetAgents } from '../src/service-stack.js';
import { spawnReplica } from '../src/spawn-replica.js';
import { createTenantDirectory, hashKey } from '../src/tenants.js';

const PAIRS = Number(process.env.SERVICE_BENCH_PAIRS ?? 600);
const dir = mkdtempSync(join(tmpdir(), 'orkit-bench-'));
const cli = join(
  dirname(createRequire(import.meta.url).resolve('@orkit/testing-mocks/package.json')),
  'dist/cli.js',
);
const simulatorProcess = spawn(process.execPath, [cli, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const simulatorURL = await new Promise<string>((resolve) => {
  let text = '';
  simulatorProcess.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const found = /listening on (\S+)/.exec(text);
    if (found?.[1]) resolve(found[1]);
  });
});
const tenantsFile = {
  tenants: [
    {
      id: 'bench',
      keys: [{ id: 'b', sha256: hashKey('bench-key') }],
      budgets: [{ window: 'daily', usd: '100000' }],
    },
  ],
};
writeFileSync(join(dir, 'tenants.json'), JSON.stringify(tenantsFile));
const env = { ...process.env, OPENROUTER_API_KEY: SIMULATOR_API_KEY, OPENROUTER_BASE_URL: simulatorURL };
const replica = await spawnReplica({
  ...env,
  ORKIT_TENANTS_FILE: join(dir, 'tenants.json'),
  ORKIT_LEDGER: join(dir, 'service-ledger.db'),
  REDIS_URL: '',
  DATABASE_URL: '',
  POSTGRES_URL: '',
});
const stores = await openServiceStores({ ledgerPath: join(dir, 'ledger.db') });
const tenants = createTenantDirectory(tenantsFile);
const config = loadConfig({ env });
const openrouter = createOpenRouter(config);
const agents = presetAgents({ model: (id) => openrouter.chat(id), tiers: config.models, stores, tenants });
const url = `${replica.url}/v1/agents/content-writer/generate`;
const agent = agents['content-writer'];
if (!agent) throw new Error('no content-writer agent');

let counter = 0;
const agentMs: number[] = [];
const serviceMs: number[] = [];
const inProcess = async () => {
  const started = performance.now();
  await agent.generate(`Write one line about item ${counter++}`, {
    requestContext: callerRequestContext({ tenant: 'bench' }),
  });
  return performance.now() - started;
};
const overHttp = async () => {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: `Write one line about item ${counter++}` }),
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.json();
  const elapsed = performance.now() - started;
  const timing = response.headers.get('server-timing') ?? '';
  agentMs.push(Number(/agent;dur=([\d.]+)/.exec(timing)?.[1] ?? Number.NaN));
  serviceMs.push(Number(/service;dur=([\d.]+)/.exec(timing)?.[1] ?? Number.NaN));
  return elapsed;
};

// The same call through node:http with a keep-alive agent: the leanest standard client, so what remains is the
// service and the transport, not the client library.
const keepAlive = new HttpAgent({ keepAlive: true, maxSockets: 64 });
const target = new URL(url);
const overNodeHttp = () =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const body = JSON.stringify({ prompt: `Write one line about item ${counter++}` });
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent: keepAlive,
        headers: {
          authorization: 'Bearer bench-key',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
          else {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            resolve(performance.now() - started);
          }
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });

const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
};
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

for (let index = 0; index < 50; index += 1) {
  await inProcess();
  await overHttp();
}
const direct: number[] = [];
const http: number[] = [];
const nodeHttp: number[] = [];
for (let index = 0; index < 30; index += 1) await overNodeHttp();
for (let index = 0; index < PAIRS; index += 1) {
  // All three in turn, each order as often, so none always follows another.
  const calls = [
    async () => direct.push(await inProcess()),
    async () => http.push(await overHttp()),
    async () => nodeHttp.push(await overNodeHttp()),
  ];
  for (let turn = 0; turn < 3; turn += 1) await (calls[(index + turn) % 3] as () => Promise<number>)();
}

async function throughput(call: () => Promise<number>, clients: number, ms: number): Promise<number> {
  let done = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        await call();
        done += 1;
      }
    }),
  );
  return done / (ms / 1000);
}
const inside = agentMs.slice(-PAIRS);
const handler = serviceMs.slice(-PAIRS);
// The service's own cost: the same routes, keys and checks around an agent whose model answers at once (no
// stack, no network), served from this process over HTTP, against calling that agent directly.
const instant = new Agent({
  id: 'instant',
  name: 'instant',
  instructions: 'x',
  model: toMastraModel(mockOpenRouterModel({})),
});
new Mastra({ agents: { instant }, logger: false });
const bare = createAgentService({ agents: { instant }, tenants });
const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const started = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
});
const bareURL = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/v1/agents/instant/generate`;
const bareDirect: number[] = [];
const bareHttp: number[] = [];
const bareFetch: number[] = [];
const bareInit = (index: number) => ({
  method: 'POST',
  headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
  body: JSON.stringify({ prompt: `item ${index}` }),
});
for (let index = 0; index < 3 * PAIRS + 300; index += 1) {
  let started = performance.now();
  await instant.generate(`item ${index}`);
  if (index >= 300) bareDirect.push(performance.now() - started);
  started = performance.now();
  await (await fetch(bareURL, bareInit(index))).json();
  if (index >= 300) bareHttp.push(performance.now() - started);
  started = performance.now();
  await (await bare.fetch(new Request(bareURL, bareInit(index)))).json();
  if (index >= 300) bareFetch.push(performance.now() - started);
}
await new Promise<void>((resolve) => bareServer.close(() => resolve()));

const httpRps = await throughput(overHttp, 32, 5_000);
const directRps = await throughput(inProcess, 32, 5_000);

const results: BenchResult[] = [
  {
    case: 'generate over HTTP vs in-process, p50 (ms per call)',
    unit: 'ms',
    value: percentile(http, 0.5),
    mean: mean(http),
    p99: percentile(http, 0.99),
    peer: 'agent.generate in-process',
    peerValue: percentile(direct, 0.5),
    peerMean: mean(direct),
    peerP99: percentile(direct, 0.99),
    ratio: percentile(http, 0.5) / percentile(direct, 0.5),
  },
  {
    case: 'added by the service, fetch client, p50 (target <= 1 ms)',
    unit: 'ms',
    value: percentile(http, 0.5) - percentile(direct, 0.5),
  },
  {
    case: 'added by the service, fetch client, p99 (target <= 5 ms)',
    unit: 'ms',
    value: percentile(http, 0.99) - percentile(direct, 0.99),
  },
  {
    case: 'added by the service, node:http keep-alive client, p50 (target <= 1 ms)',
    unit: 'ms',
    value: percentile(nodeHttp, 0.5) - percentile(direct, 0.5),
  },
  {
    case: 'added by the service, node:http keep-alive client, p99 (target <= 5 ms)',
    unit: 'ms',
    value: percentile(nodeHttp, 0.99) - percentile(direct, 0.99),
  },
  {
    case: 'service code alone (instant model, app.fetch, no network), added p50',
    unit: 'ms',
    value: percentile(bareFetch, 0.5) - percentile(bareDirect, 0.5),
    p99: percentile(bareFetch, 0.99) - percentile(bareDirect, 0.99),
  },
  {
    case: 'service code + HTTP (instant model, client and server in one process), added p50',
    unit: 'ms',
    value: percentile(bareHttp, 0.5) - percentile(bareDirect, 0.5),
    p99: percentile(bareHttp, 0.99) - percentile(bareDirect, 0.99),
  },
  {
    case: 'agent.generate inside the replica, p50 (Server-Timing)',
    unit: 'ms',
    value: percentile(inside, 0.5),
    p99: percentile(inside, 0.99),
  },
  {
    case: 'the whole request inside the replica, p50 (Server-Timing)',
    unit: 'ms',
    value: percentile(handler, 0.5),
    p99: percentile(handler, 0.99),
  },
  {
    case: 'requests per second, one replica, 32 clients',
    unit: 'ops/s',
    value: httpRps,
    peer: 'agent.generate in-process, 32 at once',
    peerValue: directRps,
    ratio: httpRps / directRps,
  },
];
writeResults('agent-service', results);
process.stdout.write(`${formatResults('@orkit/agent-service', results)}\n`);
replica.child.kill('SIGTERM');
await replica.exited;
simulatorProcess.kill('SIGTERM');
await stores.close();
