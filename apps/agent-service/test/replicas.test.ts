/**
 * Replicas acting as one: separate processes on one Redis and one PostgreSQL, behind the round-robin proxy, on a
 * shared simulator. Budgets, rate limits, breakers and the cache hold across replicas; a SIGKILLed replica costs a
 * client one clean error event and nothing else; SIGTERM drains.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sumUsd } from '@orkit/config/usd';
import { faults, SIMULATOR_API_KEY, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { postgresForTests, postgresSchema, redisForTests } from '@orkit/testing-mocks/vitest';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoundRobinProxy, startRoundRobinProxy } from '../src/round-robin-proxy.js';
import { type ReplicaProcess, spawnReplica } from '../src/spawn-replica.js';
import { auth, chatUntilText, eventually, tenant, textOf } from './service-for-tests.js';

const redis = await redisForTests();
const postgres = await postgresForTests();
const ready = Boolean(redis.url && postgres.url);
const LONG = Array.from({ length: 90 }, (_, index) => `word${index}`).join(' ');

describe.skipIf(!ready)(
  `three replicas on one Redis and one PostgreSQL ${redis.skipReason} ${postgres.skipReason}`,
  () => {
    const simulator = startOpenRouterSimulator({});
    let env: NodeJS.ProcessEnv;
    let replicas: ReplicaProcess[] = [];
    const extra: ReplicaProcess[] = [];
    let proxy: RoundRobinProxy;
    let prefix: string;

    beforeAll(async () => {
      const sim = await simulator;
      const dir = mkdtempSync(join(tmpdir(), 'orkit-replicas-'));
      const tenantsFile = join(dir, 'tenants.json');
      writeFileSync(
        tenantsFile,
        JSON.stringify({
          tenants: [
            tenant('budgeted', { budgets: [{ window: 'daily', usd: '0.02' }] }),
            tenant('limited', { rateLimit: { requests: 5, windowMs: 3_600_000 } }),
            tenant('cachea', { budgets: [{ window: 'daily', usd: '5' }] }),
            tenant('cacheb', { budgets: [{ window: 'daily', usd: '5' }] }),
            tenant('killed', { budgets: [{ window: 'daily', usd: '5' }] }),
            tenant('drained', { budgets: [{ window: 'daily', usd: '5' }] }),
            tenant('broken', { budgets: [{ window: 'daily', usd: '5' }] }),
          ],
        }),
      );
      prefix = `orkit-service-test-${process.pid}-${Date.now().toString(36)}`;
      env = {
        ...process.env,
        OPENROUTER_API_KEY: SIMULATOR_API_KEY,
        OPENROUTER_BASE_URL: sim.baseURL,
        ORKIT_TENANTS_FILE: tenantsFile,
        REDIS_URL: redis.url,
        DATABASE_URL: await postgresSchema(postgres.url as string, 'replicas'),
        ORKIT_REDIS_PREFIX: prefix,
        ORKIT_RESERVATION_TTL_MS: '3000',
      };
      replicas = await Promise.all(
        ['r1', 'r2', 'r3'].map((name) => spawnReplica({ ...env, ORKIT_REPLICA: name })),
      );
      proxy = await startRoundRobinProxy({ targets: replicas.map((replica) => replica.url) });
    }, 120_000);

    afterAll(async () => {
      for (const replica of [...replicas, ...extra]) replica.child.kill('SIGKILL');
      await proxy?.close();
      await (await simulator).close();
    });

    const call = (base: string, who: string, prompt: string, agent = 'code-reviewer') =>
      fetch(`${base}/v1/agents/${agent}/generate`, {
        method: 'POST',
        headers: auth(who),
        body: JSON.stringify({ prompt }),
      });
    const usage = async (who: string) =>
      (await fetch(`${proxy.url}/v1/usage`, { headers: auth(who) })).json();
    const chargedFor = async (marker: string) =>
      sumUsd(
        (await simulator).requests
          .chats()
          .filter((record) => JSON.stringify(record.body).includes(marker))
          .map((record) => record.chargedUsd),
      );

    it('a tenant budget is never overspent across replicas, and spend is exact', async () => {
      // Each call reserves its worst case (about $0.017) against a $0.02 budget: only one fits at a time.
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          call(proxy.url, 'budgeted', `BUDGET-${index} review: let x = 1`),
        ),
      );
      const answers = await Promise.all(
        burst.map(async (response) => ({ status: response.status, body: await response.json() })),
      );
      expect(answers.every((answer) => answer.status === 200 || answer.status === 402)).toBe(true);
      expect(answers.some((answer) => answer.status === 402)).toBe(true);
      const refused = answers.find((answer) => answer.status === 402)?.body.error;
      expect(refused.details).toMatchObject({ scope: 'tenant:budgeted', limitUsd: '0.02' });
      // Then one at a time until the budget has no room for another worst case.
      const sequential = [];
      for (let index = 0; index < 60; index += 1) {
        const response = await call(proxy.url, 'budgeted', `BUDGET-seq-${index} review: let y = 2`);
        sequential.push({ status: response.status, body: await response.json() });
        if (response.status === 402) break;
      }
      expect(sequential.at(-1)?.status).toBe(402);
      const succeeded = [...answers, ...sequential].filter((answer) => answer.status === 200);
      const spent = await usage('budgeted');
      const figures = spent.budgets[0];
      expect(Number(figures.spentUsd)).toBeLessThanOrEqual(0.02);
      expect(figures.reservedUsd).toBe('0');
      // The budget, the ledger, what the clients were told and what the provider charged: one exact figure.
      expect(spent.last24h.costUsd).toBe(figures.spentUsd);
      expect(sumUsd(succeeded.map((answer) => answer.body.costUsd))).toBe(figures.spentUsd);
      expect(await chargedFor('BUDGET-')).toBe(figures.spentUsd);
      expect(spent.last24h.calls).toBe(succeeded.length);
    });

    it('a tenant rate limit holds across replicas', async () => {
      const answers: Array<{ status: number; replica: string | null; retryAfter: string | null }> = [];
      for (let index = 0; index < 9; index += 1) {
        const response = await call(proxy.url, 'limited', `RATE-${index} review`);
        answers.push({
          status: response.status,
          replica: response.headers.get('x-replica'),
          retryAfter: response.headers.get('retry-after'),
        });
        await response.arrayBuffer();
      }
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
      expect(new Set(answers.map((answer) => answer.replica))).toEqual(new Set(['r1', 'r2', 'r3']));
      expect(Number(answers.at(-1)?.retryAfter)).toBeGreaterThan(0);
    });

    it('a response cached by one replica is served by another, never to another tenant', async () => {
      const sim = await simulator;
      const client = new Redis(redis.url as string);
      try {
        const prompt = 'CACHE-1 review: function add(a, b) { return a - b }';
        const first = await (await call(replicas[0]?.url as string, 'cachea', prompt)).json();
        expect(first.costUsd).toBeDefined();
        await eventually(
          async () => ((await client.keys(`${prefix}:cache*`)).length > 0 ? true : undefined),
          20_000,
          'the cache entry',
        );
        const before = sim.requests.chats().length;
        const second = await (await call(replicas[1]?.url as string, 'cachea', prompt)).json();
        expect(second.text).toBe(first.text);
        expect(second.costUsd).toBeUndefined();
        expect(sim.requests.chats().length).toBe(before);
        const other = await (await call(replicas[2]?.url as string, 'cacheb', prompt)).json();
        expect(other.costUsd).toBeDefined();
        expect(sim.requests.chats().length).toBe(before + 1);
      } finally {
        client.disconnect();
      }
    });

    it('a replica SIGKILLed mid-stream: one clean error event, nothing charged twice, the reservation released, the others serve', async () => {
      const sim = await simulator;
      const rule = sim.script({
        prompt: /KILL-ME/,
        steps: faults.stall({ ms: 600_000, afterChunks: 60, keepAlive: true, text: LONG }),
      });
      const doomed = await spawnReplica({ ...env, ORKIT_REPLICA: 'r4' });
      extra.push(doomed);
      const front = await startRoundRobinProxy({ targets: [doomed.url, replicas[0]?.url as string] });
      try {
        const chat = await chatUntilText(front.url, 'killed', 'KILL-ME slowly');
        expect(chat.response.headers.get('x-replica')).toBe('r4');
        doomed.child.kill('SIGKILL');
        const seen = await chat.rest();
        const errors = seen.filter((chunk) => chunk.type === 'error');
        expect(errors).toHaveLength(1);
        expect(String(errors[0]?.errorText)).toMatch(/^replica_lost: /);
        expect(textOf(seen).length).toBeGreaterThan(0);
        expect(await doomed.exited).toBe('SIGKILL');

        // The next call through the same proxy goes to a live replica.
        const next = await call(front.url, 'killed', 'KILLED-after review');
        expect(next.status).toBe(200);
        expect(next.headers.get('x-replica')).toBe('r1');
        const { costUsd } = await next.json();
        // The dead replica's reservation lapses (ORKIT_RESERVATION_TTL_MS=3000); only the finished call is charged.
        const settled = await eventually(
          async () => {
            const figures = await usage('killed');
            return figures.budgets[0].reservedUsd === '0' ? figures : undefined;
          },
          30_000,
          'the dead replica reservation to lapse',
        );
        expect(settled.budgets[0].spentUsd).toBe(costUsd);
        expect(settled.last24h.costUsd).toBe(costUsd);
        expect(settled.last24h.calls).toBe(1);
        // The other replicas never stopped serving.
        for (const replica of replicas)
          expect((await call(replica.url, 'killed', `KILLED-others ${replica.url}`)).status).toBe(200);
      } finally {
        rule.remove();
        await front.close();
      }
    });

    it('SIGTERM drains: a stream in flight finishes, new calls are refused, the process exits 0', async () => {
      const sim = await simulator;
      const rule = sim.script({
        prompt: /DRAIN-OK/,
        steps: faults.stall({ ms: 3_000, afterChunks: 60, keepAlive: true, text: LONG }),
      });
      const replica = await spawnReplica({ ...env, ORKIT_REPLICA: 'r5', ORKIT_DRAIN_MS: '60000' });
      extra.push(replica);
      try {
        const chat = await chatUntilText(replica.url, 'drained', 'DRAIN-OK please');
        replica.child.kill('SIGTERM');
        await eventually(
          async () => (replica.output().includes('SIGTERM: draining') ? true : undefined),
          20_000,
          'the drain',
        );
        const refused = await call(replica.url, 'drained', 'DRAIN-new').then(
          (answer) => answer.status,
          () => 'refused',
        );
        expect([503, 'refused']).toContain(refused);
        const seen = await chat.rest();
        expect(seen.at(-1)?.type).toBe('finish');
        expect(textOf(seen)).toBe(LONG);
        expect(await replica.exited).toBe(0);
        expect(replica.output()).toContain('drained: 1 call(s) finished, 0 ended');
      } finally {
        rule.remove();
      }
    });

    it('SIGTERM past the grace period ends a stream with a clean error event and settles its reservation at once', async () => {
      const sim = await simulator;
      const rule = sim.script({
        prompt: /DRAIN-CUT/,
        steps: faults.stall({ ms: 600_000, afterChunks: 60, keepAlive: true, text: LONG }),
      });
      // A long reservation lease: what frees the budget here is the drain settling, not the lease running out.
      const replica = await spawnReplica({
        ...env,
        ORKIT_REPLICA: 'r6',
        ORKIT_DRAIN_MS: '200',
        ORKIT_RESERVATION_TTL_MS: '600000',
      });
      extra.push(replica);
      try {
        const chat = await chatUntilText(replica.url, 'drained', 'DRAIN-CUT please');
        replica.child.kill('SIGTERM');
        const seen = await chat.rest();
        const errors = seen.filter((chunk) => chunk.type === 'error');
        expect(errors).toHaveLength(1);
        expect(String(errors[0]?.errorText)).toMatch(/^shutting_down: /);
        expect(await replica.exited).toBe(0);
        expect(replica.output()).toContain('0 call(s) finished, 1 ended');
        const figures = await usage('drained');
        expect(figures.budgets[0].reservedUsd).toBe('0');
        expect(figures.last24h.costUsd).toBe(figures.budgets[0].spentUsd);
      } finally {
        rule.remove();
      }
    });

    it('a breaker opened through one replica is seen by the others', async () => {
      const sim = await simulator;
      const rule = sim.script({ prompt: /BREAKER/, steps: faults.unavailable() });
      try {
        let opened: { status: number; body: { error: { code: string } } } | undefined;
        for (let index = 0; index < 10 && !opened; index += 1) {
          const response = await call(replicas[0]?.url as string, 'broken', `BREAKER-${index} review`);
          const answer = { status: response.status, body: await response.json() };
          if (answer.body.error?.code === 'model_unavailable') opened = answer;
        }
        expect(opened?.status).toBe(503);
        const before = sim.requests.chats().length;
        for (const replica of replicas.slice(1)) {
          const response = await call(replica.url, 'broken', 'BREAKER-elsewhere review');
          expect(response.status).toBe(503);
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
          expect((await response.json()).error.code).toBe('model_unavailable');
        }
        expect(sim.requests.chats().length).toBe(before);
      } finally {
        rule.remove();
      }
    });
  },
);
