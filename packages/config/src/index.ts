/**
 * @module
 * Typed, validated configuration for OpenRouter agents.
 */
export { describeApiKeyProblem, OPENROUTER_KEY_PATTERN, OPENROUTER_KEYS_URL } from './api-key-format.js';
export {
  type ApiKeyFunction,
  ApiKeyProvider,
  type ApiKeySource,
  apiKeyProvider,
} from './api-key-provider.js';
export { type CheckKeyOptions, checkKey, type KeyInfo } from './check-key.js';
export { CONFIG_VARIABLES, type ConfigVariable, type ModelIdCheck } from './config-schema.js';
export { type CreateOpenRouterOptions, createOpenRouter } from './create-open-router.js';
export { readEnvFile } from './env-file.js';
export { ConfigError, type ConfigIssue, KeyCheckError, type KeyCheckFailure } from './errors.js';
export {
  type ConfigOverrides,
  type LoadConfigOptions,
  loadConfig,
  OPENROUTER_BASE_URL,
  type OrkitConfig,
} from './load-config.js';
export {
  DEFAULT_MODEL_TIERS,
  MODEL_ID_PATTERN,
  MODEL_TIER_NAMES,
  MODEL_TIER_VARIABLES,
  type ModelTierName,
  type ModelTiers,
} from './model-tiers.js';
export { maskSecret, maskUrlCredentials, Secret, SecretMisuseError, secret } from './secret.js';
export { formatUsd, PICO_PER_USD, parseUsd, sumUsd, UsdFormatError, usdToNumber } from './usd.js';
