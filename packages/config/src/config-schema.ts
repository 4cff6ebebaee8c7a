import { z } from 'zod';
import { describeApiKeyProblem, OPENROUTER_KEYS_URL } from './api-key-format.js';
import { MODEL_ID_PATTERN } from './model-tiers.js';
import { maskSecret, maskUrlCredentials } from './secret.js';

/** Every environment variable orkit reads. */
export const CONFIG_VARIABLES = [
  'OPENROUTER_API_KEY',
  'OPENROUTER_BASE_URL',
  'OPENROUTER_HTTP_REFERER',
  'OPENROUTER_X_TITLE',
  'DEFAULT_MODEL',
  'FALLBACK_MODEL',
  'FAST_MODEL',
  'REASONING_MODEL',
  'CODING_MODEL',
  'VISION_MODEL',
  'DAILY_BUDGET',
  'WEEKLY_BUDGET',
  'MONTHLY_BUDGET',
  'LOG_ENDPOINT',
  'REDIS_URL',
] as const;

/** The name of one configuration variable. */
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** Checks a model id against a catalog: returns what is wrong (e.g. "is not in the catalog; did you mean …?"). */
export type ModelIdCheck = (id: string) => string | undefined;

interface SchemaOptions {
  /** How to name each variable in messages (e.g. `DAILY_BUDGET (from .env)`). */
  readonly label: (variable: ConfigVariable) => string;
  readonly validateApiKeyFormat: boolean;
  readonly checkModelId: ModelIdCheck | undefined;
}

type Context = z.core.$RefinementCtx<string>;

function fail(context: Context, problem: string, fix: string): never {
  context.addIssue({ code: 'custom', message: problem, params: { fix } });
  return z.NEVER as never;
}

function quoted(raw: string): string {
  return `'${raw.length > 80 ? `${raw.slice(0, 77)}...` : raw}'`;
}

function usd(name: string, variable: ConfigVariable) {
  return z.string().transform((raw, context) => {
    const trimmed = raw.trim();
    const value = /^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (!(value > 0) || !Number.isFinite(value)) {
      return fail(
        context,
        `${name} must be a positive number of US dollars, got ${quoted(raw)}.`,
        `Set ${variable} to a plain number such as 25 or 12.50 (no currency sign, no thousands separator), or unset it for no limit.`,
      );
    }
    // Money is counted in picodollars: anything smaller would be a limit of $0, which refuses every call.
    if (value < 1e-12) {
      return fail(
        context,
        `${name} is below the smallest amount orkit counts ($0.000000000001), got ${quoted(raw)}; it would be a limit of $0.`,
        `Set ${variable} to at least 0.000000000001 (a real limit is more like 5 or 0.50), or unset it for no limit.`,
      );
    }
    return value;
  });
}

function httpUrl(name: string, variable: ConfigVariable, example: string) {
  return z.string().transform((raw, context) => {
    const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      return fail(
        context,
        `${name} must be an http(s) URL, got ${quoted(maskUrlCredentials(raw))}.`,
        `Set ${variable} to a full URL such as ${example}.`,
      );
    }
    if (parsed.username !== '' || parsed.password !== '') {
      return fail(
        context,
        `${name} must not carry a user name or password, got ${quoted(maskUrlCredentials(raw))}: fetch refuses such URLs, and the password would show wherever the URL is printed.`,
        `Remove the credentials from ${variable}; a proxy that needs them can get them in a header (createOpenRouter's \`headers\` option).`,
      );
    }
    return raw.replace(/\/+$/, '');
  });
}

function modelId(name: string, variable: ConfigVariable, checkModelId: ModelIdCheck | undefined) {
  return z.string().transform((raw, context) => {
    const id = raw.trim();
    if (!MODEL_ID_PATTERN.test(id)) {
      return fail(
        context,
        `${name} must be an OpenRouter model id like 'anthropic/claude-sonnet-5' (vendor/model, optional :variant), got ${quoted(raw)}.`,
        `Set ${variable} to an id listed at https://openrouter.ai/models, or unset it to use the default tier.`,
      );
    }
    const problem = checkModelId?.(id);
    if (problem !== undefined) {
      return fail(context, `${name} ${problem}`, `Set ${variable} to a model id from the catalog.`);
    }
    return id;
  });
}

