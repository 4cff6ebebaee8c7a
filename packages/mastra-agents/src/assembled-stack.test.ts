/**
 * The end-to-end suite: the full agent stack assembled as users do (a Mastra agent from `createAgent`, every
 * package's middleware in the one order, a SQLite ledger file, memory stores and then Redis stores) against the
 * simulator's fault vocabulary over real HTTP, in generate and in stream, before and after the first token.
 *
 * Each case asserts what a user needs: one clean answer or one typed error; no duplicated text; the attempts the
 * simulator saw equal the attempts the events reported; one ledger record per attempt, whose costs (after
 * reconciling with `/generation`) equal what the simulator charged, exactly; no budget reservation left behind.
 * Timing faults (stalls, a server that sends no headers) are proven with fake timers in `@orkit/resilience`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUsd, sumUsd } from '@orkit/config/usd';
import { type BudgetStore, createMemoryBudgetStore, reconcileCosts, windowSpan } from '@orkit/observability';
import { createRedisBudgetStore } from '@orkit/observability/redis';
import { createSqliteBudgetStore, createSqliteLedger } from '@orkit/observability/sqlite';
import {
  type CacheStore,
  classifyError,
  createMemoryCacheStore,
  createMemoryStore,
  MidStreamError,
  type ResilienceEvent,
  type ResilienceStore,
} from '@orkit/resilience';
import { createRedisCacheStore, createRedisStore } from '@orkit/resilience/redis';
import { guardMiddleware } from '@orkit/security';
import { faults, reply, type SimulatorStep } from '@orkit/testing-mocks';
import { describe, expect, it } from 'vitest';
import { createAgent } from './create-agent.js';
import { simulatorAndRedis } from './simulator-for-tests.js';
import { AgentStreamError, streamAgentText } from './stream-agent-text.js';

const { simulator, openrouter, redis, connect } = await simulatorAndRedis();

const PRIMARY = 'anthropic/claude-sonnet-5';
const SECONDARY = 'openai/gpt-5.5';
const PRIMARY_TEXT = 'alpha beta gamma delta epsilon';
const FALLBACK_TEXT = 'Answer from the fallback model.';

/** The primary model's fault (it repeats on every attempt); the secondary answers. */
const CASES: Array<[string, SimulatorStep]> = [
  ['a clean answer', reply(PRIMARY_TEXT)],
  ['429 with Retry-After 0', faults.rateLimited({ retryAfterSeconds: 0 })],
  ['503', faults.unavailable()],
  ['502 from the upstream provider', faults.upstream()],
  ['408 timeout', faults.timeout()],
  ['an error inside a 200', faults.inBand(502, 'Upstream error inside a 200')],
  ['a stream error before content', faults.streamError({ afterChunks: 0 })],
  ['a stream error after content', faults.streamError({ afterChunks: 2, text: PRIMARY_TEXT })],
  ['a cut before content', faults.cut({ afterChunks: 0, text: PRIMARY_TEXT })],
  ['a cut after content', faults.cut({ afterChunks: 2, text: PRIMARY_TEXT })],
  ['a malformed body', faults.malformed()],
  ['an HTML page in a 200', faults.badBody('html')],
  ['an empty 200', faults.badBody('empty')],
  ['plain JSON for a stream', faults.badBody('json', { text: PRIMARY_TEXT })],
  ['events of the wrong shape', faults.badBody('wrong-shape')],
  ['a stream that ends without finishing', faults.badBody('no-finish', { text: PRIMARY_TEXT })],
  ['401', faults.unauthorized()],
  ['402 out of credits', faults.insufficientCredits()],
  ['403 moderation', faults.moderation()],
  ['404 no endpoints', faults.noEndpoints()],
  ['400 context length', faults.contextLength()],
];

interface Stores {
  readonly resilience: () => ResilienceStore;
  readonly cache: () => CacheStore;
  readonly budget: () => BudgetStore;
}

