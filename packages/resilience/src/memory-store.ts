import { IdleSweeper, SteppedWindow } from './memory-windows.js';
import type {
  Admission,
  AdmissionRequest,
  BreakerPolicy,
  BreakerSnapshot,
  BreakerState,
  BreakerTransition,
  ResilienceStore,
  SettleRequest,
} from './resilience-store.js';

const BUCKETS = 10;

interface Circuit {
  state: BreakerState;
  consecutive: number;
  /** When an outcome was last recorded, and the window then in force: a closed circuit idle past it is dropped. */
  lastAt: number;
  windowMs: number;
  openUntil: number;
  probeUntil: number;
  bucketStart: number[];
  successes: number[];
  failures: number[];
}

function newCircuit(): Circuit {
  return {
    state: 'closed',
    consecutive: 0,
    lastAt: 0,
    windowMs: 0,
    openUntil: 0,
    probeUntil: 0,
    bucketStart: new Array(BUCKETS).fill(-1),
    successes: new Array(BUCKETS).fill(0),
    failures: new Array(BUCKETS).fill(0),
  };
}

/**
 * A closed circuit nobody has used for its window holds nothing worth keeping (in `consecutive` mode, failures
 * older than the window are forgotten with it).
 */
const idleCircuit = (circuit: Circuit, now: number) =>
  circuit.state === 'closed' && circuit.lastAt + circuit.windowMs <= now;

/** What a memory store holds now (for metrics, and to prove idle keys are reclaimed). */
export interface MemoryStoreSize {
  readonly requestWindows: number;
  readonly tokenWindows: number;
  readonly circuits: number;
}

/** The in-process store, plus how many keys it holds. */
export interface MemoryResilienceStore extends ResilienceStore {
  size(): MemoryStoreSize;
}

/**
 * The in-process store (the default): windows for requests and tokens that slide in sixtieths (at most 61 numbers
 * per window, whatever the rate), and circuits, all answered
 * synchronously. State is per process; use the Redis store to share it between processes. Keys nobody uses any
 * more (a window that has emptied, a closed circuit idle for its window) are reclaimed a few per call, so memory
 * follows the keys in use, not every tenant or user ever seen.
 *
 * @example
 * const store = createMemoryStore();
 * const model = wrapLanguageModel({ model, middleware: resilienceMiddleware({ store, rateLimit: { requestsPerWindow: 50 } }) });
 */
