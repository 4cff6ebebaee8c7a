import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Chaos, type ChaosOptions } from './chaos.js';
import { DEFAULT_SIMULATOR_MODELS } from './default-models.generated.js';
import { handleChat, refuse } from './handle-chat.js';
import { errorBody, modelBody } from './openrouter-bodies.js';
import { parsePricing } from './price-usage.js';
import { RequestLog, type RequestRecord } from './request-log.js';
import { ScriptBook, type ScriptHandle, type ScriptRule, type StepContext } from './script-book.js';
import { providerNameOf, type SimulatorModel } from './simulator-model.js';
import type { ServedModel, SimulatorState } from './simulator-state.js';
import { formatUsd, parseUsd, usdToNumber } from './usd.js';

/** A key the simulator accepts by default; it has OpenRouter's format, so `@orkit/config` validation passes. */
export const SIMULATOR_API_KEY = `sk-or-v1-${'5'.repeat(64)}`;

/** Options of {@link startOpenRouterSimulator}. */
export interface OpenRouterSimulatorOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** The catalog. Default: real OpenRouter ids and prices ({@link DEFAULT_SIMULATOR_MODELS}). */
  readonly models?: readonly SimulatorModel[];
  /** Keys that authenticate, or `'any'` for any bearer token. Default: `[SIMULATOR_API_KEY]`. */
  readonly apiKeys?: readonly string[] | 'any';
  /** Each key's credit limit in USD; past it, 402 with `limit_source: openrouter_key_limit`. Default: none. */
  readonly keyLimitUsd?: number;
  /** Scripts registered at start (and again after every `reset()`). */
  readonly scripts?: readonly ScriptRule[];
  /** Seeded fault injection for attempts no script answers. */
  readonly chaos?: ChaosOptions;
  /** The reply when nothing is scripted. Default: a short deterministic sentence naming the model and the prompt. */
  readonly defaultReply?: (context: StepContext) => string;
  /** How often `: OPENROUTER PROCESSING` is sent while a stream waits. Default 1 000 ms. */
  readonly keepAliveIntervalMs?: number;
  /** Requests kept in the log (oldest dropped first). Default 50 000. */
  readonly maxRecordedRequests?: number;
  /** Generations kept for `GET /generation`. Default 50 000. */
  readonly maxGenerations?: number;
  /** OpenRouter's fee on BYOK calls, as a share of the upstream cost. Default 0.05. */
  readonly byokFeeRate?: number;
}

/** A running simulator. */
export interface OpenRouterSimulator {
  /** `http://127.0.0.1:<port>/api/v1`: pass it as the provider's `baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  /** The first accepted key (or {@link SIMULATOR_API_KEY} when any key is accepted). */
  readonly apiKey: string;
  readonly requests: RequestLog;
  readonly models: readonly SimulatorModel[];
  /** Adds scripted behaviour; later rules are consulted after earlier ones. */
  script(rule: ScriptRule): ScriptHandle;
  /** Turns chaos on, changes it, or (`undefined`) turns it off. */
  setChaos(options: ChaosOptions | undefined): void;
  /** Exact USD charged to a key so far, as a decimal string. */
  chargedUsd(apiKey?: string): string;
  /** Back to the state right after start: scripts and chaos as configured, empty log, no charges. */
  reset(): void;
  /** Ends open streams, releases the port. */
  close(): Promise<void>;
}

function defaultReply(context: StepContext): string {
  const topic = context.prompt.trim().split(/\s+/).slice(0, 8).join(' ') || 'your request';
  return `Simulated answer from ${context.model}. You asked about "${topic}". Here is a short, deterministic reply for testing.`;
}