const memory: Stores = {
  resilience: createMemoryStore,
  cache: () => createMemoryCacheStore(),
  budget: createMemoryBudgetStore,
};
const storeKinds: Array<[string, Stores]> = [['memory', memory]];
if (redis.url) {
  const client = connect();
  const prefix = () => `orkit-e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  storeKinds.push([
    'Redis',
    {
      resilience: () => createRedisStore({ client, prefix: prefix() }),
      cache: () => createRedisCacheStore({ client, prefix: prefix() }),
      budget: () => createRedisBudgetStore({ client, prefix: prefix() }),
    },
  ]);
} else process.stdout.write(`Redis stores of the end-to-end suite ${redis.skipReason}\n`);

/** What kind of failure a caller got: a stream's error is a mid-stream error or the classified cause. */
function kindOf(error: unknown): string {
  const cause = AgentStreamError.isInstance(error) ? error.cause : error;
  return MidStreamError.isInstance(cause) ? cause.classification.kind : classifyError(cause).kind;
}

/** One case: a fresh agent on fresh stores and a fresh ledger file, one call, then every invariant. */
async function runCase(stores: Stores, step: SimulatorStep, mode: 'generate' | 'stream') {
  simulator.reset();
  simulator.script({ model: PRIMARY, steps: step });
  simulator.script({ model: SECONDARY, steps: reply(FALLBACK_TEXT) });
  const ledger = createSqliteLedger({ path: join(mkdtempSync(join(tmpdir(), 'orkit-e2e-')), 'ledger.db') });
  const budgetStore = stores.budget();
  const events: ResilienceEvent[] = [];
  const agent = createAgent({
    name: 'e2e',
    instructions: 'Answer briefly.',
    models: [PRIMARY, SECONDARY],
    model: (id) => openrouter.chat(id),
    stack: {
      guards: [guardMiddleware({ injection: { policy: 'flag' } })],
      budget: { limits: [{ scope: 'agent', window: 'daily', usd: 10 }], store: budgetStore },
      cache: { store: stores.cache() },
      resilience: {
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        breaker: { threshold: 100 },
        timeout: { firstChunkMs: 30_000, betweenChunksMs: 30_000, totalMs: 60_000 },
        store: stores.resilience(),
        onEvent: (event) => events.push(event),
      },
      usage: { ledger },
    },
  });

  let text = '';
  let error: unknown;
  if (mode === 'generate') {
    try {
      text = (await agent.generate('Say something.')).text;
    } catch (caught) {
      error = caught;
    }
  } else {
    try {
      for await (const chunk of streamAgentText(agent, 'Say something.')) text += chunk;
    } catch (caught) {
      error = caught;
    }
  }

  await ledger.flush();
  const requests = simulator.requests.chats();
  const outcome = await reconcileCosts({
    ledger,
    baseURL: simulator.baseURL,
    apiKey: simulator.apiKey,
    graceMs: 0,
  });
  const records = await ledger.query();
  const budgetKey = `agent:e2e|${windowSpan('daily', Date.now()).label}`;
  const budget = await budgetStore.snapshot(budgetKey, Date.now());
  ledger.close();
  return { text, error, requests, records, outcome, budget, events };
}

describe.each(storeKinds)('the assembled stack on %s stores', (_kind, stores) => {
  describe.each(['generate', 'stream'] as const)('%s', (mode) => {
    it.each(CASES)('%s', async (_name, step) => {
      const { text, error, requests, records, outcome, budget, events } = await runCase(stores, step, mode);

      // One clean answer, or one typed error (with the text already delivered, never duplicated).
      if (error === undefined) expect([PRIMARY_TEXT, FALLBACK_TEXT]).toContain(text);
      else {
        if (mode === 'stream') {
          expect(AgentStreamError.isInstance(error)).toBe(true);
          expect((error as AgentStreamError).partialText).toBe(text);
        }
        expect(PRIMARY_TEXT.startsWith(text)).toBe(true);
        expect(kindOf(error)).not.toBe('unknown');
      }

      // The attempts the simulator saw are the attempts the events reported, and each has one ledger record.
      expect(events.filter((event) => event.type === 'attempt')).toHaveLength(requests.length);
      expect(records).toHaveLength(requests.length);
      expect(records.map((record) => record.outcome === 'success')).toEqual(
        requests.map((request) => request.outcome === 'ok'),
      );

      // Money: after reconciling with /generation, the ledger holds exactly what the simulator charged.
      expect(outcome.pending).toBe(0);
      expect(sumUsd(records.map((record) => record.costUsd))).toBe(
        sumUsd(requests.map((request) => request.chargedUsd ?? '0')),
      );
      expect(parseUsd(simulator.chargedUsd())).toBe(
        parseUsd(sumUsd(requests.map((request) => request.chargedUsd ?? '0'))),
      );

      // No reservation left behind; what the budget counts is at least what was charged.
      expect(budget.reservedPico).toBe(0n);
      expect(budget.spentPico).toBeGreaterThanOrEqual(parseUsd(simulator.chargedUsd()));
    });
  });
});

describe('the assembled stack when the caller aborts, and across a restart', () => {
  it('a caller abort mid-stream: one typed error, the partial text, the attempt recorded and charged, nothing reserved', async () => {
    simulator.reset();
    simulator.script({ model: PRIMARY, steps: reply(PRIMARY_TEXT, { chunkDelayMs: 20 }) });
    const ledger = createSqliteLedger({ path: join(mkdtempSync(join(tmpdir(), 'orkit-e2e-')), 'ledger.db') });
    const budgetStore = createMemoryBudgetStore();
    const agent = createAgent({
      name: 'e2e',
      instructions: 'Answer briefly.',
      models: [PRIMARY, SECONDARY],
      model: (id) => openrouter.chat(id),
      stack: {
        budget: { limits: [{ scope: 'agent', window: 'daily', usd: 10 }], store: budgetStore },
        resilience: { retry: { maxAttempts: 2 } },
        usage: { ledger },
      },
    });
    const controller = new AbortController();
    let text = '';
    let error: unknown;
    try {
      for await (const chunk of streamAgentText(agent, 'Say something.', { signal: controller.signal })) {
        text += chunk;
        if (text.split(' ').length > 2) controller.abort();
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'AgentStreamError', aborted: true });
    expect(PRIMARY_TEXT.startsWith(text)).toBe(true);
    const [request] = await simulator.requests.waitFor((record) => record.outcome === 'client-aborted');
    await ledger.flush();
    await reconcileCosts({ ledger, baseURL: simulator.baseURL, apiKey: simulator.apiKey, graceMs: 0 });
    const records = await ledger.query();
    expect(records.map((record) => record.outcome)).toEqual(['aborted']);
    expect(records[0]?.costUsd).toBe(request?.chargedUsd);
    // Nothing was retried or sent elsewhere: the caller stopped.
    expect(simulator.requests.chats()).toHaveLength(1);
    const budget = await budgetStore.snapshot(
      `agent:e2e|${windowSpan('daily', Date.now()).label}`,
      Date.now(),
    );
    expect(budget.reservedPico).toBe(0n);
    ledger.close();
  });

  it('a restart mid-day: the new process knows what the day spent, and the limit still holds', async () => {
    simulator.reset();
    simulator.script({ steps: reply(FALLBACK_TEXT) });
    const path = join(mkdtempSync(join(tmpdir(), 'orkit-e2e-restart-')), 'orkit.db');
    const start = () => {
      const ledger = createSqliteLedger({ path });
      const store = createSqliteBudgetStore({ path });
      const agent = createAgent({
        name: 'e2e',
        instructions: 'Answer briefly.',
        models: [SECONDARY],
        model: (id) => openrouter.chat(id),
        stack: {
          // Room for two calls at what the simulator charges here ($0.000265); each reserves $0.0003 first.
          budget: {
            limits: [{ scope: 'agent', window: 'daily', usd: '0.0006' }],
            store,
            defaultReservationUsd: '0.0003',
          },
          usage: { ledger },
        },
      });
      const stop = () => {
        ledger.close();
        store.close();
      };
      return { agent, stop, store };
    };
    const first = start();
    await first.agent.generate('Say something.');
    first.stop();
    const second = start();
    const outcomes: string[] = [];
    for (let call = 0; call < 4; call += 1)
      outcomes.push(
        await second.agent.generate('Say something.').then(
          () => 'ok',
          (error: unknown) => (error as Error).name,
        ),
      );
    const key = `agent:e2e|${windowSpan('daily', Date.now()).label}`;
    const spent = (await second.store.snapshot(key, Date.now())).spentPico;
    second.stop();
    // The restarted process refused once the day's spend (the first process's call included) reached the limit.
    expect(outcomes).toContain('BudgetExceededError');
    expect(spent).toBe(parseUsd(simulator.chargedUsd()));
    expect(spent).toBeLessThanOrEqual(parseUsd('0.0006'));
  });
});
