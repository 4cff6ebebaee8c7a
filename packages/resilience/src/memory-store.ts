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

/** A sliding-window log: entries in time order, with a running sum. */
class WindowLog {
  times: number[] = [];
  weights: number[] = [];
  tickets: string[] = [];
  head = 0;
  sum = 0;

  prune(cutoff: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff) {
      this.sum -= this.weights[this.head] as number;
      this.head += 1;
    }
    // Compact now and then so the arrays do not grow forever.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.weights = this.weights.slice(this.head);
      this.tickets = this.tickets.slice(this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.times.length - this.head;
  }

  /** Milliseconds until `needed` of the window's weight has expired. */
  waitFor(needed: number, windowMs: number, now: number): number {
    let freed = 0;
    for (let index = this.head; index < this.times.length; index += 1) {
      freed += this.weights[index] as number;
      if (freed >= needed) return Math.max(1, (this.times[index] as number) + windowMs - now);
    }
    return windowMs;
  }

  push(time: number, weight: number, ticket: string): void {
    this.times.push(time);
    this.weights.push(weight);
    this.tickets.push(ticket);
    this.sum += weight;
  }

  correct(ticket: string, weight: number): void {
    for (let index = this.times.length - 1; index >= this.head; index -= 1) {
      if (this.tickets[index] === ticket) {
        this.sum += weight - (this.weights[index] as number);
        this.weights[index] = weight;
        return;
      }
    }
  }
}

interface Circuit {
  state: BreakerState;
  consecutive: number;
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
    openUntil: 0,
    probeUntil: 0,
    bucketStart: new Array(BUCKETS).fill(-1),
    successes: new Array(BUCKETS).fill(0),
    failures: new Array(BUCKETS).fill(0),
  };
}

/**
 * The in-process store (the default): sliding-window logs for requests and tokens, and circuits, all answered
 * synchronously. State is per process; use the Redis store to share it between processes.
 *
 * @example
 * const store = createMemoryStore();
 * const model = wrapLanguageModel({ model, middleware: resilienceMiddleware({ store, rateLimit: { requestsPerWindow: 50 } }) });
 */
export function createMemoryStore(): ResilienceStore {
  const requestLogs = new Map<string, WindowLog>();
  const tokenLogs = new Map<string, WindowLog>();
  const circuits = new Map<string, Circuit>();
  const logOf = (logs: Map<string, WindowLog>, key: string) => {
    let log = logs.get(key);
    if (!log) {
      log = new WindowLog();
      logs.set(key, log);
    }
    return log;
  };

  return {
    admit(request: AdmissionRequest): Admission {
      const { key, now } = request;
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
      let requestLog: WindowLog | undefined;
      if (requests) {
        requestLog = logOf(requestLogs, key);
        requestLog.prune(now - requests.windowMs);
        if (requestLog.count >= requests.limit)
          return {
            ok: false,
            reason: 'requests',
            retryAfterMs: requestLog.waitFor(requestLog.count - requests.limit + 1, requests.windowMs, now),
          };
      }
      const tokens = request.tokens;
      let tokenLog: WindowLog | undefined;
      if (tokens) {
        if (tokens.estimate > tokens.limit)
          return { ok: false, reason: 'tokens', retryAfterMs: Number.POSITIVE_INFINITY };
        tokenLog = logOf(tokenLogs, key);
        tokenLog.prune(now - tokens.windowMs);
        if (tokenLog.sum + tokens.estimate > tokens.limit) {
          return {
            ok: false,
            reason: 'tokens',
            retryAfterMs: tokenLog.waitFor(
              tokenLog.sum + tokens.estimate - tokens.limit,
              tokens.windowMs,
              now,
            ),
          };
        }
      }
      requestLog?.push(now, 1, request.ticket);
      tokenLog?.push(now, tokens?.estimate ?? 0, request.ticket);
      if (probe && circuit && request.breaker) {
        if (circuit.state === 'open') transition = { from: 'open', to: 'half-open' };
        circuit.state = 'half-open';
        circuit.probeUntil = now + request.breaker.probeLeaseMs;
      }
      return transition ? { ok: true, probe, transition } : { ok: true, probe };
    },

    settle(request: SettleRequest): BreakerTransition | undefined {
      const { key, now } = request;
      if (request.actualTokens !== undefined)
        tokenLogs.get(key)?.correct(request.ticket, request.actualTokens);
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
  };
}

function record(circuit: Circuit, policy: BreakerPolicy, now: number, failed: boolean): void {
  circuit.consecutive = failed ? circuit.consecutive + 1 : 0;
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
