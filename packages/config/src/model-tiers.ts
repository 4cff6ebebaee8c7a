/**
 * Named model tiers. Every agent asks for a tier, never for a hard-coded id, so one variable moves a fleet.
 */
export interface ModelTiers {
  /** The premium general model (`DEFAULT_MODEL`). */
  readonly default: string;
  /** The first model to fall back to when the default fails (`FALLBACK_MODEL`). */
  readonly fallback: string;
  /** A cheap, quick model for simple work and classification (`FAST_MODEL`). */
  readonly fast: string;
  /** A model for long multi-step reasoning (`REASONING_MODEL`). */
  readonly reasoning: string;
  /** A model tuned for code (`CODING_MODEL`). */
  readonly coding: string;
  /** A model that reads images (`VISION_MODEL`). */
  readonly vision: string;
}

/** The tier names, in a stable order. */
export const MODEL_TIER_NAMES = ['default', 'fallback', 'fast', 'reasoning', 'coding', 'vision'] as const;

/** The name of a tier. */
export type ModelTierName = (typeof MODEL_TIER_NAMES)[number];

/**
 * Current OpenRouter ids for each tier (November 2026, from the OpenRouter model registry shipped in
 * `@mastra/core`). Override any of them with the environment variable or `loadConfig({ overrides })`.
 *
 * @example
 * const tiers = { ...DEFAULT_MODEL_TIERS, fast: 'openai/gpt-5.4-mini' };
 */
export const DEFAULT_MODEL_TIERS: ModelTiers = Object.freeze({
  default: 'anthropic/claude-sonnet-5',
  fallback: 'openai/gpt-5.5',
  fast: 'google/gemini-3.5-flash',
  reasoning: 'anthropic/claude-opus-5',
  coding: 'openai/gpt-5.3-codex',
  vision: 'google/gemini-3.5-flash',
});

/** The environment variable for each tier. */
export const MODEL_TIER_VARIABLES: Readonly<Record<ModelTierName, string>> = Object.freeze({
  default: 'DEFAULT_MODEL',
  fallback: 'FALLBACK_MODEL',
  fast: 'FAST_MODEL',
  reasoning: 'REASONING_MODEL',
  coding: 'CODING_MODEL',
  vision: 'VISION_MODEL',
});

/** `vendor/model`, optionally with a `:variant` such as `:free` or `:nitro`. */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*(:[a-z0-9-]+)?$/;
