/** Helpers shared by the service tests: tenants with known keys, an in-process replica, a UI-stream reader. */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { loadConfig } from '@orkit/config';
import { type OpenRouterSimulator, SIMULATOR_API_KEY } from '@orkit/testing-mocks';
import type { AgentService } from '../src/agent-service.js';
import { presetService } from '../src/run-service.js';
import { openServiceStores, type ServiceStores } from '../src/service-stack.js';
import { createTenantDirectory, hashKey, type TenantsFile } from '../src/tenants.js';

/** A tenant entry whose key is `key-<id>`. */
export function tenant(id: string, extra: Record<string, unknown> = {}) {
  return { id, keys: [{ id: `${id}-1`, sha256: hashKey(`key-${id}`) }], ...extra };
}

export const auth = (id: string) => ({
  authorization: `Bearer key-${id}`,
  'content-type': 'application/json',
});

/** A replica in this process, over real HTTP, on SQLite (temp file) and memory stores unless told otherwise. */
export async function startInProcessService(options: {
  readonly simulator: OpenRouterSimulator;
  readonly tenants: TenantsFile;
  readonly stores?: ServiceStores;
  readonly reservationTtlMs?: number;
}): Promise<{ url: string; service: AgentService; stores: ServiceStores; close(): Promise<void> }> {
  const stores =
    options.stores ??
    (await openServiceStores({
      ledgerPath: join(mkdtempSync(join(tmpdir(), 'orkit-service-')), 'ledger.db'),
    }));
  const tenants = createTenantDirectory(options.tenants);
  const config = loadConfig({
    env: { OPENROUTER_API_KEY: SIMULATOR_API_KEY, OPENROUTER_BASE_URL: options.simulator.baseURL },
  });
  const service = presetService({
    config,
    stores,
    tenants,
    replica: 'in-process',
    log: () => undefined,
    ...(options.reservationTtlMs ? { reservationTtlMs: options.reservationTtlMs } : {}),
  });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: service.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started as Server),
    );
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    stores,
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await stores.close();
    },
  };
}

/** A UI message stream chunk as parsed from the wire. */
export type WireChunk = { type: string; [field: string]: unknown };

/**
 * Reads SSE `data:` events from a response as they arrive; `[DONE]` ends it. Leaving a `for await` early does not
 * close the stream, so reading can go on where it stopped.
 */
export function uiChunks(response: Response): AsyncIterable<WireChunk> {
  const events = sseEvents(response);
  return { [Symbol.asyncIterator]: () => ({ next: () => events.next() }) };
}

async function* sseEvents(response: Response): AsyncGenerator<WireChunk> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data === '' || data === '[DONE]') continue;
      yield JSON.parse(data) as WireChunk;
    }
  }
}

/**
 * Starts a chat stream as `who` and reads it until the first text has arrived; `rest()` reads the remainder.
 * `seen` holds every chunk read so far.
 */
export async function chatUntilText(base: string, who: string, text: string, agent = 'code-reviewer') {
  const response = await fetch(`${base}/v1/agents/${agent}/chat`, {
    method: 'POST',
    headers: auth(who),
    body: JSON.stringify({ messages: [userMessage(text)] }),
  });
  const chunks = uiChunks(response);
  const seen: WireChunk[] = [];
  for await (const chunk of chunks) {
    seen.push(chunk);
    if (chunk.type === 'text-delta') break;
  }
  return {
    response,
    seen,
    async rest(): Promise<WireChunk[]> {
      for await (const chunk of chunks) seen.push(chunk);
      return seen;
    },
  };
}

/** Every chunk of a UI stream. */
export async function allChunks(response: Response): Promise<WireChunk[]> {
  const chunks: WireChunk[] = [];
  for await (const chunk of uiChunks(response)) chunks.push(chunk);
  return chunks;
}

/** The text a UI stream carried. */
export const textOf = (chunks: readonly WireChunk[]) =>
  chunks
    .filter((chunk) => chunk.type === 'text-delta')
    .map((chunk) => chunk.delta)
    .join('');

/** A UI message, as `useChat` sends it. */
export const userMessage = (text: string) => ({
  id: `m-${Math.random().toString(36).slice(2)}`,
  role: 'user',
  parts: [{ type: 'text', text }],
});

/** Polls until `check` returns a value (not `undefined`), or fails after `ms` with the last seen value. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  ms = 20_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
