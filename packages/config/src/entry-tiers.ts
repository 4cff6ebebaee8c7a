/**
 * @module
 * The model tiers alone: no provider, no zod, nothing to load. For packages that only need the current ids.
 */
export {
  DEFAULT_MODEL_TIERS,
  MODEL_ID_PATTERN,
  MODEL_TIER_NAMES,
  MODEL_TIER_VARIABLES,
  type ModelTierName,
  type ModelTiers,
} from './model-tiers.js';
