/** How a request ended. */
export type RequestOutcome =
  | 'ok'
  | 'http-error'
  | 'in-band-error'
  | 'stream-error'
  | 'cut'
  | 'malformed'
  | 'bad-body'
  | 'client-aborted'
  | 'bad-request'
  | 'unauthorized'
  | 'not-found';

/** One model tried for a chat request (several under `models` fallback). */
export interface AttemptRecord {
  readonly model: string;
  readonly outcome: RequestOutcome;
  readonly status: number;
}

/** Everything the simulator saw and did for one request. */
export interface RequestRecord {
  /** 1, 2, 3… in arrival order. */
  readonly sequence: number;
  readonly method: string;
  readonly path: string;
  /** Request headers; `authorization` shows only its masked form. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or the raw text if it did not parse. */
  readonly body: unknown;
  readonly stream: boolean;
  /** The `model` the client asked for. */
  readonly requestedModel: string | undefined;
  readonly startedAt: number;
  completedAt: number | undefined;
  status: number | undefined;
  outcome: RequestOutcome | undefined;
  /** Chat requests: every model tried, in order. */
  readonly attempts: AttemptRecord[];
  /** The model whose answer was sent. */
  answeredBy: string | undefined;
  generationId: string | undefined;
  /** Content chunks written (streaming). */
  chunksSent: number;
  /** What the simulator charged, exact decimal USD (`"0"` when nothing). */
  chargedUsd: string;
}

interface Waiter {
  readonly predicate: (record: RequestRecord) => boolean;
  readonly count: number;
  readonly resolve: (records: RequestRecord[]) => void;
}

/**
 * The simulator's record of requests, queryable and awaitable.
 *
 * @example
 * await simulator.requests.waitFor((r) => r.outcome === 'ok', { count: 3 });
 * expect(simulator.requests.all().map((r) => r.answeredBy)).toEqual([...]);
 */
export class RequestLog {
  readonly #records: RequestRecord[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #limit: number;
  #sequence = 0;

  constructor(limit = 50_000) {
    this.#limit = limit;
  }

  /** The next sequence number. */
  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  /** Adds a record as the request arrives. The oldest are dropped past the limit. */
  add(record: RequestRecord): void {
    this.#records.push(record);
    if (this.#records.length > this.#limit) this.#records.splice(0, this.#records.length - this.#limit);
  }

  /** Marks a record complete and wakes whoever waits for it. */
  complete(record: RequestRecord): void {
    record.completedAt = Date.now();
    for (const waiter of this.#waiters) {
      const matches = this.#records.filter(
        (candidate) => candidate.completedAt !== undefined && waiter.predicate(candidate),
      );
      if (matches.length >= waiter.count) {
        this.#waiters.delete(waiter);
        waiter.resolve(matches);
      }
    }
  }

  /** Every record kept, oldest first (including requests still in flight). */
  all(): RequestRecord[] {
    return [...this.#records];
  }

  /** Chat completion requests only. */
  chats(): RequestRecord[] {
    return this.#records.filter((record) => record.path.endsWith('/chat/completions'));
  }

  filter(predicate: (record: RequestRecord) => boolean): RequestRecord[] {
    return this.#records.filter(predicate);
  }

  last(): RequestRecord | undefined {
    return this.#records.at(-1);
  }

  get count(): number {
    return this.#records.length;
  }

  /**
   * Resolves with the completed records matching `predicate` once there are at least `count` of them.
   * Rejects after `timeoutMs` (default 5 000) or when `signal` aborts.
   */
  waitFor(
    predicate: (record: RequestRecord) => boolean = () => true,
    options: { count?: number; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<RequestRecord[]> {
    const count = options.count ?? 1;
    const ready = this.#records.filter((record) => record.completedAt !== undefined && predicate(record));
    if (ready.length >= count) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 5_000;
      const finish = (error: Error | undefined, records?: RequestRecord[]) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        if (error) reject(error);
        else resolve(records ?? []);
      };
      const waiter: Waiter = { predicate, count, resolve: (records) => finish(undefined, records) };
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `requests.waitFor: fewer than ${count} matching requests completed within ${timeoutMs} ms.`,
            ),
          ),
        timeoutMs,
      );
      const onAbort = () =>
        finish(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /** Forgets every record (waiters keep waiting for new ones). */
  clear(): void {
    this.#records.length = 0;
  }
}
