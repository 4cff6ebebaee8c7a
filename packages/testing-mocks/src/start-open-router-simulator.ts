import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Chaos, type ChaosOptions } from './chaos.js';
import { sendJson } from './chat-response.js';
import { DEFAULT_SIMULATOR_MODELS } from './default-models.generated.js';
import { errorBody } from './openrouter-bodies.js';
import { parsePricing } from './price-usage.js';
import { RequestLog, type RequestRecord } from './request-log.js';
import { MAX_BODY_BYTES, routeRequest } from './route-request.js';
import { ScriptBook, type ScriptHandle, type ScriptRule, type StepContext } from './script-book.js';
import { providerNameOf, type SimulatorModel } from './simulator-model.js';
import type { ServedModel, SimulatorState } from './simulator-state.js';
import { formatUsd, parseUsd } from './usd.js';

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
  /**
   * Providers' prompt caching (default on): a repeated prompt prefix of 1,024 tokens or more is read from the cache
   * at the model's cache-read price, after a `cache_control` breakpoint for Anthropic and Gemini models and by
   * itself for the others that have a cache price. Scripted `usage.cachedTokens` wins. `false` turns it off.
   */
  readonly promptCaching?: boolean;
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
  /** Back to the state right after start: scripts and chaos as configured, empty log, no charges, cold caches. */
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
    promptCache: options.promptCaching === false ? undefined : new Map(),
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
        routeRequest(state, request, response, record, url, Buffer.concat(chunks).toString('utf8'), size);
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
      state.promptCache?.clear();
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
