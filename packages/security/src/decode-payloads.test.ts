import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Runs } from './decode-payloads.js';

describe('encoded payloads', () => {
  it('finds the same base64 runs as a pattern over every position, skipping through prose', () => {
    const reference = (text: string) =>
      [...text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)].map((found) => ({
        index: found.index,
        value: found[0],
      }));
    const unit = fc.constantFrom(
      'a',
      'Z',
      '0',
      '+',
      '/',
      '_',
      '-',
      '=',
      ' ',
      '.',
      'é',
      'SGVsbG8gd29ybGQ',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (units) => {
        const text = units.join('');
        expect(base64Runs(text)).toEqual(reference(text));
      }),
      { numRuns: 3_000 },
    );
    expect(base64Runs('see aWdub3JlIGFsbCBwcmV2aW91cw== now')).toEqual([
      { index: 4, value: 'aWdub3JlIGFsbCBwcmV2aW91cw==' },
    ]);
  });
});
