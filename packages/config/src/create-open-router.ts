import { createOpenRouter as createProvider, type OpenRouterProvider } from '@openrouter/ai-sdk-provider';
import { OPENROUTER_KEYS_URL } from './api-key-format.js';
import { ConfigError } from './errors.js';
import type { OrkitConfig } from './load-config.js';

/** Options of {@link createOpenRouter}. */
export interface CreateOpenRouterOptions {
  /** A fetch to send requests through (tests, proxies). Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Extra headers for every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra body fields for every request (e.g. `{ provider: { data_collection: 'deny' } }`). */
  readonly extraBody?: Readonly<Record<string, unknown>>;
}

/** Stands in for the key inside the provider; the real key is set per request by our fetch. */
const MANAGED_KEY_PLACEHOLDER = 'orkit-managed-key';

/**
 * The `@openrouter/ai-sdk-provider` instance for a config: base URL, attribution headers (`HTTP-Referer`,
 * `X-Title`, `X-OpenRouter-Title`) and the key, resolved **per request** so a rotated key takes effect without a
 * restart. Uses `compatibility: 'strict'`, so streams ask OpenRouter for usage.
 *
 * @example
 * const openrouter = createOpenRouter(loadConfig());
 * const { text } = await generateText({ model: openrouter.chat(config.models.fast), prompt: 'Hi' });
 */
export function createOpenRouter(
  config: OrkitConfig,
  options: CreateOpenRouterOptions = {},
): OpenRouterProvider {
  const apiKey = config.openrouter.apiKey;
  if (apiKey === undefined) {
    throw new ConfigError([
      {
        variable: 'OPENROUTER_API_KEY',
        problem:
          'createOpenRouter needs a key, but the config has none (it was loaded with requireApiKey: false).',
        fix: `Create a key at ${OPENROUTER_KEYS_URL} and set OPENROUTER_API_KEY, or pass overrides.apiKey to loadConfig.`,
      },
    ]);
  }
  const send = options.fetch ?? globalThis.fetch;
  const { appTitle, httpReferer } = config.openrouter;
  const headers: Record<string, string> = {
    ...(appTitle === undefined ? {} : { 'X-Title': appTitle }),
    ...options.headers,
  };
  return createProvider({
    baseURL: config.openrouter.baseURL,
    apiKey: MANAGED_KEY_PLACEHOLDER,
    compatibility: 'strict',
    headers,
    ...(appTitle === undefined ? {} : { appName: appTitle }),
    ...(httpReferer === undefined ? {} : { appUrl: httpReferer }),
    ...(options.extraBody === undefined ? {} : { extraBody: { ...options.extraBody } }),
    fetch: async function orkitAuthorizedFetch(input, init) {
      const signal = init?.signal ?? undefined;
      const key = await apiKey.resolve(signal ? { signal } : {});
      const requestHeaders = new Headers(init?.headers);
      requestHeaders.set('authorization', `Bearer ${key.reveal()}`);
      return send(input, { ...init, headers: requestHeaders });
    },
  });
}
