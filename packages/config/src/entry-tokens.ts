/**
 * @module
 * orkit's one token count (`gpt-tokenizer`, o200k, loaded on first use).
 */
export { countTokens, TokenizerMissingError, tokensAtMost } from './count-tokens.js';
