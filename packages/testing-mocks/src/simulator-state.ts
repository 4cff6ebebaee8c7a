import type { Chaos } from './chaos.js';
import type { ParsedPricing } from './price-usage.js';
import type { PromptCacheEntries } from './prompt-cache.js';
import type { RequestLog } from './request-log.js';
import type { ScriptBook, StepContext } from './script-book.js';
import type { SimulatorModel } from './simulator-model.js';

/** A model with its prices parsed once. */
export interface ServedModel {
  readonly model: SimulatorModel;
  readonly pricing: ParsedPricing;
  readonly provider: string;
}

/** One generation's stats, as `GET /generation` serves them. */
export type GenerationStats = Record<string, unknown> & { readonly id: string };

/** What a key has been charged. */
export interface KeyAccount {
  usage: bigint;
  requests: number;
}

/** Everything the request handlers share. */
export interface SimulatorState {
  readonly models: ReadonlyMap<string, ServedModel>;
  readonly defaultModel: string;
  readonly scripts: ScriptBook;
  chaos: Chaos | undefined;
  readonly log: RequestLog;
  readonly generations: Map<string, GenerationStats>;
  readonly maxGenerations: number;
  readonly accounts: Map<string, KeyAccount>;
  readonly acceptsKey: (key: string) => boolean;
  readonly keyLimitUsd: bigint | undefined;
  readonly byokFeeRate: number;
  readonly keepAliveIntervalMs: number;
  readonly timers: Set<NodeJS.Timeout>;
  readonly defaultReply: (context: StepContext) => string;
  generationCounter: number;
  /** The providers' prompt caches (`undefined`: off). */
  readonly promptCache: PromptCacheEntries | undefined;
}
