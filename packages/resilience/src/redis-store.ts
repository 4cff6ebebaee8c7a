import type { Redis } from 'ioredis';
import { createMemoryStore } from './memory-store.js';
import { createRedisCall } from './redis-call.js';
import { ADMIT_SCRIPT, SETTLE_SCRIPT } from './redis-scripts.js';
import type { ResilienceEventListener } from './resilience-events.js';
import type {
  Admission,
  AdmissionRequest,
  BreakerSnapshot,
  BreakerState,
  BreakerTransition,
  ResilienceStore,
  SettleRequest,
} from './resilience-store.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Your ioredis client (any options). */
  readonly client: Redis;
  /** Key prefix. Default `orkit`. */
  readonly prefix?: string;
  /** Every Redis call gets a decision within this time, whatever the client's own settings. Default 250 ms. */
  readonly commandTimeoutMs?: number;
  /** After a failure, how long to use the local fallback before trying Redis again. Default 1 000 ms. */
  readonly retryAfterFailureMs?: number;
  /** Where decisions go while Redis is unreachable. Default: an in-process store (per-process limits). */
  readonly fallback?: ResilienceStore;
  readonly onEvent?: ResilienceEventListener;
  /** `redis` (default): the server's clock, shared by every replica. `client`: the caller's `now` (tests). */
  readonly clock?: 'redis' | 'client';
  /**
   * Successful calls are settled with the next call to Redis for the same model (so the success path is one
   * round trip), or after this long at the latest. Failures and probes are settled at once. Default 50 ms.
   */
  readonly settleDelayMs?: number;
}

/** Deferred settles carried by one script call at most (the rest wait for the next). */
const MAX_CARRIED = 128;
/** Script arguments per deferred settle: token step, token window, actual tokens, estimated tokens, outcome, time. */
const PER_SETTLE = 6;
/** Admitted calls whose token step is remembered until they settle (a call never settled is forgotten past it). */
const MAX_OPEN_STEPS = 100_000;

interface ScriptedClient {
  orkitAdmitV2(...args: Array<string | number>): Promise<[number, string | number, number | string, number?]>;
  orkitSettleV2(...args: Array<string | number>): Promise<string>;
}

/**
 * A store in Redis, so many processes share one rate limit and one circuit per model: admission (requests,
 * tokens, circuit) is one atomic Lua round trip, settling another. When Redis is unreachable, every call still
 * gets a decision within `commandTimeoutMs` from the local fallback (per-process limits), and an event says so.
 *
 * @example
 * import { Redis } from 'ioredis';
 * const store = createRedisStore({ client: new Redis(process.env.REDIS_URL), onEvent });
 * wrapLanguageModel({ model, middleware: resilienceMiddleware({ store, rateLimit: { requestsPerWindow: 50 }, breaker: {} }) });
 */
