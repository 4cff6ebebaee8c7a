import type { ModelHealth } from './select-model.js';

/** Options of {@link createHealthTracker}. */
export interface HealthTrackerOptions {
  /** How far back calls count. Default 5 minutes. */
  readonly windowMs?: number;
  /** Fewer calls than this in the window say nothing about a model's error rate. Default 5. */
  readonly minCalls?: number;
  /** At or above this error rate a model is demoted. Default 0.25 (as `selectModel`). */
  readonly unhealthyErrorRate?: number;
  /** At or above this p95 latency a model is demoted. Default 30 000 ms (as `selectModel`). */
  readonly slowP95Ms?: number;
  /** The most calls kept per model (the newest). Default 500. */
  readonly maxSamples?: number;
}

/** The parts of `@orkit/observability` usage events and `@orkit/resilience` breaker events read here. */
export type HealthEvent =
  | {
      readonly type: 'usage';
      readonly record: {
        readonly requestedModel: string;
        readonly outcome: string;
        readonly latencyMs: number;
        readonly startedAt: number;
      };
    }
  | { readonly type: 'breaker'; readonly key: string; readonly to: string }
  | { readonly type: string };

/** Health measured from the calls themselves; see {@link createHealthTracker}. */
export interface HealthTracker {
  /** Pass as `onEvent` to `usageMiddleware` and `resilienceMiddleware` (agents do it: `stack.health`). */
  listen(event: HealthEvent): void;
  /** Each model's error rate and p95 latency over the window, as `selectModel`'s `health` takes it. */
  health(now?: number): Record<string, ModelHealth>;
  /** `ids` with the unhealthy ones moved to the back, the order otherwise kept. */
  order(ids: readonly string[], now?: number): string[];
}

/** `openrouter:anthropic/claude-sonnet-5` (a breaker key) → the model id. */
function modelOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon > 0 && !key.slice(0, colon).includes('/') ? key.slice(colon + 1) : key;
}

/**
 * Model health fed by the calls themselves, so demotion needs nothing from the caller: usage events give each
 * model's error rate and p95 latency over a sliding window, and a breaker that opens marks its model failing until
 * it closes. Use it with `selectModel({ health: tracker.health() })`, or give it to an agent as `stack.health`,
 * which feeds it and tries unhealthy models last.
 *
 * @example
 * const tracker = createHealthTracker();
 * const agent = createAdaptiveAgent({ name, instructions, model, stack: { health: tracker, usage: { ledger } } });
 * selectModel({ catalog, prompt, health: tracker.health() });
 */
export function createHealthTracker(options: HealthTrackerOptions = {}): HealthTracker {
  const windowMs = options.windowMs ?? 300_000;
  const minCalls = options.minCalls ?? 5;
  const maxSamples = options.maxSamples ?? 500;
  const samples = new Map<string, Array<{ at: number; failed: boolean; latencyMs: number }>>();
  const open = new Set<string>();

  const recent = (model: string, now: number) => {
    const list = samples.get(model) ?? [];
    const first = list.findIndex((sample) => sample.at >= now - windowMs);
    const kept = first < 0 ? [] : first === 0 ? list : list.slice(first);
    if (kept.length === 0) samples.delete(model);
    else if (kept !== list) samples.set(model, kept);
    return kept;
  };
  const health = (now = Date.now()): Record<string, ModelHealth> => {
    const result: Record<string, ModelHealth> = {};
    for (const model of new Set([...samples.keys(), ...open])) {
      const list = recent(model, now);
      const successes = list.filter((sample) => !sample.failed).map((sample) => sample.latencyMs);
      successes.sort((a, b) => a - b);
      const p95 = successes[Math.max(0, Math.ceil(successes.length * 0.95) - 1)];
      const errorRate = open.has(model)
        ? 1
        : list.length >= minCalls
          ? list.filter((sample) => sample.failed).length / list.length
          : undefined;
      if (errorRate === undefined && p95 === undefined) continue;
      result[model] = {
        ...(errorRate === undefined ? {} : { errorRate }),
        ...(p95 === undefined || successes.length < minCalls ? {} : { p95LatencyMs: p95 }),
      };
    }
    return result;
  };
  return {
    listen(event) {
      if (event.type === 'usage' && 'record' in event) {
        const { record } = event;
        if (record.outcome === 'aborted') return; // the caller's choice, not the model's health
        const list = samples.get(record.requestedModel) ?? [];
        list.push({
          at: record.startedAt,
          failed: record.outcome !== 'success',
          latencyMs: record.latencyMs,
        });
        if (list.length > maxSamples) list.splice(0, list.length - maxSamples);
        samples.set(record.requestedModel, list);
      } else if (event.type === 'breaker' && 'key' in event) {
        if (event.to === 'open') open.add(modelOfKey(event.key));
        else if (event.to === 'closed') open.delete(modelOfKey(event.key));
      }
    },
    health,
    order(ids, now = Date.now()) {
      const current = health(now);
      const unhealthy = (id: string) => {
        const entry = current[id];
        return (
          (entry?.errorRate ?? 0) >= (options.unhealthyErrorRate ?? 0.25) ||
          (entry?.p95LatencyMs ?? 0) >= (options.slowP95Ms ?? 30_000)
        );
      };
      return [...ids.filter((id) => !unhealthy(id)), ...ids.filter(unhealthy)];
    },
  };
}