function headersWithoutSecrets(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = name === 'authorization' ? 'Bearer ***' : Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Starts an OpenRouter HTTP simulator on 127.0.0.1: chat completions (JSON and SSE with keep-alives, tool
 * calls, `usage.cost` from the same prices `/models` serves), `/models`, `/generation`, `/key`, OpenRouter's
 * error shapes, in-band and mid-stream errors, cuts, stalls, `models` fallback, scripting and seeded chaos.
 *
 * @example
 * const simulator = await startOpenRouterSimulator();
 * const openrouter = createOpenRouter({ baseURL: simulator.baseURL, apiKey: simulator.apiKey });
 * simulator.script({ model: 'openai/gpt-5.5', steps: [faults.rateLimited({ retryAfterSeconds: 1 }), reply('Hi!')] });
 * await generateText({ model: openrouter.chat('openai/gpt-5.5'), prompt: 'Hello' });
 * await simulator.close();
 */
export async function startOpenRouterSimulator(
  options: OpenRouterSimulatorOptions = {},
): Promise<OpenRouterSimulator> {
  const catalog = options.models ?? DEFAULT_SIMULATOR_MODELS;
  if (catalog.length === 0)
    throw new TypeError('startOpenRouterSimulator: models must list at least one model.');
  const models = new Map<string, ServedModel>();
  for (const model of catalog) {
    models.set(model.id, { model, pricing: parsePricing(model.pricing), provider: providerNameOf(model) });
  }
  const accepted = options.apiKeys ?? [SIMULATOR_API_KEY];
  const state: SimulatorState = {
    models,
    defaultModel: (catalog[0] as SimulatorModel).id,
    scripts: new ScriptBook(),
    chaos: options.chaos ? new Chaos(options.chaos) : undefined,
    log: new RequestLog(options.maxRecordedRequests),
    generations: new Map(),
    maxGenerations: options.maxGenerations ?? 50_000,
    accounts: new Map(),
    acceptsKey: accepted === 'any' ? (key) => key.length > 0 : (key) => accepted.includes(key),
    keyLimitUsd: options.keyLimitUsd === undefined ? undefined : parseUsd(options.keyLimitUsd.toFixed(12)),
    byokFeeRate: options.byokFeeRate ?? 0.05,
    keepAliveIntervalMs: options.keepAliveIntervalMs ?? 1_000,
    timers: new Set(),
    defaultReply: options.defaultReply ?? defaultReply,
    generationCounter: 0,
  };
  for (const rule of options.scripts ?? []) state.scripts.add(rule);

  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (request, response) => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const record: RequestRecord = {
      sequence: state.log.nextSequence(),
      method: request.method ?? 'GET',
      path: url.pathname,
      headers: headersWithoutSecrets(request),
      body: undefined,
      stream: false,
      requestedModel: undefined,
      startedAt: Date.now(),
      completedAt: undefined,
      status: undefined,
      outcome: undefined,
      attempts: [],
      answeredBy: undefined,
      generationId: undefined,
      chunksSent: 0,
      chargedUsd: '0',
    };
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('error', () => undefined);
    request.on('end', () => {
      try {
        route(state, request, response, record, url, Buffer.concat(chunks).toString('utf8'), size);
      } catch (error) {
        // The simulator never crashes on bad input; a bug of ours still answers like OpenRouter's 500.
        if (!response.headersSent)
          sendJson(response, 500, errorBody(500, `Simulator error: ${(error as Error).message}`));
        else response.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    baseURL: `http://${host}:${address.port}/api/v1`,
    port: address.port,
    apiKey: accepted === 'any' ? SIMULATOR_API_KEY : (accepted[0] ?? SIMULATOR_API_KEY),
    requests: state.log,
    models: catalog,
    script: (rule) => state.scripts.add(rule),
    setChaos: (chaos) => {
      state.chaos = chaos ? new Chaos(chaos) : undefined;
    },
    chargedUsd: (apiKey) => {
      const key = apiKey ?? (accepted === 'any' ? SIMULATOR_API_KEY : accepted[0]);
      return formatUsd(key === undefined ? 0n : (state.accounts.get(key)?.usage ?? 0n));
    },
    reset: () => {
      state.scripts.clear();
      for (const rule of options.scripts ?? []) state.scripts.add(rule);
      state.chaos = options.chaos ? new Chaos(options.chaos) : undefined;
      state.log.clear();
      state.generations.clear();
      state.accounts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of state.timers) clearTimeout(timer);
        state.timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function route(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  record: RequestRecord,
  url: URL,
  text: string,
  size: number,
): void {
  state.log.add(record);
  const path = url.pathname.replace(/\/+$/, '');
  const authorization = request.headers.authorization ?? '';
  const key = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? '';
  if (!['/api/v1/chat/completions', '/api/v1/models', '/api/v1/generation', '/api/v1/key'].includes(path)) {
    return refuse(state, response, record, 404, `Not found: ${request.method} ${url.pathname}`, 'not-found');
  }
  // OpenRouter serves the model list without a key; everything else needs one.
  if (path !== '/api/v1/models' && !state.acceptsKey(key)) {
    return refuse(
      state,
      response,
      record,
      401,
      key ? 'User not found.' : 'No auth credentials found',
      'unauthorized',
    );
  }
  if (path === '/api/v1/chat/completions') {
    if (request.method !== 'POST')
      return refuse(state, response, record, 405, 'Use POST for /chat/completions.', 'bad-request');
    if (size > MAX_BODY_BYTES)
      return refuse(state, response, record, 413, 'Request body too large.', 'bad-request');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      (record as { body: unknown }).body = text;
      return refuse(state, response, record, 400, 'Invalid JSON in request body.', 'bad-request');
    }
    Object.assign(record, {
      body,
      stream: (body as { stream?: unknown } | null)?.stream === true,
      requestedModel:
        typeof (body as { model?: unknown } | null)?.model === 'string'
          ? (body as { model: string }).model
          : undefined,
    });
    return handleChat(state, response, record, body, key);
  }
  if (path === '/api/v1/models') {
    sendJson(response, 200, {
      data: [...state.models.values()].map((served) => modelBody(served.model)),
      links: { next: null },
      total_count: state.models.size,
    });
    return finish(state, record, 200);
  }
  if (path === '/api/v1/generation') {
    const stats = state.generations.get(url.searchParams.get('id') ?? '');
    if (!stats) return refuse(state, response, record, 404, 'Generation not found', 'not-found');
    sendJson(response, 200, { data: stats });
    return finish(state, record, 200);
  }
  const account = state.accounts.get(key);
  const usage = usdToNumber(account?.usage ?? 0n);
  const limit = state.keyLimitUsd === undefined ? null : usdToNumber(state.keyLimitUsd);
  sendJson(response, 200, {
    data: {
      label: `${key.slice(0, 12)}...${key.slice(-3)}`,
      limit,
      limit_remaining:
        limit === null ? null : Math.max(0, usdToNumber((state.keyLimitUsd ?? 0n) - (account?.usage ?? 0n))),
      limit_reset: null,
      include_byok_in_limit: false,
      usage,
      usage_daily: usage,
      usage_weekly: usage,
      usage_monthly: usage,
      byok_usage: 0,
      byok_usage_daily: 0,
      byok_usage_weekly: 0,
      byok_usage_monthly: 0,
      is_free_tier: false,
      is_provisioning_key: false,
      is_management_key: false,
      rate_limit: { requests: 1000, interval: '10s', note: 'Simulated rate limit.' },
      allowed_data_regions: ['global'],
      creator_user_id: null,
      organization_id: null,
      workspace_id: null,
      free_model_daily_requests: { limit: 1000, remaining: 1000, used: 0 },
    },
  });
  finish(state, record, 200);
}

function finish(state: SimulatorState, record: RequestRecord, status: number): void {
  record.status = status;
  record.outcome = 'ok';
  state.log.complete(record);
}
