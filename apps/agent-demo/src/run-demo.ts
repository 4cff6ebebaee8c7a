import { resolve } from 'node:path';
import { checkKey, createOpenRouter, KeyCheckError, loadConfig, type OrkitConfig } from '@orkit/config';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import {
  CODE_REVIEW_PRESET,
  CONTENT_WRITER_PRESET,
  createAgent,
  DATA_ANALYST_PRESET,
  streamAgentText,
} from '@orkit/mastra-agents';
import { createModelCatalog, estimateCost } from '@orkit/model-selection';
import { type BudgetStore, summarizeUsage, windowSpan } from '@orkit/observability';
import { createRedisBudgetStore } from '@orkit/observability/redis';
import { createSqliteBudgetStore, createSqliteLedger } from '@orkit/observability/sqlite';
import {
  type CacheStore,
  createMemoryCacheStore,
  createMemoryStore,
  type ResilienceEvent,
  type ResilienceStore,
} from '@orkit/resilience';
import { createRedisCacheStore, createRedisStore } from '@orkit/resilience/redis';
import { type GuardEvent, guardMiddleware, PromptInjectionError } from '@orkit/security';
import { type OpenRouterSimulator, SIMULATOR_API_KEY, type SimulatorScenario } from '@orkit/testing-mocks';
import { Redis } from 'ioredis';
import { startDemoSimulator } from './demo-simulator.js';
import { type PromptCachingSummary, promptCachingOf, summaryRows } from './demo-summary.js';
import { REVIEW_GUIDE } from './review-guide.js';
import { ATTACK_WORK, SAMPLE_WORK } from './sample-work.js';

/** The demo's scenarios. */
export type DemoScenario = Exclude<SimulatorScenario, 'chaos'> | 'attack';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** `attack` is the calm simulator plus two requests that carry prompt injections. */
  readonly scenario: DemoScenario;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where streamed text and progress go. */
  readonly write?: (text: string) => void;
  /** How many rounds of the sample work (the outage scenario shows the breaker opening in round 2). Default 2. */
  readonly rounds?: number;
  /**
   * The SQLite file the ledger (and, without Redis, the daily budget) is kept in, so the demo's calls can be looked
   * at afterwards and the budget holds across runs. Default `.orkit/demo-ledger.db` in the working directory.
   */
  readonly ledgerPath?: string;
}

/** One row of the summary: an agent on a model. */
export interface DemoRow {
  readonly agent: string;
  readonly model: string;
  readonly requests: number;
  readonly failed: number;
  readonly retries: number;
  readonly fallbacksAway: number;
  readonly breaker: string;
  readonly cacheHits: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Exact decimal USD. */
  readonly costUsd: string;
}

/** What the demo did. */
export interface DemoSummary {
  readonly scenario: DemoScenario;
  readonly offline: boolean;
  readonly store: 'memory' | 'redis';
  readonly tasks: number;
  readonly completed: number;
  readonly failed: Array<{ agent: string; error: string }>;
  readonly rows: DemoRow[];
  readonly totals: {
    readonly requests: number;
    readonly costUsd: string;
    /** Exact decimal USD. */
    readonly budgetUsd: string;
    readonly budgetLeftUsd: string;
  };
  /** Requests the injection guard blocked before any model was called. */
  /** The SQLite file the ledger was written to (look at it with the dashboard). */
  readonly ledgerPath: string;
  /** The command that serves the dashboard on this ledger. */
  readonly dashboardCommand: string;
  readonly blockedInjections: number;
  /** Offline: chat requests the simulator saw (equal to `totals.requests`). */
  readonly simulatorRequests: number | null;
  /** What the providers' prompt caches did for these calls (the code reviewer's long guide is read from it). */
  readonly promptCaching: PromptCachingSummary;
}

