import { resolve } from 'node:path';
import { OPENROUTER_KEYS_URL } from './api-key-format.js';
import { type ApiKeyProvider, type ApiKeySource, apiKeyProvider } from './api-key-provider.js';
import { CONFIG_VARIABLES, type ConfigVariable, configSchema, type ModelIdCheck } from './config-schema.js';
import { readEnvFile } from './env-file.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import {
  DEFAULT_MODEL_TIERS,
  MODEL_TIER_NAMES,
  MODEL_TIER_VARIABLES,
  type ModelTiers,
} from './model-tiers.js';
import { maskUrlCredentials, Secret } from './secret.js';

/** OpenRouter's public API base URL. */
export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';

/** The validated, frozen configuration. Secrets are held in values that never print. */
export interface OrkitConfig {
  readonly openrouter: {
    /** Resolves the key per request; `undefined` only when `requireApiKey: false` and no key was given. */
    readonly apiKey: ApiKeyProvider | undefined;
    readonly baseURL: string;
    /** Sent as `HTTP-Referer` (your app URL, for OpenRouter attribution). */
    readonly httpReferer: string | undefined;
    /** Sent as `X-Title` / `X-OpenRouter-Title` (your app name). */
    readonly appTitle: string | undefined;
  };
  readonly models: ModelTiers;
  /** Spend limits in USD; `undefined` means no limit for that window. */
  readonly budgets: {
    readonly dailyUsd: number | undefined;
    readonly weeklyUsd: number | undefined;
    readonly monthlyUsd: number | undefined;
  };
  readonly logEndpoint: string | undefined;
  /** `REDIS_URL`; a Secret because it may carry a password. `undefined` means state stays in memory. */
  readonly redisUrl: Secret | undefined;
}

/** Values set in code; they win over the environment and the `.env` file. */
export interface ConfigOverrides {
  readonly apiKey?: ApiKeySource;
  readonly baseURL?: string;
  readonly httpReferer?: string;
  readonly appTitle?: string;
  readonly models?: Partial<ModelTiers>;
  readonly budgets?: {
    readonly dailyUsd?: number;
    readonly weeklyUsd?: number;
    readonly monthlyUsd?: number;
  };
  readonly logEndpoint?: string;
  readonly redisUrl?: string;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The environment to read. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A `.env` file to read too (`true` means `./.env`); it never overrides a variable that is set. Default: none. */
  readonly envFile?: string | boolean;
  /** Values set in code. */
  readonly overrides?: ConfigOverrides;
  /** Fail when no key is configured. Default: `true`. Turn off for offline use (e.g. the simulator). */
  readonly requireApiKey?: boolean;
  /** Check that keys look like `sk-or-v1-…`. Default: `true`. Turn off for a gateway with its own keys. */
  readonly validateApiKeyFormat?: boolean;
  /** Checks model ids against a catalog, e.g. `catalog.checkModelId` from `@orkit/model-selection`. */
  readonly checkModelId?: ModelIdCheck;
}

type Source = 'override' | 'env' | 'env-file';

/**
 * Reads, validates and freezes the configuration. Every problem is reported at once in one {@link ConfigError}
 * that names each variable and its fix. Empty variables count as unset.
 *
 * @example
 * const config = loadConfig({ envFile: true });
 * const openrouter = createOpenRouter(config);
 * const model = openrouter.chat(config.models.default);
 */
