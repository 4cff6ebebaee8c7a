import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Agent } from '@mastra/core/agent';
import { Mastra } from '@mastra/core/mastra';
import type { ModelTiers } from '@orkit/config/tiers';
import {
  type AgentStack,
  CODE_REVIEW_PRESET,
  CONTENT_WRITER_PRESET,
  createAgent,
  DATA_ANALYST_PRESET,
  type ModelFactory,
} from '@orkit/mastra-agents';
import { createModelCatalog, estimateCost } from '@orkit/model-selection';
import type { BudgetStore, EventLedger, Ledger, ObservabilityEventListener } from '@orkit/observability';
import { createPostgresBudgetStore, createPostgresLedger } from '@orkit/observability/postgres';
import { createSqliteBudgetStore, createSqliteLedger } from '@orkit/observability/sqlite';
import {
  type CacheStore,
  createMemoryCacheStore,
  createMemoryStore,
  type ResilienceStore,
} from '@orkit/resilience';
import { createRedisCacheStore, createRedisStore } from '@orkit/resilience/redis';
import { guardMiddleware } from '@orkit/security';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TenantDirectory } from './tenants.js';

/** Where a service keeps its state. */
export interface ServiceStoresOptions {
  /** Limits, breakers and the response cache, shared by every replica. Without it: this process only. */
  readonly redisUrl?: string;
  /** The ledger and budgets, shared by every replica. Without it: a SQLite file (`ledgerPath`), one machine. */
  readonly postgresUrl?: string;
  /** Default `.orkit/service-ledger.db`. */
  readonly ledgerPath?: string;
  /** Redis key prefix; replicas of one deployment share it. Default `orkit-service`. */
  readonly prefix?: string;
}