/** The guard's refusal, however deep the agent layers wrapped it. */
function findBlock(error: unknown): PromptInjectionError | undefined {
  for (let current = error, depth = 0; current && depth < 8; depth += 1) {
    if (current instanceof PromptInjectionError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A clear, non-zero-exit problem (bad key, unreachable OpenRouter). */
export class DemoSetupError extends Error {
  override readonly name = 'DemoSetupError';
}

/** Runs the three preset agents on the sample work through the full stack and summarises what happened. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const offline = !env.OPENROUTER_API_KEY;
  let simulator: OpenRouterSimulator | undefined;
  let config: OrkitConfig;
  if (offline) {
    simulator = await startDemoSimulator(options.scenario);
    config = loadConfig({
      env: {
        ...env,
        OPENROUTER_API_KEY: SIMULATOR_API_KEY,
        OPENROUTER_BASE_URL: simulator.baseURL,
        OPENROUTER_X_TITLE: 'orkit demo',
      },
    });
  } else {
    config = loadConfig({ env: { OPENROUTER_X_TITLE: 'orkit demo', ...env } });
    try {
      await checkKey(config);
    } catch (error) {
      if (KeyCheckError.isInstance(error)) throw new DemoSetupError(error.message);
      throw error;
    }
  }

  const redis = config.redisUrl
    ? new Redis(config.redisUrl.reveal(), { lazyConnect: true, maxRetriesPerRequest: 1 })
    : undefined;
  if (redis) {
    redis.on('error', () => undefined);
    await redis.connect().catch(() => undefined);
  }
  const prefix = `orkit-demo:${Date.now()}`;
  const events: Array<ResilienceEvent & { agent: string }> = [];
  const resilienceStore: ResilienceStore = redis
    ? createRedisStore({ client: redis, prefix })
    : createMemoryStore();
  const ledgerPath = resolve(options.ledgerPath ?? '.orkit/demo-ledger.db');
  const sqliteBudget = redis ? undefined : createSqliteBudgetStore({ path: ledgerPath });
  const budgetStore: BudgetStore = redis
    ? createRedisBudgetStore({ client: redis, prefix: `${prefix}:budget` })
    : (sqliteBudget as BudgetStore);
  const cacheStore: CacheStore = redis
    ? createRedisCacheStore({ client: redis, prefix: `${prefix}:cache` })
    : createMemoryCacheStore();
  const ledger = createSqliteLedger({ path: ledgerPath });
  const startedAt = Date.now();
  const catalog = createModelCatalog();
  const openrouter = createOpenRouter(config);
  const budgetUsd = formatUsd(parseUsd(config.budgets.dailyUsd ?? 1));

  const guardEvents: GuardEvent[] = [];
  const guard = guardMiddleware({
    injection: { policy: 'block' },
    maxInputTokens: 50_000,
    onEvent: (event) => guardEvents.push(event),
  });
  const work = options.scenario === 'attack' ? [...SAMPLE_WORK, ...ATTACK_WORK] : SAMPLE_WORK;

  const agents = [CODE_REVIEW_PRESET, CONTENT_WRITER_PRESET, DATA_ANALYST_PRESET].map((preset) => {
    const onEvent = (event: ResilienceEvent) => events.push({ ...event, agent: preset.name });
    return createAgent({
      ...preset,
      // The team's review guide rides with the reviewer's instructions: a long, stable prefix the provider caches.
      instructions:
        preset === CODE_REVIEW_PRESET ? `${preset.instructions}\n\n${REVIEW_GUIDE}` : preset.instructions,
      model: (id) => openrouter.chat(id),
      tiers: config.models,
      stack: {
        guards: [guard],
        cache: { store: cacheStore, onEvent },
        resilience: {
          store: resilienceStore,
          retry: { maxAttempts: 3, baseDelayMs: 200, maxRetryAfterMs: 5_000 },
          breaker: { threshold: 2, openMs: 30_000 },
          rateLimit: { requestsPerWindow: 60, tokensPerWindow: 400_000, maxWaitMs: 10_000 },
          timeout: { firstChunkMs: 20_000, betweenChunksMs: 15_000, totalMs: 120_000 },
          onEvent,
        },
        budget: {
          store: budgetStore,
          limits: [{ scope: 'global', window: 'daily', usd: budgetUsd }],
          estimateCostUsd: (model, params) => {
            const entry = catalog.find(model.modelId);
            return entry
              ? estimateCost(entry, {
                  prompt: params.prompt as never,
                  maxOutputTokens: params.maxOutputTokens ?? preset.maxOutputTokens,
                }).usd
              : undefined;
          },
        },
        usage: { ledger },
        // Cache breakpoints for the models that need them (Anthropic, Gemini); others cache by themselves.
        promptCaching: {},
        fallback: { maxAttempts: 5, deadlineMs: 90_000, onEvent },
      },
    });
  });

  const failed: Array<{ agent: string; error: string }> = [];
  let completed = 0;
  const rounds = options.rounds ?? 2;
  try {
    for (let round = 1; round <= rounds; round += 1) {
      for (const item of work) {
        const agent = agents.find((candidate) => candidate.name === item.agent);
        if (!agent) continue;
        write(`\n── ${item.agent} · ${item.title}${rounds > 1 ? ` (round ${round})` : ''} ──\n`);
        try {
          for await (const text of streamAgentText(agent, item.prompt, { user: 'demo-user' })) write(text);
          completed += 1;
          const done = await ledger.query({ agent: item.agent, from: startedAt });
          write(`\n   ✓ ${done.length} request(s) so far, $${summarizeUsage(done).overall.costUsd}\n`);
        } catch (error) {
          const blocked = findBlock(error);
          if (blocked) {
            write(`   ⛔ blocked before any model was called: ${blocked.message}\n`);
            continue;
          }
          failed.push({ agent: item.agent, error: (error as Error).message });
          write(`\n   ✗ ${(error as Error).message}\n`);
        }
      }
    }
    const records = await ledger.query({ from: startedAt });
    const span = windowSpan('daily', Date.now());
    const budget = await budgetStore.snapshot(`global|${span.label}`, Date.now());
    const rows = await summaryRows(records, events, resilienceStore);
    const costUsd = summarizeUsage(records).overall.costUsd;
    return {
      scenario: options.scenario,
      offline,
      store: redis ? 'redis' : 'memory',
      tasks: work.length * rounds,
      completed,
      failed,
      rows,
      totals: {
        requests: records.length,
        costUsd,
        budgetUsd,
        budgetLeftUsd: formatUsd(
          parseUsd(budgetUsd) - budget.spentPico > 0n ? parseUsd(budgetUsd) - budget.spentPico : 0n,
        ),
      },
      ledgerPath,
      dashboardCommand: `npx -y pnpm@12.21.0 dashboard${options.ledgerPath ? ` --ledger ${ledgerPath}` : ''}`,
      blockedInjections: guardEvents.filter((event) => event.type === 'injection').length,
      promptCaching: promptCachingOf(records, catalog),
      simulatorRequests: simulator ? simulator.requests.chats().length : null,
    };
  } finally {
    await simulator?.close();
    await ledger.flush();
    await ledger.close();
    sqliteBudget?.close?.();
    await redis?.quit().catch(() => redis.disconnect());
  }
}
