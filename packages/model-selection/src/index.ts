/**
 * @module
 * The OpenRouter catalog, exact cost, and task-, capability- and budget-aware model choice.
 */

export { formatUsd, parseUsd, sumUsd, usdToNumber } from '@orkit/config/usd';
export type { CatalogData, CatalogModel, ModelPricing, PricingTier } from './catalog-model.js';
export { CATALOG_SNAPSHOT } from './catalog-snapshot.generated.js';
export { type Complexity, classifyTask, TASKS, type Task, type TaskClassification } from './classify-task.js';
export { type CacheSavings, type Cost, costOf, savedByCaching, type UsageTokens } from './cost-of.js';
export {
  type CostEstimate,
  countPromptTokens,
  type EstimateCostOptions,
  estimateCost,
  type PromptInput,
} from './estimate-cost.js';
export {
  type CatalogEvent,
  type CatalogRefreshResult,
  createModelCatalog,
  type ModelCatalog,
  type ModelCatalogOptions,
} from './model-catalog.js';
export {
  createHealthTracker,
  type HealthEvent,
  type HealthTracker,
  type HealthTrackerOptions,
} from './model-health.js';
export {
  ModelSelectionError,
  NoAffordableModelError,
  NoCapableModelError,
  RoutingOptionsError,
  UnknownModelError,
} from './model-selection-errors.js';
export {
  MODEL_VARIANTS,
  type ModelVariant,
  type OpenRouterRoutingOptions,
  openRouterRouting,
  type ProviderPreferences,
  withVariant,
} from './open-router-routing.js';
export { type PromptCachingOptions, promptCachingMiddleware } from './prompt-caching.js';
export {
  type ModelHealth,
  type ModelSelection,
  type SelectModelOptions,
  selectModel,
} from './select-model.js';
export {
  DEFAULT_TASK_STRATEGIES,
  type StrategyEntry,
  type StrategyOptions,
  strategyModels,
} from './task-strategies.js';
