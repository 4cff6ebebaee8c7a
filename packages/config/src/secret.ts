import { inspect } from 'node:util';

const SECRET_MARKER = Symbol.for('orkit.config.secret');

/**
 * A value that never prints: `toJSON`, `util.inspect` (so `console.log`) and `structuredClone` give a masked form.
 * Read it deliberately with {@link Secret.reveal}. Turning it into text (`${key}`, `String(key)`, `'Bearer ' + key`)
 * throws a {@link SecretMisuseError}: the masked form in a header is a key that fails far away with a confusing
 * error, so the mistake is stopped where it is made.
 *
 * @example
 * const key = secret(process.env.OPENROUTER_API_KEY ?? '');
 * console.log(key);        // Secret(sk-or-v1-…(73 chars))
 * console.log(key.masked); // "sk-or-v1-…(73 chars)"
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

  /** Throws: a Secret is not text. Use {@link Secret.reveal} to send it, `masked` to show it. */
  toString(): string {
    throw new SecretMisuseError(this.masked);
  }

  toJSON(): string {
    return this.masked;
  }

  /** Throws for text (template strings, `String()`, `+`); see {@link Secret.toString}. */
  [Symbol.toPrimitive](): string {
    throw new SecretMisuseError(this.masked);
  }

  [inspect.custom](): string {
    return `Secret(${this.masked})`;
  }
}

/** Thrown when a {@link Secret} is turned into text; the message says how to read it instead. */
export class SecretMisuseError extends TypeError {
  override readonly name = 'SecretMisuseError';

  constructor(masked: string) {
    super(
      `A Secret (${masked}) was turned into text, e.g. in a template string: that would send or print its masked form, not the value. Call .reveal() where the value leaves the process (\`Bearer \${key.reveal()}\`), or read .masked to show it.`,
    );
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
 * Malformed ones too (`redis:/:pass@host`, `redis//:pass@host`, `redis:pass@host`, `:pass@host`): everything
 * between the scheme and the last `@` is masked, so a password with an `@` in it does not leak either.
 *
 * @example
 * maskUrlCredentials('redis://:hunter2@cache:6379/0'); // 'redis://***@cache:6379/0'
 */
export function maskUrlCredentials(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/{0,2}/i.exec(url)?.[0] ?? '';
  return `${scheme.length <= at ? scheme : ''}***${url.slice(at)}`;
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
