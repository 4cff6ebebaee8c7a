import { faults } from './faults.js';
import type { SimulatorStep } from './simulator-step.js';

/** The faults chaos mode mixes. */
export type ChaosFault =
  | 'rate-limit'
  | 'server-error'
  | 'upstream'
  | 'unavailable'
  | 'in-band'
  | 'stream-error-before-content'
  | 'stream-error-mid-stream'
  | 'cut'
  | 'stall';

/** Seeded fault injection: the same seed and the same order of attempts give the same faults. */
export interface ChaosOptions {
  readonly seed: number;
  /** Share of attempts that fault, 0..1. */
  readonly rate: number;
  /** Relative weights; default: all equal. A weight of 0 leaves a fault out. */
  readonly weights?: Partial<Record<ChaosFault, number>>;
  /** Only these models fault. Default: all. */
  readonly models?: readonly string[];
  /** `Retry-After` on chaos 429s and 503s. Default 0, so chaos runs stay fast. */
  readonly retryAfterSeconds?: number;
  /** Stall length. Default 50 ms. */
  readonly stallMs?: number;
}

const ALL_FAULTS: readonly ChaosFault[] = [
  'rate-limit',
  'server-error',
  'upstream',
  'unavailable',
  'in-band',
  'stream-error-before-content',
  'stream-error-mid-stream',
  'cut',
  'stall',
];

/** mulberry32: tiny, fast and good enough to spread faults; never for anything secret. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, attempt by attempt, whether and how to fault. */
export class Chaos {
  readonly #options: ChaosOptions;
  readonly #random: () => number;
  readonly #table: Array<[ChaosFault, number]>;
  readonly #totalWeight: number;

  constructor(options: ChaosOptions) {
    if (!(options.rate >= 0 && options.rate <= 1))
      throw new RangeError(`chaos.rate must be within 0..1, got ${options.rate}`);
    this.#options = options;
    this.#random = seededRandom(options.seed);
    this.#table = ALL_FAULTS.map((fault): [ChaosFault, number] => [
      fault,
      options.weights?.[fault] ?? 1,
    ]).filter(([, weight]) => weight > 0);
    this.#totalWeight = this.#table.reduce((sum, [, weight]) => sum + weight, 0);
  }

  /** A fault step for this attempt, or `undefined` to answer normally. Draws two numbers either way. */
  next(model: string): SimulatorStep | undefined {
    const roll = this.#random();
    const pick = this.#random() * this.#totalWeight;
    if (this.#options.models && !this.#options.models.includes(model)) return undefined;
    if (roll >= this.#options.rate || this.#totalWeight === 0) return undefined;
    let fault: ChaosFault = 'server-error';
    let cumulative = 0;
    for (const [candidate, weight] of this.#table) {
      cumulative += weight;
      if (cumulative > pick) {
        fault = candidate;
        break;
      }
    }
    return this.#stepFor(fault, Math.floor(roll * 1000));
  }

  #stepFor(fault: ChaosFault, variety: number): SimulatorStep {
    const retryAfterSeconds = this.#options.retryAfterSeconds ?? 0;
    switch (fault) {
      case 'rate-limit':
        return faults.rateLimited({ retryAfterSeconds });
      case 'server-error':
        return faults.http(500, 'Internal Server Error');
      case 'upstream':
        return faults.upstream();
      case 'unavailable':
        return faults.unavailable({ retryAfterSeconds });
      case 'in-band':
        return faults.inBand(502, 'Provider returned error', { provider_name: 'Anthropic' });
      case 'stream-error-before-content':
        return faults.streamError({ afterChunks: 0 });
      case 'stream-error-mid-stream':
        return faults.streamError({ afterChunks: 1 + (variety % 3) });
      case 'cut':
        return faults.cut({ afterChunks: 1 + (variety % 3) });
      case 'stall':
        return faults.stall({ ms: this.#options.stallMs ?? 50, keepAlive: variety % 2 === 0 });
    }
  }
}
