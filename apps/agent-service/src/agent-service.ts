import { randomUUID } from 'node:crypto';
import { toAISdkStream } from '@mastra/ai-sdk';
import type { Agent } from '@mastra/core/agent';
import { callerRequestContext } from '@orkit/mastra-agents';
import type { BudgetStore, Ledger } from '@orkit/observability';
import { createMemoryStore, type ResilienceStore } from '@orkit/resilience';
import { createUIMessageStreamResponse, type UIMessageChunk } from 'ai';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { admitCall } from './call-admission.js';
import { createCallTracker } from './call-tracker.js';
import { errorResponse, fail, httpErrorOf, ServiceDrainingError } from './http-errors.js';
import { chatBody, generateBody } from './request-bodies.js';
import { tenantUsage } from './tenant-usage.js';
import type { Tenant, TenantDirectory } from './tenants.js';
import { CONTENT, endsCleanly } from './ui-stream.js';
import type { UsageCollector } from './usage-collector.js';

/** Options of {@link createAgentService}. */
export interface AgentServiceOptions {
  /** The agents served, by id (e.g. `presetAgents(...)`, or any agent made with `createAgent`). */
  readonly agents: Readonly<Record<string, Agent>>;
  readonly tenants: TenantDirectory;
  /** Where tenant rate limits count: the shared Redis store for many replicas. Default: this process. */
  readonly limiter?: ResilienceStore;
  /** Budget figures for `GET /v1/usage` (the store the agents' budgets use). */
  readonly budgets?: BudgetStore;
  /** Spend totals for `GET /v1/usage`. */
  readonly ledger?: Ledger;
  /** Puts each call's exact cost in generate responses (the collector the agents report usage to). */
  readonly usage?: UsageCollector;
  /** Throws when a store this replica needs does not answer (readiness). */
  readonly ping?: () => Promise<void>;
  /** Largest request body. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** This replica's name, sent as `X-Replica` (for tracing a request through a proxy). */
  readonly replica?: string;
  /** Where failures the client cannot act on (500s) are logged, with the request id. Default stderr. */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void;
}

/** A running service: its fetch handler and its shutdown. */
export interface AgentService {
  readonly app: Hono<Env>;
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Calls being served now. */
  inFlight(): number;
  /**
   * Stops taking calls (503 `shutting_down`, readiness fails), lets calls in flight finish for `graceMs`, then
   * ends the rest (a stream gets a clean error event) and waits for them to settle.
   */
  drain(graceMs: number): Promise<{ finished: number; ended: number }>;
}

interface Env {
  Variables: { requestId: string; tenant: Tenant };
}

/**
 * orkit agents over HTTP, for many tenants. Routes:
 * - `POST /v1/agents/:agentId/generate` `{ prompt } | { messages }` → `{ id, agent, text, finishReason, usage, costUsd }`
 * - `POST /v1/agents/:agentId/chat` `{ messages: UIMessage[] }` → the AI SDK v7 UI message stream (`useChat` works unchanged)
 * - `GET /v1/agents`, `GET /v1/usage` (the tenant's own budgets and spend)
 * - `GET /healthz` (alive), `GET /readyz` (stores answer and not draining)
 *
 * Keys go in `Authorization: Bearer <key>` or `x-api-key`. Errors are JSON `{ error: { code, message, details? } }`:
 * 401 unknown or revoked key, 402 over budget (with the budget's figures), 429 over the tenant's rate (with
 * `Retry-After`), 413 body too large, 415 not JSON, 400 invalid body, 404 unknown agent, 503 draining.
 *
 * @example
 * const service = createAgentService({ agents: presetAgents({ ... }), tenants, limiter: stores.resilience });
 * serve({ fetch: service.fetch, port: 4111 });
 */
