import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpBatchSink } from './http-batch-sink.js';
import type { ObservabilityEvent } from './observability-events.js';
import type { UsageRecord } from './usage-record.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map((server) => new Promise((resolve) => server.closeAllConnections?.() ?? server.close(resolve))),
  );
});

/** A receiver that answers each request with the next behaviour in the list (the last repeats). */
async function receiver(behaviours: Array<'ok' | 'fail' | 'stall' | 'reject'>) {
  const received: string[] = [];
  let index = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const behaviour = behaviours[Math.min(index, behaviours.length - 1)];
      index += 1;
      if (behaviour === 'stall') return;
      if (behaviour === 'ok') {
        received.push(...(JSON.parse(body) as UsageRecord[]).map((record) => record.id));
        response.writeHead(204).end();
      } else response.writeHead(behaviour === 'fail' ? 503 : 400).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`, received };
}

const record = (id: string) => ({ id, errorMessage: 'key sk-or-v1-abc leaked' }) as unknown as UsageRecord;

describe('httpBatchSink', () => {
  it('retries a failing and a stalled receiver; every record is delivered or counted as dropped', async () => {
    const { url, received } = await receiver(['fail', 'stall', 'ok']);
    const events: ObservabilityEvent[] = [];
    const sink = httpBatchSink({
      url,
      batchSize: 5,
      baseDelayMs: 10,
      timeoutMs: 200,
      flushIntervalMs: 60_000,
      onEvent: (event) => events.push(event),
      redact: (text) => text.replace(/sk-or-v1-\w+/, '[key]'),
    });
    for (let index = 0; index < 12; index += 1) sink({ type: 'usage', record: record(`r${index}`) });
    const stats = await sink.close();
    expect(stats).toEqual({ delivered: 12, dropped: 0, queued: 0 });
    expect(received).toEqual(Array.from({ length: 12 }, (_, index) => `r${index}`));
    expect(events).toEqual([]);
  });

  it('counts and reports what it cannot deliver: retries exhausted, a 4xx, overflow, after close', async () => {
    const { url } = await receiver(['fail']);
    const events: ObservabilityEvent[] = [];
    const sink = httpBatchSink({
      url,
      batchSize: 3,
      maxAttempts: 2,
      baseDelayMs: 5,
      flushIntervalMs: 60_000,
      maxQueue: 4,
      onEvent: (event) => events.push(event),
    });
    for (let index = 0; index < 2; index += 1) sink({ type: 'usage', record: record(`a${index}`) });
    await sink.flush();
    expect(sink.stats).toEqual({ delivered: 0, dropped: 2, queued: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'sink-dropped', count: 2, reason: 'HTTP 503 after 2 tries' });
    const rejecting = await receiver(['reject']);
    const strict = httpBatchSink({
      url: rejecting.url,
      batchSize: 100,
      flushIntervalMs: 60_000,
      maxQueue: 4,
      onEvent: (event) => events.push(event),
    });
    for (let index = 0; index < 6; index += 1) strict({ type: 'usage', record: record(`b${index}`) });
    expect(events.at(-1)).toMatchObject({ count: 1, reason: 'queue over 4 records' });
    const stats = await strict.close();
    strict({ type: 'usage', record: record('late') });
    expect(stats).toEqual({ delivered: 0, dropped: 6, queued: 0 });
    expect(strict.stats.dropped).toBe(7);
    expect(events.map((event) => (event as { reason: string }).reason).slice(-3)).toEqual([
      'queue over 4 records',
      'HTTP 400 (not retried)',
      'the sink is closed',
    ]);
  });
});
