import type { ModelTiers } from '@orkit/config/tiers';
import type { CatalogModel } from './catalog-model.js';
import { type Complexity, classifyTask, type Task } from './classify-task.js';
import { countPromptTokens, type PromptInput } from './estimate-cost.js';
import type { ModelCatalog } from './model-catalog.js';
import { pricesFor, pricingTableOf } from './model-pricing-table.js';
import { NoAffordableModelError, NoCapableModelError } from './model-selection-errors.js';
import { type StrategyEntry, strategyModels } from './task-strategies.js';

/** Observed health of a model, as the caller measured it (e.g. from observability analytics). */
export interface ModelHealth {
  /** Share of recent calls that failed, 0..1. */
  readonly errorRate?: number;
  readonly p95LatencyMs?: number;
}

/** Options of {@link selectModel}. */
export interface SelectModelOptions {
  readonly catalog: ModelCatalog;
  /** The task; classified from `prompt` when missing. */
  readonly task?: Task;
  readonly complexity?: Complexity;
  readonly prompt?: PromptInput;
  /** Prompt size when the prompt itself is not at hand. */
  readonly promptTokens?: number;
  readonly requires?: {
    readonly tools?: boolean;
    readonly vision?: boolean;
    readonly json?: boolean;
    readonly minContext?: number;
  };
  /** The most one call may cost (worst case: prompt + `expectedOutputTokens`). */
  readonly maxCostUsd?: number;
  /** Default 1 024. */
  readonly expectedOutputTokens?: number;
  readonly health?: Readonly<Record<string, ModelHealth>>;
  /** A model at or above this error rate is demoted. Default 0.25. */
  readonly unhealthyErrorRate?: number;
  /** A model at or above this p95 latency is demoted. Default 30 000 ms. */
  readonly slowP95Ms?: number;
  /** Tier ids (e.g. from `loadConfig().models`); default: `@orkit/config`'s current tiers. */
  readonly tiers?: Partial<ModelTiers>;
  readonly strategies?: Partial<Record<Task, readonly StrategyEntry[]>>;
  /** Exclude models whose catalog entry does not say whether they meet a requirement. Default false (warn). */
  readonly strictCapabilities?: boolean;
  /** Default 2. */
  readonly maxFallbacks?: number;
}

/** The choice, explained. */
export interface ModelSelection {
  readonly model: string;
  readonly fallbacks: readonly string[];
  readonly task: Task;
  readonly complexity: Complexity;
  readonly estimatedCostUsd: number;
  readonly reason: string;
  readonly excluded: ReadonlyArray<{ readonly model: string; readonly why: string }>;
  /** Requirements the catalog could not confirm for the chosen models. */
  readonly warnings: readonly string[];
}

type Exclusion =
  | { readonly kind: 'missing'; readonly what: string }
  | { readonly kind: 'unknown'; readonly what: string }
  | { readonly kind: 'context'; readonly have: number }
  | { readonly kind: 'budget' };

interface Verdict {
  readonly id: string;
  readonly cost: number;
  readonly exclusion: Exclusion | undefined;
  readonly demotedFor: string | undefined;
  /** Requirements the catalog could not confirm (names only; text is built for reported models alone). */
  readonly unknown: readonly string[] | undefined;
}

interface Requirement {
  readonly key: 'tools' | 'json' | 'vision';
  readonly what: string;
  /** `undefined` when the catalog does not say. */
  readonly supported: (model: CatalogModel) => boolean | undefined;
}

const REQUIREMENTS: readonly Requirement[] = [
  { key: 'tools', what: 'tools', supported: (model) => model.supportedParameters?.includes('tools') },
  {
    key: 'json',
    what: 'JSON output',
    supported: (model) =>
      model.supportedParameters
        ? model.supportedParameters.includes('response_format') ||
          model.supportedParameters.includes('structured_outputs')
        : undefined,
  },
  { key: 'vision', what: 'image input', supported: (model) => model.inputModalities.includes('image') },
];

function money(usd: number): string {
  return `$${usd < 1 ? usd.toPrecision(2) : usd.toFixed(2)}`;
}

