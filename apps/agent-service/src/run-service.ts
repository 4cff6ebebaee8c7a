import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createOpenRouter, loadConfig, type OrkitConfig } from '@orkit/config';
import { type OpenRouterSimulator, SIMULATOR_API_KEY, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { type AgentService, type AgentServiceOptions, createAgentService } from './agent-service.js';
import { openServiceStores, presetAgents, type ServiceStores } from './service-stack.js';
import { loadTenantsFile, type TenantDirectory, TenantsConfigError } from './tenants.js';
import { createUsageCollector } from './usage-collector.js';

/** The tenants file the offline mode uses: two tenants whose demo keys the README lists. */
export const DEMO_TENANTS_FILE = fileURLToPath(new URL('../demo-tenants.json', import.meta.url));

/** Settings of one replica, read from the environment by {@link serviceSettingsFromEnv}. */
export interface ServiceSettings {
  readonly port: number;
  readonly host: string;
  readonly tenantsFile: string | undefined;
  readonly redisUrl: string | undefined;
  readonly postgresUrl: string | undefined;
  readonly ledgerPath: string | undefined;
  readonly prefix: string | undefined;
  readonly replica: string;
  /** How long calls in flight may finish after SIGTERM. */
  readonly drainMs: number;
  readonly reservationTtlMs: number | undefined;
}

function whole(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new TenantsConfigError(`${name} must be a whole number, got '${raw}'.`);
  return value;
}

/**
 * The replica's settings: `PORT` (4111), `HOST` (127.0.0.1), `ORKIT_TENANTS_FILE`, `REDIS_URL`, `DATABASE_URL`
 * (or `POSTGRES_URL`), `ORKIT_LEDGER` (SQLite file without PostgreSQL), `ORKIT_REDIS_PREFIX`, `ORKIT_REPLICA`,
 * `ORKIT_DRAIN_MS` (10 000), `ORKIT_RESERVATION_TTL_MS`.
 *
 * @example
 * const settings = serviceSettingsFromEnv(process.env);
 */
export function serviceSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ServiceSettings {
  return {
    port: whole(env, 'PORT', 4111),
    host: env.HOST || '127.0.0.1',
    tenantsFile: env.ORKIT_TENANTS_FILE || undefined,
    redisUrl: env.REDIS_URL || undefined,
    postgresUrl: env.DATABASE_URL || env.POSTGRES_URL || undefined,
    ledgerPath: env.ORKIT_LEDGER || undefined,
    prefix: env.ORKIT_REDIS_PREFIX || undefined,
    replica: env.ORKIT_REPLICA || `replica-${process.pid}`,
    drainMs: whole(env, 'ORKIT_DRAIN_MS', 10_000),
    reservationTtlMs: env.ORKIT_RESERVATION_TTL_MS ? whole(env, 'ORKIT_RESERVATION_TTL_MS', 0) : undefined,
  };
}

/**
 * The preset agents on these stores and tenants, served: each call's exact cost in its response, tenant rate limits
 * in the resilience store, readiness from the stores.
 *
 * @example
 * const service = presetService({ config: loadConfig(), stores, tenants, replica: 'r1' });
 */
export function presetService(options: {
  readonly config: OrkitConfig;
  readonly stores: ServiceStores;
  readonly tenants: TenantDirectory;
  readonly replica?: string;
  readonly reservationTtlMs?: number;
  readonly log?: AgentServiceOptions['log'];
}): AgentService {
  const { config, stores, tenants } = options;
  const usage = createUsageCollector();
  const openrouter = createOpenRouter(config);
  return createAgentService({
    agents: presetAgents({
      model: (id) => openrouter.chat(id),
      tiers: config.models,
      stores,
      tenants,
      onUsage: usage.listener,
      ...(options.reservationTtlMs ? { reservationTtlMs: options.reservationTtlMs } : {}),
    }),
    tenants,
    limiter: stores.resilience,
    budgets: stores.budget,
    ledger: stores.ledger,
    usage,
    ping: () => stores.ping(),
    ...(options.replica ? { replica: options.replica } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}

/** A listening replica. */
export interface RunningService {
  readonly url: string;
  readonly service: AgentService;
  /** Whether the answers come from the embedded simulator. */
  readonly offline: boolean;
  /** Stops taking connections, drains (see `AgentService.drain`), closes the stores. */
  shutdown(): Promise<{ finished: number; ended: number }>;
}

/**
 * Starts one replica: the preset agents on the stores the settings name, served over HTTP. Without
 * `OPENROUTER_API_KEY` (and without `OPENROUTER_BASE_URL`) it answers from an embedded simulator and uses the demo
 * tenants; with a key it refuses to start without a tenants file (demo keys must never guard real money).
 *
 * @example
 * const running = await runService(serviceSettingsFromEnv(process.env), process.env);
 * process.once('SIGTERM', () => running.shutdown().then(() => process.exit(0)));
 */
export async function runService(
  settings: ServiceSettings,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunningService> {
  const offline = !env.OPENROUTER_API_KEY && !env.OPENROUTER_BASE_URL;
  if (!offline && !settings.tenantsFile)
    throw new TenantsConfigError(
      'ORKIT_TENANTS_FILE is not set. With a real OpenRouter key the service needs your own tenants file (the demo keys are public); see the service README.',
    );
  const tenants = loadTenantsFile(settings.tenantsFile ?? DEMO_TENANTS_FILE);
  let simulator: OpenRouterSimulator | undefined;
  if (offline) simulator = await startOpenRouterSimulator({});
  const config = loadConfig({
    env: simulator
      ? { ...env, OPENROUTER_API_KEY: SIMULATOR_API_KEY, OPENROUTER_BASE_URL: simulator.baseURL }
      : { OPENROUTER_X_TITLE: 'orkit agent-service', ...env },
  });
  const stores = await openServiceStores({
    ...(settings.redisUrl ? { redisUrl: settings.redisUrl } : {}),
    ...(settings.postgresUrl ? { postgresUrl: settings.postgresUrl } : {}),
    ...(settings.ledgerPath ? { ledgerPath: settings.ledgerPath } : {}),
    ...(settings.prefix ? { prefix: settings.prefix } : {}),
  });
  const service = presetService({
    config,
    stores,
    tenants,
    replica: settings.replica,
    ...(settings.reservationTtlMs ? { reservationTtlMs: settings.reservationTtlMs } : {}),
  });
  // Plain HTTP/1.1 (no http2 options), so the server is a node:http Server.
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: service.fetch, port: settings.port, hostname: settings.host }, () =>
      resolve(started as Server),
    );
  });
  const address = server.address() as AddressInfo;
  let stopping: Promise<{ finished: number; ended: number }> | undefined;
  return {
    url: `http://${settings.host}:${address.port}`,
    service,
    offline,
    shutdown() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const drained = await service.drain(settings.drainMs);
        // A call counts as done when its last part is handed to the response; let the sockets carry it out
        // (closing idle keep-alive connections as they free up), and cut only what is still open after 5 s.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
        clearInterval(idle);
        clearTimeout(timer);
        server.closeAllConnections();
        await closed;
        await stores.close();
        await simulator?.close();
        return drained;
      })();
      return stopping;
    },
  };
}
