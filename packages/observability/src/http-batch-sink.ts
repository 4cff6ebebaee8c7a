import type { ObservabilityEventListener } from './observability-events.js';
import type { UsageRecord } from './usage-record.js';

/** Options of {@link httpBatchSink}. */
export interface HttpBatchSinkOptions {
  /** Receives `POST` requests with a JSON array of usage records. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Default 100 records per request. */
  readonly batchSize?: number;
  /** How often a partial batch is sent. Default 1 000 ms. */
  readonly flushIntervalMs?: number;
  /** Records waiting at most; past it the oldest are dropped (and counted). Default 10 000. */
  readonly maxQueue?: number;
  /** Tries per batch. Default 5. */
  readonly maxAttempts?: number;
  /** First backoff delay, doubled per try. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Per request. Default 5 000 ms. */
  readonly timeoutMs?: number;
  /** Applied to `errorMessage` before sending. */
  readonly redact?: (text: string) => string;
  readonly fetch?: typeof globalThis.fetch;
  /** Drops are reported here (`sink-dropped`), besides being counted. */
  readonly onEvent?: ObservabilityEventListener;
}

/** What the sink did so far. */
export interface HttpBatchSinkStats {
  readonly delivered: number;
  readonly dropped: number;
  readonly queued: number;
}

/** The sink: a listener for `onEvent`, plus flush, close and counters. */
export type HttpBatchSink = ObservabilityEventListener & {
  /** Sends everything queued now (with retries). */
  flush(): Promise<void>;
  /** Stops the timer and flushes: call it on shutdown. */
  close(): Promise<HttpBatchSinkStats>;
  readonly stats: HttpBatchSinkStats;
};

/**
 * Ships usage records to an HTTP endpoint in batches: a bounded queue, retry with backoff on network errors,
 * timeouts, 429 and 5xx, a flush on shutdown. Nothing is silently lost: every record is delivered or counted in
 * `stats.dropped` and reported as a `sink-dropped` event (queue overflow, a 4xx answer, retries exhausted).
 *
 * @example
 * const sink = httpBatchSink({ url: config.logEndpoint!, headers: { authorization: `Bearer ${token}` } });
 * usageMiddleware({ ledger, onEvent: sink });
 * process.on('SIGTERM', async () => { await sink.close(); process.exit(0); });
 */
export function httpBatchSink(options: HttpBatchSinkOptions): HttpBatchSink {
  const batchSize = options.batchSize ?? 100;
  const maxQueue = options.maxQueue ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const send = options.fetch ?? globalThis.fetch;
  const queue: UsageRecord[] = [];
  let delivered = 0;
  let dropped = 0;
  let flushing: Promise<void> | undefined;
  let closed = false;

  const drop = (count: number, reason: string) => {
    if (count === 0) return;
    dropped += count;
    options.onEvent?.({ type: 'sink-dropped', sink: `http ${options.url}`, count, reason });
  };

  async function deliver(batch: UsageRecord[]): Promise<void> {
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      let retryable = true;
      let reason = '';
      try {
        const response = await send(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify(batch),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          delivered += batch.length;
          return;
        }
        retryable = response.status === 429 || response.status >= 500;
        reason = `HTTP ${response.status}`;
      } catch (error) {
        reason =
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : (error as Error).message;
      }
      if (!retryable) return drop(batch.length, `${reason} (not retried)`);
      if (attempt === maxAttempts) return drop(batch.length, `${reason} after ${maxAttempts} tries`);
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1)));
    }
  }

  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      while (queue.length > 0) await deliver(queue.splice(0, batchSize));
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1_000);
  timer.unref?.();

  const sink = ((event) => {
    if (event.type !== 'usage') return;
    if (closed) return drop(1, 'the sink is closed');
    const record =
      options.redact && event.record.errorMessage
        ? { ...event.record, errorMessage: options.redact(event.record.errorMessage) }
        : event.record;
    queue.push(record);
    if (queue.length > maxQueue)
      drop(queue.splice(0, queue.length - maxQueue).length, `queue over ${maxQueue} records`);
    if (queue.length >= batchSize) void flush();
  }) as HttpBatchSink;
  Object.defineProperties(sink, {
    flush: { value: flush },
    close: {
      value: async () => {
        closed = true;
        clearInterval(timer);
        await flush();
        return { delivered, dropped, queued: queue.length };
      },
    },
    stats: { get: () => ({ delivered, dropped, queued: queue.length }) },
  });
  return sink;
}
