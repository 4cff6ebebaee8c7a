import { createOpenRouter as createProvider, type OpenRouterProvider } from '@openrouter/ai-sdk-provider';
import { OPENROUTER_KEYS_URL } from './api-key-format.js';
import { ConfigError } from './errors.js';
import { OPENROUTER_BASE_URL, type OrkitConfig } from './load-config.js';

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
      let response: Response;
      try {
        response = await send(input, { ...init, headers: requestHeaders });
      } catch (error) {
        throw explainUnreachable(error, config.openrouter.baseURL);
      }
      return response.status === 401 ? explainRefusedKey(response, key.masked) : response;
    },
  });
}

const UNREACHABLE =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

/**
 * A connection that failed names the base URL in use and what to check. It stays the `TypeError('fetch failed')`
 * the AI SDK recognises, so the call is still reported (and retried) as a network failure.
 */
function explainUnreachable(error: unknown, baseURL: string): unknown {
  const cause = (error as { cause?: { code?: unknown; message?: string } } | undefined)?.cause;
  if (!(error instanceof TypeError) || typeof cause?.code !== 'string' || !UNREACHABLE.test(cause.code))
    return error;
  const explained = Object.assign(
    new Error(
      `${cause.message} (${cause.code}): nothing answered at ${baseURL}. Check OPENROUTER_BASE_URL and that the server there is running and reachable, or unset OPENROUTER_BASE_URL to use ${OPENROUTER_BASE_URL}.`,
      { cause },
    ),
    { code: cause.code },
  );
  return new TypeError(error.message, { cause: explained });
}

/**
 * OpenRouter answers an unknown or revoked key with 401 "User not found."; the error says what that means and
 * how to check the key. The body keeps its shape (only the message grows), so the provider parses it as before.
 */
async function explainRefusedKey(response: Response, masked: string): Promise<Response> {
  const text = await response.text();
  const advice = `OpenRouter did not accept the API key ${masked}: it is unknown, revoked or mistyped. Check it with checkKey(config) from @orkit/config, or create one at ${OPENROUTER_KEYS_URL} and set OPENROUTER_API_KEY.`;
  let body: string;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message !== 'string') throw new Error('no error message');
    body = JSON.stringify({
      ...parsed,
      error: { ...parsed.error, message: `${parsed.error.message} ${advice}` },
    });
  } catch {
    body = JSON.stringify({ error: { code: 401, message: `${text.slice(0, 200)} ${advice}`.trim() } });
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  headers.set('content-type', 'application/json');
  return new Response(body, { status: 401, statusText: response.statusText, headers });
}