export function createMemoryStore(): MemoryResilienceStore {
  const requestLogs = new Map<string, SteppedWindow>();
  const tokenLogs = new Map<string, SteppedWindow>();
  const circuits = new Map<string, Circuit>();
  const idleLog = (log: SteppedWindow, now: number) => log.idle(now);
  const sweepers = [
    new IdleSweeper(requestLogs, idleLog),
    new IdleSweeper(tokenLogs, idleLog),
    new IdleSweeper(circuits, idleCircuit),
  ];
  const sweep = (now: number) => {
    for (const sweeper of sweepers) sweeper.step(now);
  };
  const logOf = (logs: Map<string, SteppedWindow>, key: string) => {
    let log = logs.get(key);
    if (!log) {
      log = new SteppedWindow();
      logs.set(key, log);
    }
    return log;
  };

  return {
    admit(request: AdmissionRequest): Admission {
      const { key, now } = request;
      sweep(now);
      let probe = false;
      let transition: BreakerTransition | undefined;
      const circuit = request.breaker ? circuits.get(key) : undefined;
      if (circuit && circuit.state !== 'closed') {
        if (circuit.state === 'open' && now < circuit.openUntil)
          return { ok: false, reason: 'circuit-open', retryAfterMs: circuit.openUntil - now };
        if (circuit.probeUntil > now)
          return { ok: false, reason: 'circuit-open', retryAfterMs: circuit.probeUntil - now };
        probe = true;
      }
      const requests = request.requests;
      let requestLog: SteppedWindow | undefined;
      if (requests) {
        requestLog = logOf(requestLogs, key);
        requestLog.configure(requests.windowMs);
        requestLog.prune(now);
        if (requestLog.sum >= requests.limit)
          return {
            ok: false,
            reason: 'requests',
            retryAfterMs: requestLog.waitFor(requestLog.sum - requests.limit + 1, now),
          };
      }
      const tokens = request.tokens;
      let tokenLog: SteppedWindow | undefined;
      if (tokens) {
        if (tokens.estimate > tokens.limit)
          return { ok: false, reason: 'tokens', retryAfterMs: Number.POSITIVE_INFINITY };
        tokenLog = logOf(tokenLogs, key);
        tokenLog.configure(tokens.windowMs);
        tokenLog.prune(now);
        if (tokenLog.sum + tokens.estimate > tokens.limit) {
          return {
            ok: false,
            reason: 'tokens',
            retryAfterMs: tokenLog.waitFor(tokenLog.sum + tokens.estimate - tokens.limit, now),
          };
        }
      }
      requestLog?.push(now, 1);
      tokenLog?.push(now, tokens?.estimate ?? 0);
      if (probe && circuit && request.breaker) {
        if (circuit.state === 'open') transition = { from: 'open', to: 'half-open' };
        circuit.state = 'half-open';
        circuit.probeUntil = now + request.breaker.probeLeaseMs;
      }
      return transition ? { ok: true, probe, transition } : { ok: true, probe };
    },

    settle(request: SettleRequest): BreakerTransition | undefined {
      const { key, now } = request;
      // The estimate was counted in the step the call was admitted in: that step takes the difference.
      const tokenLog = tokenLogs.get(key);
      if (
        tokenLog &&
        request.actualTokens !== undefined &&
        request.estimatedTokens !== undefined &&
        request.admittedAt !== undefined
      )
        tokenLog.correct(
          tokenLog.stepStart(request.admittedAt),
          request.actualTokens - request.estimatedTokens,
        );
      const policy = request.breaker;
      if (!policy || request.outcome === 'ignored') {
        if (request.probe) {
          const circuit = circuits.get(key);
          if (circuit) circuit.probeUntil = 0;
        }
        return undefined;
      }
      let circuit = circuits.get(key);
      if (!circuit) {
        circuit = newCircuit();
        circuits.set(key, circuit);
      }
      const failed = request.outcome === 'failure';
      record(circuit, policy, now, failed);
      if (request.probe) {
        circuit.probeUntil = 0;
        if (failed) return open(circuit, policy, now, 'half-open');
        circuit.state = 'closed';
        circuit.consecutive = 0;
        circuit.successes.fill(0);
        circuit.failures.fill(0);
        return { from: 'half-open', to: 'closed' };
      }
      if (circuit.state === 'closed' && failed && shouldOpen(circuit, policy, now))
        return open(circuit, policy, now, 'closed');
      return undefined;
    },

    breaker(key: string, now: number): BreakerSnapshot {
      const circuit = circuits.get(key);
      if (!circuit) return { state: 'closed', consecutiveFailures: 0, openUntil: undefined };
      const state = circuit.state === 'open' && now >= circuit.openUntil ? 'half-open' : circuit.state;
      return {
        state,
        consecutiveFailures: circuit.consecutive,
        openUntil: circuit.state === 'open' ? circuit.openUntil : undefined,
      };
    },

    reset(key: string): void {
      requestLogs.delete(key);
      tokenLogs.delete(key);
      circuits.delete(key);
    },

    size(): MemoryStoreSize {
      return { requestWindows: requestLogs.size, tokenWindows: tokenLogs.size, circuits: circuits.size };
    },
  };
}

function record(circuit: Circuit, policy: BreakerPolicy, now: number, failed: boolean): void {
  circuit.consecutive = failed ? circuit.consecutive + 1 : 0;
  circuit.lastAt = now;
  circuit.windowMs = policy.windowMs;
  const bucketMs = Math.max(1, Math.floor(policy.windowMs / BUCKETS));
  const start = Math.floor(now / bucketMs) * bucketMs;
  const index = Math.floor(now / bucketMs) % BUCKETS;
  if (circuit.bucketStart[index] !== start) {
    circuit.bucketStart[index] = start;
    circuit.successes[index] = 0;
    circuit.failures[index] = 0;
  }
  if (failed) circuit.failures[index] = (circuit.failures[index] as number) + 1;
  else circuit.successes[index] = (circuit.successes[index] as number) + 1;
}

function shouldOpen(circuit: Circuit, policy: BreakerPolicy, now: number): boolean {
  if (policy.mode === 'consecutive') return circuit.consecutive >= policy.threshold;
  const bucketMs = Math.max(1, Math.floor(policy.windowMs / BUCKETS));
  const oldest = Math.floor(now / bucketMs) * bucketMs - (BUCKETS - 1) * bucketMs;
  let calls = 0;
  let failures = 0;
  for (let index = 0; index < BUCKETS; index += 1) {
    if ((circuit.bucketStart[index] as number) >= oldest) {
      calls += (circuit.successes[index] as number) + (circuit.failures[index] as number);
      failures += circuit.failures[index] as number;
    }
  }
  return calls >= policy.minimumVolume && failures / calls >= policy.threshold;
}

function open(circuit: Circuit, policy: BreakerPolicy, now: number, from: BreakerState): BreakerTransition {
  circuit.state = 'open';
  circuit.openUntil = now + policy.openMs;
  circuit.probeUntil = 0;
  return { from, to: 'open' };
}