export function createRedisStore(options: RedisStoreOptions): ResilienceStore {
  const client = options.client as Redis & Partial<ScriptedClient>;
  if (typeof client.orkitAdmitV2 !== 'function')
    client.defineCommand('orkitAdmitV2', { numberOfKeys: 3, lua: ADMIT_SCRIPT });
  if (typeof client.orkitSettleV2 !== 'function')
    client.defineCommand('orkitSettleV2', { numberOfKeys: 2, lua: SETTLE_SCRIPT });
  const scripted = client as Redis & ScriptedClient;
  const prefix = options.prefix ?? 'orkit';
  const timeoutMs = options.commandTimeoutMs ?? 250;
  const fallback = options.fallback ?? createMemoryStore();
  // The token step (and window) each admitted call was counted in, for its correction when it settles.
  const openSteps = new Map<string, readonly [number, number]>();
  const stepOf = (request: SettleRequest): readonly [number, number] => {
    const key = `${request.key}\u0000${request.ticket}`;
    const step = openSteps.get(key);
    openSteps.delete(key);
    return step ?? [-1, 0];
  };
  const nowArgument = (now: number) => (options.clock === 'client' ? now : -1);
  const settleDelayMs = options.settleDelayMs ?? 50;
  // Per model: deferred successful settles (their script arguments) and the timer that flushes them.
  const deferred = new Map<string, Array<string | number>>();
  const flushTimers = new Map<string, NodeJS.Timeout>();
  // The breaker policy the deferred settles were made under (a flush records their successes with it).
  const lastPolicy = new Map<string, SettleRequest['breaker']>();
  /** Takes the deferred settles of a model for one script call: their count, then their arguments. */
  const carry = (key: string): Array<string | number> => {
    const queue = deferred.get(key);
    if (!queue) return [0];
    const taken =
      queue.length <= MAX_CARRIED * PER_SETTLE ? queue : queue.splice(0, MAX_CARRIED * PER_SETTLE);
    if (taken === queue) {
      deferred.delete(key);
      clearTimeout(flushTimers.get(key));
      flushTimers.delete(key);
    } else schedule(key); // what is left still goes within settleDelayMs
    return [taken.length / PER_SETTLE, ...taken];
  };
  const schedule = (key: string) => {
    if (flushTimers.has(key)) return;
    const timer = setTimeout(() => void flush(key, lastPolicy.get(key)), settleDelayMs);
    timer.unref?.();
    flushTimers.set(key, timer);
  };
  // Hash tags keep every key of one model in one slot, so the scripts also work on Redis Cluster.
  const keys = (key: string) => {
    const base = `${prefix}:{${key}}`;
    // Windows in stepped hashes (`:rw`, `:tw`; an older version's `:req`/`:tok` sorted sets expire by themselves).
    return { requests: `${base}:rw`, tokens: `${base}:tw`, circuit: `${base}:cb` };
  };

  const redisCall = createRedisCall({
    timeoutMs,
    retryAfterFailureMs: options.retryAfterFailureMs ?? 1_000,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const guarded = redisCall.guarded;

  function settleNow(request: SettleRequest): Promise<BreakerTransition | undefined> {
    const k = keys(request.key);
    const policy = request.breaker;
    return guarded(
      'settle',
      async () => {
        const [step, window] = request.ticket === '' ? [-1, 0] : stepOf(request);
        const transition = await scripted.orkitSettleV2(
          k.tokens,
          k.circuit,
          request.ticket === '' ? '' : step,
          window,
          request.actualTokens ?? -1,
          request.estimatedTokens ?? -1,
          request.outcome,
          request.probe ? '1' : '0',
          policy ? '1' : '0',
          policy?.mode ?? 'consecutive',
          policy?.threshold ?? 0,
          policy?.minimumVolume ?? 0,
          policy?.windowMs ?? 0,
          policy?.openMs ?? 0,
          nowArgument(request.now),
          ...carry(request.key),
        );
        if (!transition) return undefined;
        const [from, to] = transition.split('>') as [BreakerState, BreakerState];
        return { from, to };
      },
      () => (request.ticket === '' ? undefined : fallback.settle(request)),
    );
  }

  function defer(request: SettleRequest): void {
    lastPolicy.set(request.key, request.breaker);
    let queue = deferred.get(request.key);
    if (!queue) {
      queue = [];
      deferred.set(request.key, queue);
    }
    const [step, window] = stepOf(request);
    queue.push(
      step,
      window,
      request.actualTokens ?? -1,
      request.estimatedTokens ?? -1,
      request.outcome,
      nowArgument(request.now),
    );
    if (queue.length >= MAX_CARRIED * PER_SETTLE) void flush(request.key, request.breaker);
    else schedule(request.key);
  }

  /** Sends a model's deferred settles now (a settle with no call of its own). */
  function flush(key: string, breaker: SettleRequest['breaker']): Promise<unknown> {
    clearTimeout(flushTimers.get(key));
    flushTimers.delete(key);
    if (!deferred.has(key)) return Promise.resolve();
    // While Redis is down these successes cannot be recorded there, and the local fallback never saw their
    // tickets: drop them rather than let the queue grow for the length of the outage.
    if (redisCall.unavailable()) {
      deferred.delete(key);
      return Promise.resolve();
    }
    return settleNow({
      key,
      now: Date.now(),
      ticket: '',
      probe: false,
      outcome: 'ignored',
      ...(breaker ? { breaker } : {}),
    });
  }

  return {
    admit(request: AdmissionRequest): Promise<Admission> {
      const k = keys(request.key);
      return guarded(
        'admit',
        async () => {
          const [ok, second, third, step] = await scripted.orkitAdmitV2(
            k.requests,
            k.tokens,
            k.circuit,
            request.requests?.limit ?? 0,
            request.requests?.windowMs ?? 0,
            request.tokens?.limit ?? 0,
            request.tokens?.windowMs ?? 0,
            request.tokens?.estimate ?? 0,
            request.breaker ? '1' : '0',
            request.breaker?.probeLeaseMs ?? 0,
            nowArgument(request.now),
            request.breaker?.windowMs ?? 0,
            request.breaker?.openMs ?? 0,
            ...carry(request.key),
          );
          if (ok === 1) {
            if (request.tokens && step !== undefined && step >= 0) {
              openSteps.set(`${request.key}\u0000${request.ticket}`, [step, request.tokens.windowMs]);
              if (openSteps.size > MAX_OPEN_STEPS) openSteps.delete(openSteps.keys().next().value as string);
            }
            const probe = second === 1;
            return third === 'open'
              ? { ok: true, probe, transition: { from: 'open', to: 'half-open' } }
              : { ok: true, probe };
          }
          const retryAfterMs = Number(third);
          return {
            ok: false,
            reason: second as 'requests' | 'tokens' | 'circuit-open',
            retryAfterMs: retryAfterMs < 0 ? Number.POSITIVE_INFINITY : retryAfterMs,
          };
        },
        () => fallback.admit(request),
      );
    },
    settle(request: SettleRequest): Promise<BreakerTransition | undefined> | undefined {
      // A success (or an ignored outcome) outside a probe cannot move the circuit: it rides with the next call.
      if (!request.probe && request.outcome !== 'failure') {
        // Nothing to correct and no circuit to tell: nothing to send at all.
        if (request.breaker || request.actualTokens !== undefined) defer(request);
        return undefined;
      }
      return settleNow(request);
    },
    async breaker(key: string, now: number): Promise<BreakerSnapshot> {
      // What this process already settled must show.
      if (deferred.has(key)) await flush(key, lastPolicy.get(key));
      return guarded(
        'breaker',
        async () => {
          const [state, consecutive, openUntil] = await client.hmget(
            keys(key).circuit,
            'state',
            'consecutive',
            'openUntil',
          );
          const until = Number(openUntil ?? 0);
          const current = (state ?? 'closed') as BreakerState;
          return {
            state: current === 'open' && now >= until ? 'half-open' : current,
            consecutiveFailures: Number(consecutive ?? 0),
            openUntil: current === 'open' ? until : undefined,
          };
        },
        () => fallback.breaker(key, now),
      );
    },
    async reset(key: string): Promise<void> {
      deferred.delete(key);
      clearTimeout(flushTimers.get(key));
      flushTimers.delete(key);
      const k = keys(key);
      await guarded(
        'reset',
        () => client.del(k.requests, k.tokens, k.circuit),
        () => 0,
      );
      await fallback.reset(key);
    },
  };
}