/** The stores of one replica. */
export interface ServiceStores {
  readonly resilience: ResilienceStore;
  readonly cache: CacheStore;
  readonly budget: BudgetStore;
  readonly ledger: Ledger & EventLedger & { flush(): Promise<void> };
  /** Whether every replica pointed at the same URLs shares this state (Redis and PostgreSQL both given). */
  readonly shared: boolean;
  /** Throws when a store does not answer (readiness). */
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Within `ms`, or a rejection that names what did not answer. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Opens the stores a replica needs. With `redisUrl` and `postgresUrl` every replica shares limits, breakers,
 * cache, budgets and the ledger; budgets live in PostgreSQL (not Redis) so that spend survives a Redis restart.
 *
 * @example
 * const stores = await openServiceStores({ redisUrl: process.env.REDIS_URL, postgresUrl: process.env.DATABASE_URL });
 */
export async function openServiceStores(options: ServiceStoresOptions): Promise<ServiceStores> {
  const prefix = options.prefix ?? 'orkit-service';
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true })
    : undefined;
  // A down Redis is reported by the stores (typed errors, fallbacks) and by readiness; it must not crash the process.
  redis?.on('error', () => undefined);
  await redis?.connect().catch(() => undefined);
  const pool = options.postgresUrl
    ? new pg.Pool({ connectionString: options.postgresUrl, max: 10, connectionTimeoutMillis: 5_000 })
    : undefined;
  pool?.on('error', () => undefined);
  let ledger: ServiceStores['ledger'];
  let budget: BudgetStore;
  let closeSql: () => Promise<void>;
  if (pool) {
    const postgresLedger = await createPostgresLedger({ pool });
    const postgresBudget = await createPostgresBudgetStore({ pool });
    budget = postgresBudget;
    ledger = postgresLedger;
    closeSql = async () => {
      // Calls do not wait for their budget settlement: let those in flight land before the pool ends.
      await postgresBudget.close();
      await postgresLedger.flush();
      await pool.end();
    };
  } else {
    const path = resolve(options.ledgerPath ?? '.orkit/service-ledger.db');
    mkdirSync(dirname(path), { recursive: true });
    const sqliteLedger = createSqliteLedger({ path });
    const sqliteBudget = createSqliteBudgetStore({ path });
    ledger = sqliteLedger;
    budget = sqliteBudget;
    closeSql = async () => {
      await sqliteLedger.flush();
      await sqliteLedger.close();
      sqliteBudget.close();
    };
  }
  return {
    resilience: redis
      ? createRedisStore({ client: redis, prefix: `${prefix}:resilience` })
      : createMemoryStore(),
    cache: redis
      ? createRedisCacheStore({ client: redis, prefix: `${prefix}:cache` })
      : createMemoryCacheStore(),
    budget,
    ledger,
    shared: Boolean(redis && pool),
    async ping() {
      if (redis) await within(1_000, 'Redis', redis.ping());
      if (pool) await within(2_000, 'PostgreSQL', pool.query('SELECT 1'));
    },
    async close() {
      await closeSql();
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}

/** Options of {@link presetAgents}. */
export interface PresetAgentsOptions {
  /** Turns an OpenRouter id into a model, e.g. `createOpenRouter(config).chat`. */
  readonly model: ModelFactory;
  readonly tiers?: Partial<ModelTiers>;
  readonly stores: ServiceStores;
  readonly tenants: TenantDirectory;
  /** How long a reservation of a replica that died before settling holds budget. Default 10 minutes. */
  readonly reservationTtlMs?: number;
  /** Hears every usage record and budget event (the service collects each call's cost with it). */
  readonly onUsage?: ObservabilityEventListener;
}

/**
 * The stack every agent of the service runs on: injection guard, the tenant's budgets (reserved before, settled
 * after, in the shared budget store), a response cache scoped to the tenant (one tenant never gets another's
 * cached answer), breaker, retry, timeouts and limits per model in the shared resilience store, and one usage
 * record per attempt in the shared ledger.
 *
 * @example
 * const agent = createAgent({ ...CODE_REVIEW_PRESET, model: openrouter.chat, stack: serviceStack(options) });
 */
export function serviceStack(options: PresetAgentsOptions, maxOutputTokens = 1_024): AgentStack {
  const catalog = createModelCatalog();
  const { stores } = options;
  return {
    guards: [guardMiddleware({ injection: { policy: 'block' }, maxInputTokens: 100_000 })],
    cache: {
      store: stores.cache,
      scope: (params) => {
        const tenant = (params.providerOptions?.orkit as { tenant?: unknown } | undefined)?.tenant;
        return typeof tenant === 'string' ? `tenant:${tenant}` : undefined;
      },
    },
    resilience: {
      store: stores.resilience,
      retry: { maxAttempts: 3, baseDelayMs: 200, maxRetryAfterMs: 5_000 },
      breaker: { threshold: 3, openMs: 30_000 },
      timeout: { firstChunkMs: 30_000, betweenChunksMs: 30_000, totalMs: 180_000 },
    },
    budget: {
      store: stores.budget,
      limits: options.tenants.budgetLimits(),
      ...(options.reservationTtlMs ? { reservationTtlMs: options.reservationTtlMs } : {}),
      estimateCostUsd: (model, params) => {
        const entry = catalog.find(model.modelId);
        return entry
          ? estimateCost(entry, {
              prompt: params.prompt as never,
              maxOutputTokens: params.maxOutputTokens ?? maxOutputTokens,
            }).usd
          : undefined;
      },
      ...(options.onUsage ? { onEvent: options.onUsage } : {}),
    },
    usage: { ledger: stores.ledger, ...(options.onUsage ? { onEvent: options.onUsage } : {}) },
    fallback: { maxAttempts: 5, deadlineMs: 180_000 },
  };
}

/**
 * The three preset agents (`code-reviewer`, `content-writer`, `data-analyst`) on {@link serviceStack}, by id.
 *
 * @example
 * const agents = presetAgents({ model: createOpenRouter(config).chat, tiers: config.models, stores, tenants });
 */
export function presetAgents(options: PresetAgentsOptions): Record<string, Agent> {
  const agents: Record<string, Agent> = {};
  for (const preset of [CODE_REVIEW_PRESET, CONTENT_WRITER_PRESET, DATA_ANALYST_PRESET]) {
    agents[preset.name] = createAgent({
      ...preset,
      model: options.model,
      ...(options.tiers ? { tiers: options.tiers } : {}),
      stack: serviceStack(options, preset.maxOutputTokens),
    });
  }
  // Registered without a logger: every failure already reaches the client as a typed error (and 500s the
  // service's own log), so Mastra's console copy of each one would only be noise.
  new Mastra({ agents, logger: false });
  return agents;
}
