import { describeApiKeyProblem, OPENROUTER_KEYS_URL } from './api-key-format.js';
import { ConfigError } from './errors.js';
import { maskSecret, Secret } from './secret.js';

/** A function that yields the current key; called per request, so a process can rotate keys without a restart. */
export type ApiKeyFunction = (options?: {
  signal?: AbortSignal;
}) => string | Secret | Promise<string | Secret>;

/** What callers may pass as a key: the key, a {@link Secret}, or a function returning either. */
export type ApiKeySource = string | Secret | ApiKeyFunction;

/**
 * Resolves the OpenRouter key for each request. Its only own field is a masked description, so printing,
 * serialising or `structuredClone`-ing it never exposes the key.
 *
 * @example
 * const provider = apiKeyProvider(async () => vault.read('openrouter'));
 * const key = await provider.resolve(); // a Secret
 */
export class ApiKeyProvider {
  readonly #source: Secret | ApiKeyFunction;
  readonly #validateFormat: boolean;
  /** `sk-or-v1-…(73 chars)` for a static key, `(rotating key)` for a function. */
  readonly masked: string;

  constructor(source: ApiKeySource, options: { validateFormat?: boolean } = {}) {
    this.#source = typeof source === 'string' ? new Secret(source) : source;
    this.#validateFormat = options.validateFormat ?? true;
    this.masked = Secret.isInstance(this.#source) ? this.#source.masked : '(rotating key)';
  }

  /**
   * The key to use now. A key from a function is checked each time, so a bad rotation fails with a
   * {@link ConfigError} instead of a 401.
   */
  async resolve(options: { signal?: AbortSignal } = {}): Promise<Secret> {
    const source = this.#source;
    if (Secret.isInstance(source)) return source;
    const resolved = await source(options);
    const key = Secret.isInstance(resolved) ? resolved : new Secret(resolved);
    const problem = this.#validateFormat ? describeApiKeyProblem(key.reveal()) : undefined;
    if (problem !== undefined) {
      throw new ConfigError([
        {
          variable: 'apiKey (provider function)',
          problem: `The key returned by the apiKey provider ${problem} (got ${maskSecret(key.reveal())}).`,
          fix: `Return a key from ${OPENROUTER_KEYS_URL}, formatted sk-or-v1-<64 hex characters>.`,
        },
      ]);
    }
    return key;
  }

  toJSON(): string {
    return this.masked;
  }
}

/**
 * Turns any {@link ApiKeySource} into an {@link ApiKeyProvider}.
 *
 * @example
 * const provider = apiKeyProvider(process.env.OPENROUTER_API_KEY ?? '');
 */
export function apiKeyProvider(
  source: ApiKeySource,
  options: { validateFormat?: boolean } = {},
): ApiKeyProvider {
  return new ApiKeyProvider(source, options);
}
