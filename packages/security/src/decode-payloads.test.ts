import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Runs, caesarShiftOf } from './decode-payloads.js';
import { INJECTION_RULES } from './injection-rules.js';
import { rulesFindings } from './rule-matching.js';

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

describe('Caesar telltale words', () => {
  it('are found by the prefilter pass where the pattern over the lowercased text finds them', () => {
    const piece = fc.constantFrom(
      'jhopsf',
      'vjhopsf',
      'qbttxpse',
      'suhylrxv ',
      'x',
      ' ',
      '.',
      'Jhopsf',
      '_',
      '9',
      'ljqruh',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const text = pieces.join('');
        const { shiftedWord } = rulesFindings(text, INJECTION_RULES);
        expect(caesarShiftOf(text.toLowerCase(), shiftedWord)).toBe(caesarShiftOf(text.toLowerCase()));
      }),
      { numRuns: 1_000 },
    );
  });
});