/** Builds the zod schema for the raw variables; every message names the variable, the problem and the fix. */
export function configSchema(options: SchemaOptions) {
  const { label } = options;
  return z.object({
    OPENROUTER_API_KEY: z
      .string()
      .transform((raw, context) => {
        const problem = options.validateApiKeyFormat ? describeApiKeyProblem(raw) : undefined;
        if (problem !== undefined) {
          return fail(
            context,
            `${label('OPENROUTER_API_KEY')} ${problem} (got ${maskSecret(raw)}).`,
            `Copy the key from ${OPENROUTER_KEYS_URL}; it looks like sk-or-v1-<64 hex characters>.`,
          );
        }
        return raw;
      })
      .optional(),
    OPENROUTER_BASE_URL: httpUrl(
      label('OPENROUTER_BASE_URL'),
      'OPENROUTER_BASE_URL',
      'https://openrouter.ai/api/v1',
    ).optional(),
    OPENROUTER_HTTP_REFERER: httpUrl(
      label('OPENROUTER_HTTP_REFERER'),
      'OPENROUTER_HTTP_REFERER',
      'https://your-app.example (your app URL, shown in OpenRouter rankings)',
    ).optional(),
    OPENROUTER_X_TITLE: z
      .string()
      .transform((raw, context) => {
        // A header value: a line break here would let the title smuggle extra headers.
        if (raw.trim() === '' || /[\r\n\0]/.test(raw) || raw.length > 200) {
          return fail(
            context,
            `${label('OPENROUTER_X_TITLE')} must be one line of at most 200 characters, got ${quoted(raw.replace(/[\r\n]/g, '\\n'))}.`,
            'Set OPENROUTER_X_TITLE to your app name, e.g. "Acme Support Agent".',
          );
        }
        return raw.trim();
      })
      .optional(),
    DEFAULT_MODEL: modelId(label('DEFAULT_MODEL'), 'DEFAULT_MODEL', options.checkModelId).optional(),
    FALLBACK_MODEL: modelId(label('FALLBACK_MODEL'), 'FALLBACK_MODEL', options.checkModelId).optional(),
    FAST_MODEL: modelId(label('FAST_MODEL'), 'FAST_MODEL', options.checkModelId).optional(),
    REASONING_MODEL: modelId(label('REASONING_MODEL'), 'REASONING_MODEL', options.checkModelId).optional(),
    CODING_MODEL: modelId(label('CODING_MODEL'), 'CODING_MODEL', options.checkModelId).optional(),
    VISION_MODEL: modelId(label('VISION_MODEL'), 'VISION_MODEL', options.checkModelId).optional(),
    DAILY_BUDGET: usd(label('DAILY_BUDGET'), 'DAILY_BUDGET').optional(),
    WEEKLY_BUDGET: usd(label('WEEKLY_BUDGET'), 'WEEKLY_BUDGET').optional(),
    MONTHLY_BUDGET: usd(label('MONTHLY_BUDGET'), 'MONTHLY_BUDGET').optional(),
    LOG_ENDPOINT: httpUrl(
      label('LOG_ENDPOINT'),
      'LOG_ENDPOINT',
      'https://logs.example.com/ingest',
    ).optional(),
    REDIS_URL: z
      .string()
      .transform((raw, context) => {
        const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
        if (
          !parsed ||
          (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') ||
          parsed.hostname === ''
        ) {
          return fail(
            context,
            `${label('REDIS_URL')} must be a redis:// or rediss:// URL with a host, got ${quoted(maskUrlCredentials(raw))}.`,
            'Set REDIS_URL such as redis://127.0.0.1:6379 (or rediss://user:password@host:6380 for TLS), or unset it to keep state in memory.',
          );
        }
        return raw;
      })
      .optional(),
  });
}

/** The validated raw variables. */
export type ParsedVariables = z.output<ReturnType<typeof configSchema>>;
