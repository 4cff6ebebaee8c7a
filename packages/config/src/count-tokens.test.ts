import { describe, expect, it } from 'vitest';
import { countTokens, tokensAtMost } from './count-tokens.js';

describe('countTokens', () => {
  it('counts with the o200k tokenizer, Chinese included', () => {
    expect(countTokens('Hello, world')).toBe(3);
    const chinese = '我们需要在周五之前完成季度报告。';
    expect(countTokens(chinese)).toBeGreaterThan(chinese.length / 4);
  });

  it('tokensAtMost: decides by bytes when it can, by tokens when it must', () => {
    expect(tokensAtMost('short', 10)).toBe(true);
    expect(tokensAtMost('word '.repeat(100), 150)).toBe(true); // 500 bytes, about 100 tokens
    expect(tokensAtMost('word '.repeat(100), 50)).toBe(false);
    expect(tokensAtMost('', 0)).toBe(true);
  });
});