export function createAgentService(options: AgentServiceOptions): AgentService {
  const limiter = options.limiter ?? createMemoryStore();
  const log =
    options.log ??
    ((entry: Readonly<Record<string, unknown>>) => process.stderr.write(`${JSON.stringify(entry)}\n`));
  const calls = createCallTracker();
  const track = () => calls.track();
  let draining = false;
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    if (options.replica) c.header('X-Replica', options.replica);
    const started = performance.now();
    await next();
    const timing = c.res.headers.get('Server-Timing');
    c.res.headers.set(
      'Server-Timing',
      `${timing ? `${timing}, ` : ''}service;dur=${(performance.now() - started).toFixed(2)}`,
    );
  });
  app.onError((error, c) => {
    const answer = httpErrorOf(error);
    if (answer.status === 500)
      log({
        level: 'error',
        requestId: c.get('requestId'),
        error: String(error),
        stack: (error as Error).stack,
      });
    return errorResponse(c, answer);
  });
  app.notFound((c) =>
    errorResponse(c, fail(404, 'not_found', `No route ${c.req.method} ${c.req.path}. See GET /v1/agents.`)),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok', replica: options.replica ?? null }));
  app.get('/readyz', async (c) => {
    if (draining)
      return errorResponse(c, fail(503, 'shutting_down', 'This replica is draining for shutdown.'));
    try {
      await options.ping?.();
      return c.json({ status: 'ready', replica: options.replica ?? null });
    } catch (error) {
      return errorResponse(c, fail(503, 'store_unavailable', `Not ready: ${(error as Error).message}.`));
    }
  });

  app.use('/v1/*', async (c, next) => {
    if (draining) {
      c.header('Connection', 'close');
      return errorResponse(c, {
        ...fail(503, 'shutting_down', new ServiceDrainingError().message),
        retryAfterSeconds: 1,
      });
    }
    const header = c.req.header('authorization');
    const key = header?.toLowerCase().startsWith('bearer ')
      ? header.slice(7).trim()
      : c.req.header('x-api-key');
    const auth = options.tenants.authenticate(key || undefined);
    if (!auth.ok) {
      c.header('WWW-Authenticate', 'Bearer');
      const why = {
        missing: 'No API key: send Authorization: Bearer <key> (or x-api-key).',
        unknown: 'The API key is not known: check it, or ask the operator for a key.',
        revoked: 'The API key was revoked: ask the operator for a new one.',
      }[auth.reason];
      return errorResponse(c, fail(401, `key_${auth.reason}`, why));
    }
    c.set('tenant', auth.tenant);
    await next();
    return undefined;
  });

  app.get('/v1/agents', (c) => {
    const tenant = c.get('tenant');
    const ids = Object.keys(options.agents).filter((id) => !tenant.agents || tenant.agents.includes(id));
    return c.json({ agents: ids.map((id) => ({ id, name: options.agents[id]?.name ?? id })) });
  });

  app.get('/v1/usage', async (c) => {
    return c.json(await tenantUsage(c.get('tenant').id, options));
  });

  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes ?? 1_048_576,
    onError: (c) => {
      // The rest of the body is not read: the connection cannot carry another request.
      c.header('Connection', 'close');
      return errorResponse(
        c,
        fail(
          413,
          'body_too_large',
          `The request body is larger than ${options.maxBodyBytes ?? 1_048_576} bytes.`,
        ),
      );
    },
  });

  /** The checks every agent call passes (see `admitCall`); a refusal is answered here. */
  async function admit<T>(c: Context<Env>, schema: z.ZodType<T>) {
    const admitted = await admitCall(
      { agents: options.agents, limiter },
      {
        tenant: c.get('tenant'),
        agentId: c.req.param('agentId') ?? '',
        contentType: c.req.header('content-type'),
        json: () => c.req.json(),
        requestId: c.get('requestId'),
      },
      schema,
    );
    return 'code' in admitted ? errorResponse(c, admitted) : admitted;
  }

  const callOptions = (tenant: Tenant, user: string | undefined, callId: string, signal: AbortSignal) => ({
    abortSignal: signal,
    requestContext: callerRequestContext({ tenant: tenant.id, ...(user ? { user } : {}) }),
    providerOptions: { orkit: { callId } },
  });

  app.post('/v1/agents/:agentId/generate', limitBody, async (c) => {
    const admitted = await admit(c, generateBody);
    if (admitted instanceof Response) return admitted;
    const { agent, body, tenant } = admitted;
    const callId = c.get('requestId');
    const call = track();
    // A client that hangs up stops the call: nobody will read the answer, and the budget settles at what was used.
    c.req.raw.signal.addEventListener('abort', call.abandon, { once: true });
    options.usage?.begin(callId);
    try {
      const input = body.prompt ?? (body.messages as never);
      const agentStarted = performance.now();
      const result = await agent.generate(input, callOptions(tenant, body.user, callId, call.signal));
      // How long the agent took, so a client (or a benchmark) can tell the service's own time from the model's.
      c.header('Server-Timing', `agent;dur=${(performance.now() - agentStarted).toFixed(2)}`);
      const failure = (result as { error?: unknown }).error;
      if (failure) throw failure;
      const used = options.usage?.end(callId);
      return c.json({
        id: callId,
        agent: c.req.param('agentId'),
        text: result.text,
        finishReason: result.finishReason,
        usage: {
          inputTokens: result.usage?.inputTokens ?? 0,
          outputTokens: result.usage?.outputTokens ?? 0,
        },
        ...(used ? { costUsd: used.costUsd, attempts: used.attempts, models: used.models } : {}),
      });
    } catch (error) {
      if (call.signal.aborted && call.signal.reason instanceof ServiceDrainingError) throw call.signal.reason;
      throw error;
    } finally {
      options.usage?.end(callId);
      call.end();
    }
  });

  app.post('/v1/agents/:agentId/chat', limitBody, async (c) => {
    const admitted = await admit(c, chatBody);
    if (admitted instanceof Response) return admitted;
    const { agent, body, tenant } = admitted;
    const callId = c.get('requestId');
    const call = track();
    c.req.raw.signal.addEventListener('abort', call.abandon, { once: true });
    let handedOver = false;
    try {
      const output = await agent.stream(
        body.messages as never,
        callOptions(tenant, body.user, callId, call.signal),
      );
      // Hold the response until the answer starts or fails: a failure before any content (over budget, every
      // model down) is a proper HTTP error, not a 200 stream that carries one.
      const reader = output.fullStream.getReader();
      let early: unknown;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value.type === 'error') {
          early = (value.payload as { error: unknown }).error ?? new Error('The stream failed');
          break;
        }
        if (CONTENT.has(value.type)) break;
      }
      reader.releaseLock();
      if (early !== undefined) {
        if (call.signal.aborted && call.signal.reason instanceof ServiceDrainingError)
          throw call.signal.reason;
        throw early;
      }
      const ui = toAISdkStream(output, {
        from: 'agent',
        version: 'v7',
        onError: (error: unknown) => {
          const reason = call.signal.aborted ? call.signal.reason : error;
          const answer = httpErrorOf(reason);
          if (answer.status === 500) log({ level: 'error', requestId: callId, error: String(error) });
          return `${answer.code}: ${answer.message}`;
        },
      }) as unknown as ReadableStream<UIMessageChunk>;
      handedOver = true;
      return createUIMessageStreamResponse({
        stream: endsCleanly(ui, call),
        headers: { 'X-Request-Id': callId, ...(options.replica ? { 'X-Replica': options.replica } : {}) },
      });
    } finally {
      if (!handedOver) call.end();
    }
  });

  return {
    app,
    fetch: app.fetch,
    inFlight: () => calls.inFlight(),
    drain(graceMs) {
      draining = true;
      return calls.drain(graceMs);
    },
  };
}
