const MARKER = Symbol.for('orkit.model-selection.error');
// One marker per class: a subclass's `isInstance` never says yes for a sibling, and works across package copies.
const UNKNOWN = Symbol.for('orkit.model-selection.unknown-model');
const UNAFFORDABLE = Symbol.for('orkit.model-selection.no-affordable-model');
const INCAPABLE = Symbol.for('orkit.model-selection.no-capable-model');
const ROUTING = Symbol.for('orkit.model-selection.routing-options');

const marked = (error: unknown, marker: symbol): boolean =>
  typeof error === 'object' && error !== null && marker in error;

/**
 * The base of every error this package throws; recognise it across package copies with `isInstance`.
 *
 * @example
 * if (ModelSelectionError.isInstance(error)) console.error(error.message);
 */
export class ModelSelectionError extends Error {
  readonly [MARKER] = true as const;
  override readonly name: string = 'ModelSelectionError';

  /** Any error of this package. Each subclass's own `isInstance` matches that class only. */
  static isInstance(error: unknown): error is ModelSelectionError {
    return marked(error, MARKER);
  }
}

/**
 * A model id is not in the catalog. `suggestions` holds the closest known ids.
 *
 * @example
 * catalog.get('anthropic/claude-sonet-4.5'); // UnknownModelError: … Did you mean anthropic/claude-sonnet-4.5?
 */
export class UnknownModelError extends ModelSelectionError {
  readonly [UNKNOWN] = true as const;
  override readonly name = 'UnknownModelError';

  static override isInstance(error: unknown): error is UnknownModelError {
    return marked(error, UNKNOWN);
  }

  readonly modelId: string;
  readonly suggestions: readonly string[];

  constructor(modelId: string, suggestions: readonly string[]) {
    super(
      `Unknown model '${modelId}': it is not in the OpenRouter catalog.${suggestions.length ? ` Did you mean ${suggestions.join(' or ')}?` : ''} Check the id at https://openrouter.ai/models or refresh the catalog.`,
    );
    this.modelId = modelId;
    this.suggestions = suggestions;
  }
}

/**
 * No model fits the budget. Names the cheapest capable model and what it would cost.
 *
 * @example
 * try { selectModel({ maxCostUsd: 0.00001, ... }) } catch (error) { if (NoAffordableModelError.isInstance(error)) error.cheapest; }
 */
export class NoAffordableModelError extends ModelSelectionError {
  readonly [UNAFFORDABLE] = true as const;
  override readonly name = 'NoAffordableModelError';

  static override isInstance(error: unknown): error is NoAffordableModelError {
    return marked(error, UNAFFORDABLE);
  }

  readonly maxCostUsd: number;
  readonly cheapest: { readonly model: string; readonly estimatedCostUsd: number } | undefined;

  constructor(maxCostUsd: number, cheapest: { model: string; estimatedCostUsd: number } | undefined) {
    super(
      cheapest
        ? `No capable model fits maxCostUsd $${maxCostUsd}: the cheapest capable model, ${cheapest.model}, would cost about $${cheapest.estimatedCostUsd.toPrecision(3)}. Raise maxCostUsd, lower expectedOutputTokens, or shorten the prompt.`
        : `No model in the catalog can do this task at all (see the capability requirements); maxCostUsd $${maxCostUsd} was never the limit.`,
    );
    this.maxCostUsd = maxCostUsd;
    this.cheapest = cheapest;
  }
}

/**
 * No model meets the capability requirements (tools, vision, JSON, context window).
 *
 * @example
 * if (NoCapableModelError.isInstance(error)) console.table(error.excluded);
 */
export class NoCapableModelError extends ModelSelectionError {
  readonly [INCAPABLE] = true as const;
  override readonly name = 'NoCapableModelError';

  static override isInstance(error: unknown): error is NoCapableModelError {
    return marked(error, INCAPABLE);
  }

  readonly excluded: ReadonlyArray<{ readonly model: string; readonly why: string }>;

  constructor(excluded: ReadonlyArray<{ model: string; why: string }>) {
    super(
      `No model meets the requirements. Closest misses: ${excluded
        .slice(0, 3)
        .map((entry) => `${entry.model} (${entry.why})`)
        .join('; ')}. Relax the requirements or refresh the catalog from GET /models.`,
    );
    this.excluded = excluded;
  }
}

/**
 * OpenRouter routing options are invalid; `problems` lists each with its path.
 *
 * @example
 * openRouterRouting({ provider: { sort: 'cheapest' } }); // RoutingOptionsError: provider.sort: …
 */
export class RoutingOptionsError extends ModelSelectionError {
  readonly [ROUTING] = true as const;
  override readonly name = 'RoutingOptionsError';

  static override isInstance(error: unknown): error is RoutingOptionsError {
    return marked(error, ROUTING);
  }

  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid OpenRouter routing options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}
