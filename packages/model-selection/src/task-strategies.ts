import { DEFAULT_MODEL_TIERS, type ModelTierName, type ModelTiers } from '@orkit/config/tiers';
import type { Complexity, Task } from './classify-task.js';

/** A strategy entry: a tier name (resolved through the config's tiers) or an explicit model id. */
export type StrategyEntry = ModelTierName | `${string}/${string}`;

/**
 * Which models each task tries, in order (primary first), as tier names so one `FAST_MODEL=…` moves every
 * strategy that uses the fast tier.
 *
 * @example
 * selectModel({ catalog, task: 'coding', strategies: { coding: ['coding', 'qwen/qwen3-coder', 'default'] } });
 */
export const DEFAULT_TASK_STRATEGIES: Readonly<Record<Task, readonly StrategyEntry[]>> = Object.freeze({
  complex: ['default', 'reasoning', 'fallback'],
  simple: ['fast', 'fallback', 'default'],
  coding: ['coding', 'default', 'fallback'],
  creative: ['default', 'fallback', 'fast'],
  analytical: ['reasoning', 'default', 'fallback'],
  reasoning: ['reasoning', 'default', 'fallback'],
  vision: ['vision', 'default', 'fallback'],
});

/** Options of {@link strategyModels}. */
export interface StrategyOptions {
  readonly tiers?: Partial<ModelTiers>;
  readonly strategies?: Partial<Record<Task, readonly StrategyEntry[]>>;
  readonly complexity?: Complexity;
}

/**
 * The ordered model ids for a task: tiers resolved, duplicates dropped. High complexity puts the premium tier
 * (or, for analytical and reasoning work, the reasoning tier) first; low complexity puts the fast tier first,
 * except for coding, vision and reasoning work where the fast tier is the wrong tool.
 *
 * @example
 * strategyModels('simple'); // ['google/gemini-3.5-flash', 'openai/gpt-5.5', 'anthropic/claude-sonnet-5']
 */
export function strategyModels(task: Task, options: StrategyOptions = {}): string[] {
  const tiers: ModelTiers = { ...DEFAULT_MODEL_TIERS, ...options.tiers };
  let entries = [...(options.strategies?.[task] ?? DEFAULT_TASK_STRATEGIES[task])];
  if (options.complexity === 'high')
    entries = [task === 'analytical' || task === 'reasoning' ? 'reasoning' : 'default', ...entries];
  if (options.complexity === 'low' && !['coding', 'vision', 'reasoning'].includes(task))
    entries = ['fast', ...entries];
  const ids = entries.map((entry) => (entry.includes('/') ? entry : tiers[entry as ModelTierName]));
  return [...new Set(ids)];
}
