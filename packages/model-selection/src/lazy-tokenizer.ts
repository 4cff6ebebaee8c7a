import { createRequire } from 'node:module';

type CountTokens = (text: string) => number;
let counter: CountTokens | undefined;

/**
 * Counts tokens with gpt-tokenizer (o200k), loaded on first use: its tables take ~0.1 s to load, which the
 * catalog and cost functions should not pay when nobody counts.
 */
export function countTokens(text: string): number {
  counter ??= (createRequire(import.meta.url)('gpt-tokenizer') as { countTokens: CountTokens }).countTokens;
  return counter(text);
}
