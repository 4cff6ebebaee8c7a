import { createRequire } from 'node:module';

type CountTokens = (text: string) => number;
let counter: CountTokens | undefined;

/** `gpt-tokenizer` is not installed where `@orkit/config` can load it. */
export class TokenizerMissingError extends Error {
  override readonly name = 'TokenizerMissingError';
}

/**
 * Counts tokens with `gpt-tokenizer` (o200k), orkit's one token count: cost estimates, input limits and the
 * guard all use it. The tokenizer's tables are loaded on first use (about 0.1 s). `gpt-tokenizer` is an optional
 * peer dependency: `@orkit/model-selection` and `@orkit/security` bring it; install it yourself to count alone.
 *
 * @example
 * import { countTokens } from '@orkit/config/tokens';
 * countTokens('Hello, world'); // 3
 */
export function countTokens(text: string): number {
  if (!counter) {
    try {
      counter = (createRequire(import.meta.url)('gpt-tokenizer') as { countTokens: CountTokens }).countTokens;
    } catch (error) {
      throw new TokenizerMissingError(
        `Counting tokens needs the gpt-tokenizer package: npm install gpt-tokenizer (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  return counter(text);
}

/**
 * Whether `text` has at most `limit` tokens, counting only when it could have more: a token is at least one UTF-8
 * byte, so a text of at most `limit` bytes needs no tokenizer at all.
 *
 * @example
 * tokensAtMost(prompt, 2_000); // false for a 2,800-token Chinese prompt of 2,800 characters
 */
export function tokensAtMost(text: string, limit: number): boolean {
  if (Buffer.byteLength(text, 'utf8') <= limit) return true;
  return countTokens(text) <= limit;
}
