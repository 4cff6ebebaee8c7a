import { z } from 'zod';
import { OPENROUTER_KEYS_URL } from './api-key-format.js';
import { ConfigError, KeyCheckError } from './errors.js';
import type { OrkitConfig } from './load-config.js';

/** What OpenRouter's `GET /key` says about the calling key. Amounts are USD. */
export interface KeyInfo {
  readonly label: string | undefined;
  /** The key's credit limit, `null` for unlimited. */
  readonly limit: number | null;
  readonly limitRemaining: number | null;
  /** When the limit resets (e.g. `monthly`), `null` if never. */
  readonly limitReset: string | null;
  readonly usage: number;
  readonly usageDaily: number | undefined;
  readonly usageWeekly: number | undefined;
  readonly usageMonthly: number | undefined;
  readonly isFreeTier: boolean;
}

const keyResponseSchema = z.object({
  data: z.object({
    label: z.string().nullish(),
    limit: z.number().nullable(),
    limit_remaining: z.number().nullish(),
    limit_reset: z.string().nullish(),
    usage: z.number(),
    usage_daily: z.number().optional(),
    usage_weekly: z.number().optional(),
    usage_monthly: z.number().optional(),
    is_free_tier: z.boolean(),
  }),
});

/** Options of {@link checkKey}. */
export interface CheckKeyOptions {
  readonly signal?: AbortSignal;
  /** Give up after this long. Default: 10 000 ms. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Asks OpenRouter (`GET /key`) whether the configured key works and what it may spend. Run it at startup so a
 * revoked key fails there, not deep inside the first agent call.
 *
 * @example
 * const info = await checkKey(config);
 * if (info.limitRemaining !== null && info.limitRemaining < 1) throw new Error('Top up the key');
 */
export async function checkKey(config: OrkitConfig, options: CheckKeyOptions = {}): Promise<KeyInfo> {
  const { apiKey, baseURL } = config.openrouter;
  if (apiKey === undefined) {
    throw new ConfigError([
      {
        variable: 'OPENROUTER_API_KEY',
        problem: 'checkKey needs a key, but the config has none.',
        fix: `Create a key at ${OPENROUTER_KEYS_URL} and set OPENROUTER_API_KEY.`,
      },
    ]);
  }
  const url = `${baseURL}/key`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const key = await apiKey.resolve({ signal });
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, {
      headers: { authorization: `Bearer ${key.reveal()}` },
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new KeyCheckError({
        reason: 'timeout',
        url,
        message: `OpenRouter did not answer GET ${url} within ${timeoutMs} ms. Check OPENROUTER_BASE_URL and your network, or raise timeoutMs.`,
        cause: error,
      });
    }
    throw new KeyCheckError({
      reason: 'network',
      url,
      message: `Could not reach ${url} (${(error as Error).message}). Check OPENROUTER_BASE_URL and your network or proxy.`,
      cause: error,
    });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 401) {
    throw new KeyCheckError({
      reason: 'unauthorized',
      url,
      statusCode: 401,
      message: `OpenRouter refused the key ${key.masked} (401${errorMessage(body)}). It may be revoked or mistyped: create a new one at ${OPENROUTER_KEYS_URL} and set OPENROUTER_API_KEY.`,
    });
  }
  if (!response.ok) {
    throw new KeyCheckError({
      reason: 'http',
      url,
      statusCode: response.status,
      message: `GET ${url} answered ${response.status}${errorMessage(body)}. Retry later; if it persists, check OPENROUTER_BASE_URL.`,
    });
  }
  const parsed = keyResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new KeyCheckError({
      reason: 'invalid-response',
      url,
      statusCode: response.status,
      message: `GET ${url} did not return OpenRouter's key information (${parsed.error.issues[0]?.message ?? 'not JSON'}). Is OPENROUTER_BASE_URL pointing at OpenRouter (https://openrouter.ai/api/v1)?`,
    });
  }
  const data = parsed.data.data;
  return {
    label: data.label ?? undefined,
    limit: data.limit,
    limitRemaining: data.limit_remaining ?? null,
    limitReset: data.limit_reset ?? null,
    usage: data.usage,
    usageDaily: data.usage_daily,
    usageWeekly: data.usage_weekly,
    usageMonthly: data.usage_monthly,
    isFreeTier: data.is_free_tier,
  };
}

function errorMessage(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? `: ${message}` : '';
}
