/**
 * `pnpm --filter @orkit/agent-service replicas`: three replicas behind a round-robin proxy, sharing Redis and
 * PostgreSQL, for trying the multi-replica behaviour by hand. Offline (no OPENROUTER_API_KEY) they share one
 * simulator and the demo tenants. Needs REDIS_URL and DATABASE_URL (or POSTGRES_URL). Ctrl-C drains them all.
 */
import { SIMULATOR_API_KEY, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { startRoundRobinProxy } from './round-robin-proxy.js';
import { DEMO_TENANTS_FILE } from './run-service.js';
import { type ReplicaProcess, spawnReplica } from './spawn-replica.js';

const count = Number(process.env.REPLICAS ?? 3);
const postgres = process.env.DATABASE_URL || process.env.POSTGRES_URL;
if (!process.env.REDIS_URL || !postgres) {
  process.stderr.write(
    'replicas: set REDIS_URL and DATABASE_URL so the replicas share state, e.g.\n  REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @orkit/agent-service replicas\n',
  );
  process.exit(3);
}
if (!Number.isInteger(count) || count < 1 || count > 16) {
  process.stderr.write(
    `replicas: REPLICAS must be a whole number from 1 to 16, got '${process.env.REPLICAS}'\n`,
  );
  process.exit(3);
}
const offline = !process.env.OPENROUTER_API_KEY;
const simulator = offline ? await startOpenRouterSimulator({}) : undefined;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: postgres,
  ...(simulator
    ? {
        OPENROUTER_API_KEY: SIMULATOR_API_KEY,
        OPENROUTER_BASE_URL: simulator.baseURL,
        ORKIT_TENANTS_FILE: process.env.ORKIT_TENANTS_FILE ?? DEMO_TENANTS_FILE,
      }
    : {}),
};
const replicas: ReplicaProcess[] = [];
for (let index = 1; index <= count; index += 1)
  replicas.push(await spawnReplica({ ...env, PORT: '0', ORKIT_REPLICA: `r${index}` }));
const proxy = await startRoundRobinProxy({
  targets: replicas.map((replica) => replica.url),
  port: Number(process.env.PORT ?? 4110),
});
process.stdout.write(
  `${count} replicas (${replicas.map((replica) => replica.url).join(', ')}) behind ${proxy.url}${simulator ? ', offline: answers scripted by a shared simulator' : ''}\n` +
    `try: curl -si ${proxy.url}/v1/agents/code-reviewer/generate -H 'authorization: Bearer demo-acme-key' -H 'content-type: application/json' -d '{"prompt":"Review: eval(x)"}' | grep -i x-replica\n`,
);
const stop = async () => {
  for (const replica of replicas) replica.child.kill('SIGTERM');
  await Promise.all(replicas.map((replica) => replica.exited));
  await proxy.close();
  await simulator?.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
