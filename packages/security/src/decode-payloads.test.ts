import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caesarShiftOf, shiftLetters } from './caesar-shift.js';
import { base64Runs, hasHexRun } from './decode-payloads.js';
import { INJECTION_RULES } from './injection-rules.js';
import { baseView } from './normalize-text.js';
import { firstMatchesOf, match, rulesFindings } from './rule-matching.js';

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

describe('the hex gate', () => {
  it('lets through every text the hex pattern matches in, and skips prose', () => {
    const hex = /\b(?:[0-9a-fA-F]{2}[ :]?){12,}/;
    const unit = fc.constantFrom(
      'de',
      'ad',
      'BE',
      'ef',
      '0',
      '9',
      ' ',
      ':',
      'g',
      'z',
      '.',
      'deadbeef',
      'cafe ',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = units.join('');
        if (hex.test(text)) expect(hasHexRun(text)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
    expect(hasHexRun('48 65 6c 6c 6f 20 77 6f 72 6c 64 21')).toBe(true);
    expect(hasHexRun('Our quarterly report covers revenue, churn and the hiring plan.')).toBe(false);
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

  it('unshifted, are read by the first 60 rules where the prefilter lets them, as each rule over the whole view', () => {
    const corpus = readFileSync(new URL('../corpus/dataset.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string })
      .slice(0, 600);
    for (const { text } of corpus) {
      const view = baseView(shiftLetters(shiftLetters(text.toLowerCase(), 13), 13));
      const everywhere = INJECTION_RULES.slice(0, 60).flatMap((rule) => match(rule, view, text) ?? []);
      expect(firstMatchesOf(view, text, 60)).toEqual(everywhere);
    }
  });
});

describe('shifting letters', () => {
  it('shifts only a to z, as a replace of each letter would, whatever else the text holds', () => {
    const byReplace = (text: string, by: number) =>
      text.replace(/[a-z]/g, (char) => String.fromCharCode(((char.charCodeAt(0) - 97 + by) % 26) + 97));
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 25 }), (text, by) => {
        expect(shiftLetters(text, by)).toBe(byReplace(text, by));
      }),
    );
    expect(shiftLetters('uryyb, Jbeyq!', 13)).toBe('hello, Jorld!');
  });
});