/**
 * Picks a model for a call and says why: the task's strategy (tiers), filtered by capability
 * (`supported_parameters`, modalities), context window (prompt + expected output must fit) and budget,
 * unhealthy models demoted; when no strategy model qualifies, the cheapest capable model in the catalog.
 * Throws {@link NoAffordableModelError} (naming the cheapest capable model and its cost) or
 * {@link NoCapableModelError}.
 *
 * @example
 * const choice = selectModel({ catalog, prompt: 'Fix this TypeError…', requires: { tools: true }, maxCostUsd: 0.05 });
 * choice.model; choice.reason; choice.excluded;
 */
export function selectModel(options: SelectModelOptions): ModelSelection {
  const classified =
    options.task && options.complexity
      ? undefined
      : classifyTask(typeof options.prompt === 'string' ? options.prompt : promptText(options.prompt));
  const task = options.task ?? classified?.task ?? 'complex';
  const promptTokens =
    options.promptTokens ?? (options.prompt === undefined ? 0 : countPromptTokens(options.prompt));
  // A short instruction over a long document is not low-complexity work.
  const classifiedComplexity =
    classified?.complexity === 'low' && promptTokens > 4_000 ? 'medium' : classified?.complexity;
  const complexity = options.complexity ?? classifiedComplexity ?? 'medium';
  const outputTokens = options.expectedOutputTokens ?? 1_024;
  const requires = options.requires ?? {};
  const needed = Math.max(requires.minContext ?? 0, promptTokens + outputTokens);

  const strict = options.strictCapabilities ?? false;
  const requirements = REQUIREMENTS.filter((requirement) => requires[requirement.key]);
  // Hot path: runs for every model when the search widens to the whole catalog, so it builds no strings.
  const judge = (model: CatalogModel): Verdict => {
    let unknown: string[] | undefined;
    let exclusion: Exclusion | undefined;
    for (let index = 0; index < requirements.length; index += 1) {
      const requirement = requirements[index] as Requirement;
      const supported = requirement.supported(model);
      if (supported === true) continue;
      if (supported === false) exclusion = { kind: 'missing', what: requirement.what };
      else if (strict) exclusion = { kind: 'unknown', what: requirement.what };
      else unknown = [...(unknown ?? []), requirement.what];
      if (exclusion) break;
    }
    if (!exclusion) {
      if (model.contextLength === null) {
        if (strict) exclusion = { kind: 'unknown', what: 'context window' };
        else unknown = [...(unknown ?? []), 'context window'];
      } else if (model.contextLength < needed) {
        exclusion = { kind: 'context', have: model.contextLength };
      }
    }
    const prices = pricesFor(pricingTableOf(model), promptTokens);
    const cost =
      promptTokens * prices.promptPerToken +
      outputTokens * Math.max(prices.completionPerToken, prices.reasoningPerToken) +
      prices.requestFee;
    if (!exclusion && options.maxCostUsd !== undefined && cost > options.maxCostUsd)
      exclusion = { kind: 'budget' };
    const health = options.health?.[model.id];
    const demotedFor =
      health?.errorRate !== undefined && health.errorRate >= (options.unhealthyErrorRate ?? 0.25)
        ? `error rate ${Math.round(health.errorRate * 100)} %`
        : health?.p95LatencyMs !== undefined && health.p95LatencyMs >= (options.slowP95Ms ?? 30_000)
          ? `p95 latency ${health.p95LatencyMs} ms`
          : undefined;
    return { id: model.id, cost, exclusion, demotedFor, unknown };
  };
  const why = (verdict: Verdict): string => {
    const exclusion = verdict.exclusion;
    switch (exclusion?.kind) {
      case 'missing':
        return `does not support ${exclusion.what}`;
      case 'unknown':
        return `${exclusion.what} support unknown in this catalog; refresh from GET /models`;
      case 'context':
        return `context window ${exclusion.have} < ${needed} tokens needed`;
      case 'budget':
        return `estimated ${money(verdict.cost)} > maxCostUsd ${money(options.maxCostUsd ?? 0)}`;
      default:
        return '';
    }
  };
  const warningsOf = (verdict: Verdict): string[] =>
    (verdict.unknown ?? []).map((what) =>
      what === 'context window'
        ? `${verdict.id}: context window unknown, ${needed} tokens needed`
        : `${verdict.id}: ${what} support not confirmed by the catalog`,
    );

  const excluded: Array<{ model: string; why: string }> = [];
  const usable: Verdict[] = [];
  for (const id of strategyModels(task, {
    tiers: options.tiers ?? {},
    strategies: options.strategies ?? {},
    complexity,
  })) {
    const model = options.catalog.find(id);
    if (!model) {
      excluded.push({ model: id, why: 'not in the catalog' });
      continue;
    }
    const verdict = judge(model);
    if (verdict.exclusion) excluded.push({ model: id, why: why(verdict) });
    else usable.push(verdict);
  }
  let widened = false;
  let ranked = [
    ...usable.filter((verdict) => !verdict.demotedFor),
    ...usable.filter((verdict) => verdict.demotedFor),
  ];
  if (ranked.length === 0) {
    widened = true;
    const pool = options.catalog.list().map(judge);
    // Outside the strategy, confirmed capabilities beat unconfirmed ones before price does. Only the best few
    // are needed, so keep a short sorted list instead of sorting the whole catalog.
    ranked = bestOf(
      pool.filter((verdict) => !verdict.exclusion && !verdict.demotedFor),
      1 + (options.maxFallbacks ?? 2),
      (a, b) => Number(a.unknown !== undefined) - Number(b.unknown !== undefined) || a.cost - b.cost,
    );
    if (ranked.length === 0) {
      const capable = pool
        .filter((verdict) => verdict.exclusion?.kind === 'budget')
        .sort((a, b) => a.cost - b.cost);
      if (options.maxCostUsd !== undefined && capable[0]) {
        throw new NoAffordableModelError(options.maxCostUsd, {
          model: capable[0].id,
          estimatedCostUsd: capable[0].cost,
        });
      }
      throw new NoCapableModelError(
        excluded.length
          ? excluded
          : pool
              .filter((verdict) => verdict.exclusion)
              .map((verdict) => ({ model: verdict.id, why: why(verdict) })),
      );
    }
  }
  const [chosen, ...rest] = ranked as [Verdict, ...Verdict[]];
  const fallbacks = rest.slice(0, options.maxFallbacks ?? 2).map((verdict) => verdict.id);
  const how =
    classified && !options.task
      ? `classified as ${task} (confidence ${classified.confidence})`
      : `${task} task`;
  const choiceWhy = widened
    ? `no strategy model qualified, so the cheapest capable model in the catalog`
    : chosen.demotedFor
      ? `the strategy's best remaining model (all healthier ones were excluded; this one is demoted for ${chosen.demotedFor})`
      : `the ${task} strategy's first qualifying model`;
  const budget = options.maxCostUsd === undefined ? '' : ` within maxCostUsd ${money(options.maxCostUsd)}`;
  const demoted = usable
    .filter((verdict) => verdict.demotedFor && verdict !== chosen)
    .map((verdict) => `${verdict.id} demoted (${verdict.demotedFor})`);
  return {
    model: chosen.id,
    fallbacks,
    task,
    complexity,
    estimatedCostUsd: chosen.cost,
    reason: `${how}, ${complexity} complexity: ${chosen.id} is ${choiceWhy}; estimated ${money(chosen.cost)} for ${promptTokens} prompt + ${outputTokens} output tokens${budget}.${demoted.length ? ` ${demoted.join('; ')}.` : ''}`,
    excluded,
    warnings: [chosen, ...rest.slice(0, options.maxFallbacks ?? 2)].flatMap(warningsOf),
  };
}

function promptText(prompt: PromptInput | undefined): string {
  if (prompt === undefined || typeof prompt === 'string') return prompt ?? '';
  return prompt
    .filter((message) => message.role === 'user')
    .map((message) => (typeof message.content === 'string' ? message.content : ''))
    .join('\n');
}

/** The `count` smallest items by `compare`, in order, without sorting everything. */
function bestOf<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  for (const item of items) {
    if (best.length === count && compare(item, best[count - 1] as T) >= 0) continue;
    let index = best.length;
    while (index > 0 && compare(item, best[index - 1] as T) < 0) index -= 1;
    best.splice(index, 0, item);
    if (best.length > count) best.pop();
  }
  return best;
}
