import { inspect } from 'node:util';

const SECRET_MARKER = Symbol.for('orkit.config.secret');

/**
 * A value that never prints: `toString`, `toJSON`, `util.inspect`, template strings and `structuredClone`
 * all give a masked form. Read it deliberately with {@link Secret.reveal}.
 *
 * @example
 * const key = secret(process.env.OPENROUTER_API_KEY ?? '');
 * console.log(`${key}`);   // "sk-or-v1-…(73 chars)"
 * fetch(url, { headers: { authorization: `Bearer ${key.reveal()}` } });
 */
export class Secret {
  readonly #value: string;
  /** The masked form: safe to log. It is an own enumerable field, so clones and spreads carry only it. */
  readonly masked: string;
  readonly [SECRET_MARKER] = true as const;

  /**
   * @param value the secret itself.
   * @param masked what to show instead; defaults to {@link maskSecret}. It must not contain the secret.
   */
  constructor(value: string, masked: string = maskSecret(value)) {
    this.#value = value;
    this.masked = masked;
  }

  /** Whether `value` is a {@link Secret} (also one made by another copy of this package). */
  static isInstance(value: unknown): value is Secret {
    return typeof value === 'object' && value !== null && SECRET_MARKER in value;
  }

  /** The real value. Call it only where the value leaves the process for its intended destination. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return this.masked;
  }

  toJSON(): string {
    return this.masked;
  }

  [Symbol.toPrimitive](): string {
    return this.masked;
  }

  [inspect.custom](): string {
    return `Secret(${this.masked})`;
  }
}

/**
 * Wraps a string in a {@link Secret}.
 *
 * @example
 * const token = secret('sk-or-v1-…');
 * JSON.stringify({ token }); // '{"token":"sk-or-v1-…(73 chars)"}'
 */
export function secret(value: string, options: { masked?: string } = {}): Secret {
  return new Secret(value, options.masked);
}

/**
 * Masks the password (and user name) of a URL such as `redis://user:pass@host:6379`, keeping the rest readable.
 *
 * @example
 * maskUrlCredentials('redis://:hunter2@cache:6379/0'); // 'redis://***@cache:6379/0'
 */
export function maskUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@');
}

const KNOWN_PREFIXES = ['sk-or-v1-', 'sk-or-', 'sk-ant-', 'sk-proj-', 'sk-'];

/**
 * The masked form of a secret: a known, non-secret prefix and the length, never any other character.
 *
 * @example
 * maskSecret('sk-or-v1-0123…'); // 'sk-or-v1-…(73 chars)'
 */
export function maskSecret(value: string): string {
  const prefix = KNOWN_PREFIXES.find(
    (candidate) => value.startsWith(candidate) && value.length > candidate.length + 8,
  );
  return `${prefix ?? ''}…(${value.length} chars)`;
}