export function loadConfig(options: LoadConfigOptions = {}): OrkitConfig {
  const env = options.env ?? process.env;
  const envFilePath =
    options.envFile === true ? resolve('.env') : options.envFile ? resolve(options.envFile) : undefined;
  const issues: ConfigIssue[] = [];
  // `envFile: true` reads ./.env when there is one (a missing default file is not an error); a path that was
  // named must exist.
  const named = typeof options.envFile === 'string';
  const fileValues = envFilePath === undefined ? {} : (readEnvFile(envFilePath) ?? (named ? undefined : {}));
  if (fileValues === undefined) {
    issues.push({
      variable: 'envFile',
      problem: `The .env file ${envFilePath} does not exist.`,
      fix: 'Create it, pass the right path as envFile, or leave envFile unset to read only the environment.',
    });
  }

  const overrides = options.overrides ?? {};
  const functionKey = typeof overrides.apiKey === 'function' ? overrides.apiKey : undefined;
  const overrideValues = overrideVariables(overrides);
  const raw: Partial<Record<ConfigVariable, string>> = {};
  const sources: Partial<Record<ConfigVariable, Source>> = {};
  for (const variable of CONFIG_VARIABLES) {
    const candidates: Array<[Source, string | undefined]> = [
      ['override', overrideValues[variable]],
      ['env', env[variable]],
      ['env-file', fileValues?.[variable]],
    ];
    const found = candidates.find(([, value]) => value !== undefined && value !== '');
    if (found) {
      sources[variable] = found[0];
      raw[variable] = found[1] as string;
    }
  }

  const label = (variable: ConfigVariable): string => {
    if (sources[variable] === 'override') return `${variable} (set in code)`;
    if (sources[variable] === 'env-file') return `${variable} (from ${envFilePath})`;
    return variable;
  };
  const validateApiKeyFormat = options.validateApiKeyFormat ?? true;
  const parsed = configSchema({ label, validateApiKeyFormat, checkModelId: options.checkModelId }).safeParse(
    raw,
  );
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? 'config');
      const fix = (issue as { params?: { fix?: string } }).params?.fix ?? 'See the @orkit/config README.';
      issues.push({ variable, problem: issue.message, fix });
    }
  }
  if ((options.requireApiKey ?? true) && functionKey === undefined && raw.OPENROUTER_API_KEY === undefined) {
    issues.push({
      variable: 'OPENROUTER_API_KEY',
      problem: 'OPENROUTER_API_KEY is not set.',
      fix: `Create a key at ${OPENROUTER_KEYS_URL} and set OPENROUTER_API_KEY=sk-or-v1-… (in the environment, a .env file, or loadConfig({ overrides: { apiKey } })).`,
    });
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues);

  const values = parsed.data;
  const keySource = functionKey ?? values.OPENROUTER_API_KEY;
  const models = Object.fromEntries(
    MODEL_TIER_NAMES.map((tier) => [
      tier,
      values[MODEL_TIER_VARIABLES[tier] as ConfigVariable] ?? DEFAULT_MODEL_TIERS[tier],
    ]),
  ) as unknown as ModelTiers;
  return deepFreeze({
    openrouter: {
      apiKey:
        keySource === undefined
          ? undefined
          : apiKeyProvider(keySource, { validateFormat: validateApiKeyFormat }),
      baseURL: values.OPENROUTER_BASE_URL ?? OPENROUTER_BASE_URL,
      httpReferer: values.OPENROUTER_HTTP_REFERER,
      appTitle: values.OPENROUTER_X_TITLE,
    },
    models,
    budgets: {
      dailyUsd: values.DAILY_BUDGET,
      weeklyUsd: values.WEEKLY_BUDGET,
      monthlyUsd: values.MONTHLY_BUDGET,
    },
    logEndpoint: values.LOG_ENDPOINT,
    redisUrl:
      values.REDIS_URL === undefined
        ? undefined
        : new Secret(values.REDIS_URL, maskUrlCredentials(values.REDIS_URL)),
  });
}

/** Maps code overrides onto the variables they replace, as strings, so one validation path serves both. */
function overrideVariables(overrides: ConfigOverrides): Partial<Record<ConfigVariable, string>> {
  const values: Partial<Record<ConfigVariable, string | undefined>> = {
    OPENROUTER_API_KEY:
      typeof overrides.apiKey === 'string'
        ? overrides.apiKey
        : Secret.isInstance(overrides.apiKey)
          ? overrides.apiKey.reveal()
          : undefined,
    OPENROUTER_BASE_URL: overrides.baseURL,
    OPENROUTER_HTTP_REFERER: overrides.httpReferer,
    OPENROUTER_X_TITLE: overrides.appTitle,
    DAILY_BUDGET: overrides.budgets?.dailyUsd?.toString(),
    WEEKLY_BUDGET: overrides.budgets?.weeklyUsd?.toString(),
    MONTHLY_BUDGET: overrides.budgets?.monthlyUsd?.toString(),
    LOG_ENDPOINT: overrides.logEndpoint,
    REDIS_URL: overrides.redisUrl,
  };
  for (const tier of MODEL_TIER_NAMES) {
    values[MODEL_TIER_VARIABLES[tier] as ConfigVariable] = overrides.models?.[tier];
  }
  return values as Partial<Record<ConfigVariable, string>>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Secret.isInstance(value) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
