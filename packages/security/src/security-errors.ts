import type { InjectionResult } from './detect-prompt-injection.js';

// One marker per class (`Symbol.for`, so `isInstance` works across copies of the package).
const INJECTION = Symbol.for('orkit.security.prompt-injection');
const TOO_LONG = Symbol.for('orkit.security.input-too-long');
const CANARY = Symbol.for('orkit.security.canary-leak');

const marked = (error: unknown, marker: symbol): boolean =>
  typeof error === 'object' && error !== null && marker in error;

/** Where in a prompt a piece of untrusted text came from. */
export interface PromptSource {
  readonly role: 'user' | 'tool';
  /** Index of the message in the prompt. */
  readonly messageIndex: number;
  /** The tool's name, for tool results. */
  readonly toolName?: string;
}

/**
 * A guard refused a call: the prompt carried an injection (policy `block`). Never retried and never sent to a
 * fallback model: another model would get the same input.
 *
 * @example
 * try { await generateText({ model, prompt }); }
 * catch (error) { if (PromptInjectionError.isInstance(error)) console.warn(error.result.findings); }
 */
export class PromptInjectionError extends Error {
  readonly [INJECTION] = true as const;
  override readonly name = 'PromptInjectionError';

  /** True for this class's errors, also from another copy of the package (where `instanceof` fails). */
  static isInstance(error: unknown): error is PromptInjectionError {
    return marked(error, INJECTION);
  }

  readonly isRetryable = false;
  readonly result: InjectionResult;
  readonly source: PromptSource;

  constructor(result: InjectionResult, source: PromptSource) {
    const rules = [...new Set(result.findings.map((finding) => finding.rule))].slice(0, 5).join(', ');
    super(
      `Blocked a prompt injection in the ${source.role} message at index ${source.messageIndex}${
        source.toolName ? ` (tool ${source.toolName})` : ''
      }: score ${result.score.toFixed(2)}, rules ${rules}. If this input is legitimate, use the 'flag' or 'sanitize' policy or raise the threshold.`,
    );
    this.result = result;
    this.source = source;
  }
}

/**
 * The prompt is longer than the guard's `maxInputTokens` and the policy is `error`.
 *
 * @example
 * if (InputTooLongError.isInstance(error)) console.warn(error.estimatedTokens, error.maxInputTokens);
 */
export class InputTooLongError extends Error {
  readonly [TOO_LONG] = true as const;
  override readonly name = 'InputTooLongError';

  /** True for this class's errors, also from another copy of the package (where `instanceof` fails). */
  static isInstance(error: unknown): error is InputTooLongError {
    return marked(error, TOO_LONG);
  }

  readonly isRetryable = false;
  readonly estimatedTokens: number;
  readonly maxInputTokens: number;

  constructor(estimatedTokens: number, maxInputTokens: number) {
    super(
      `The prompt is about ${estimatedTokens} tokens, over the limit of ${maxInputTokens}. Shorten it, or set tooLong: 'truncate' to drop the oldest messages.`,
    );
    this.estimatedTokens = estimatedTokens;
    this.maxInputTokens = maxInputTokens;
  }
}

/**
 * The model's output contained a canary token planted in the system prompt: the system prompt leaked.
 *
 * @example
 * if (CanaryLeakError.isInstance(error)) alertSecurityTeam(error.canary);
 */
export class CanaryLeakError extends Error {
  readonly [CANARY] = true as const;
  override readonly name = 'CanaryLeakError';

  /** True for this class's errors, also from another copy of the package (where `instanceof` fails). */
  static isInstance(error: unknown): error is CanaryLeakError {
    return marked(error, CANARY);
  }

  readonly isRetryable = false;
  readonly canary: string;

  constructor(canary: string) {
    super(
      'The model output contains a canary token from the system prompt: the system prompt leaked. The output was withheld.',
    );
    this.canary = canary;
  }
}
