const CONFIG_ERROR_MARKER = Symbol.for('orkit.config.error');

/** One problem found in the configuration. Secret values appear only in their masked form. */
export interface ConfigIssue {
  /** The environment variable (or option path) at fault, e.g. `DAILY_BUDGET`. */
  readonly variable: string;
  /** What is wrong, with the received value (masked if secret). */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * The configuration is invalid. It lists **every** problem at once; each names the variable, what was wrong
 * and how to fix it.
 *
 * @example
 * try { loadConfig(); } catch (error) {
 *   if (ConfigError.isInstance(error)) for (const issue of error.issues) console.error(issue.variable, issue.fix);
 * }
 */
export class ConfigError extends Error {
  readonly [CONFIG_ERROR_MARKER] = true as const;
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.issues = issues;
  }

  /** Recognises a ConfigError from any copy of this package. */
  static isInstance(error: unknown): error is ConfigError {
    return typeof error === 'object' && error !== null && CONFIG_ERROR_MARKER in error;
  }
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => `  - ${issue.variable}: ${issue.problem} Fix: ${issue.fix}`);
  return `Invalid orkit configuration (${count}):\n${lines.join('\n')}`;
}

const KEY_CHECK_ERROR_MARKER = Symbol.for('orkit.config.key-check-error');

/** Why a key check failed. */
export type KeyCheckFailure = 'unauthorized' | 'network' | 'timeout' | 'http' | 'invalid-response';

/**
 * `checkKey` could not confirm the key: the key was refused (401), the server was unreachable, or it answered
 * something that is not OpenRouter's `/key` response.
 *
 * @example
 * try { await checkKey(config); } catch (error) {
 *   if (KeyCheckError.isInstance(error) && error.reason === 'unauthorized') process.exit(2);
 * }
 */
export class KeyCheckError extends Error {
  readonly [KEY_CHECK_ERROR_MARKER] = true as const;
  override readonly name = 'KeyCheckError';
  readonly reason: KeyCheckFailure;
  readonly url: string;
  readonly statusCode: number | undefined;

  constructor(options: {
    reason: KeyCheckFailure;
    url: string;
    message: string;
    statusCode?: number;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason;
    this.url = options.url;
    this.statusCode = options.statusCode;
  }

  /** Recognises a KeyCheckError from any copy of this package. */
  static isInstance(error: unknown): error is KeyCheckError {
    return typeof error === 'object' && error !== null && KEY_CHECK_ERROR_MARKER in error;
  }
}
