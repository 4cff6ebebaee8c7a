import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rule } from './injection-rule.js';
import { INJECTION_RULES } from './injection-rules.js';
import { createLiteralIndex } from './literal-index.js';
import { baseView, foldedView } from './normalize-text.js';
import { requiredLiteralPlaces, requiredLiteralSets, requiredLiterals } from './pattern-literals.js';
import { maxMatchSpan } from './pattern-span.js';
import { match, rulesFindings } from './rule-matching.js';
import { createRuleGate } from './rule-prefilter.js';
import { scanKey } from './scan-keys.js';

// Every eighth corpus row in the regular run (each sweep checks every rule on both views of every row: the whole
// corpus takes ~12 s a sweep, which a loaded machine can push past any timeout); `pnpm test:slow` runs them all.
const SLOW = process.env.ORKIT_SLOW === '1';
const rows = readFileSync(new URL('../corpus/dataset.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text)
  .filter((_, index) => SLOW || index % 8 === 0);

describe('the rule prefilter', () => {
  it('reads the strings a pattern requires, and gives up where it cannot be sure', () => {
    const literals = (source: string) => requiredLiterals(new RegExp(source, 'u'));
    // Both orders of two words require both words: the gate needs each set, not the union of one per branch.
    expect(requiredLiteralSets(/(?:alpha[^.]{0,9}(?:beta|gamma)|(?:beta|gamma)[^.]{0,9}alpha)/u)).toEqual([
      ['alpha'],
      ['beta', 'gamma'],
    ]);
    expect(literals('\\b(?:ignore|forget)\\b[^.]{0,40}\\binstructions?\\b')).toEqual(['instruction']);
    // Short alternatives in a row multiply out into whole phrases: far more selective than any one word.
    expect(literals('(?:say|tell) (?:me )?(?:the|your) password')?.sort()).toEqual(
      [
        'say me the',
        'say me your',
        'say the',
        'say your',
        'tell me the',
        'tell me your',
        'tell the',
        'tell your',
      ]
        .map((start) => `${start} password`)
        .sort(),
    );
    expect(literals('(?:ab)*?xy')).toBeUndefined();
    // A lazy repeat is a repeat, not an option: 'qababwxyz' matches, so 'qwxyz' cannot be required.
    expect(literals('q(?:ab)*?wxyz')).toEqual(['wxyz']);
    expect(literals('a(?:bc)?d|xyz')).toBeUndefined();
    expect(literals('(?<!not )reveal(?=\\s)')).toEqual(['reveal']);
    // How far into a match each set's string starts, at most: what comes before it, at its longest.
    const places = (source: string) =>
      requiredLiteralPlaces(new RegExp(source, 'u'))?.map(({ strings, before }) => [strings.sort(), before]);
    expect(places('\\bfoo\\b[^.]{0,10}(?:bar|baz)')?.slice(0, 2)).toEqual([
      [['foo'], 0],
      [['bar', 'baz'], 3 + 10 * 2],
    ]);
    // "tell your password" sits two characters into "yytell your password".
    expect(places('(?:x|yy)?tell (?:me )?your password')).toEqual([
      [['tell me your password', 'tell your password'], 2],
    ]);
    expect(places('a+password')).toEqual([[['password'], Number.POSITIVE_INFINITY]]);
    expect(places('(?:alpha.{0,5}omega|omega.{0,9}alpha)')).toEqual([
      [['alpha'], 5 + 9 * 2],
      [['omega'], 5 + 5 * 2],
    ]);
    // Branches that share only a string too common to gate on (":") require one of their own best strings.
    expect(places('(?:display\\s?:\\s?none|font-size\\s?:\\s?0)')).toEqual([[['display', 'font-size'], 0]]);
    // An emoji is looked for as itself.
    expect(scanKey('🔓')).toBe('🔓');
    expect(literals('忽略(?:以上|上面)')).toEqual(['忽略以上', '忽略上面']);
    expect(literals('\\x41BCD+')).toEqual(['ABC']);
    expect(requiredLiterals(/ignore/i)).toBeUndefined();
    expect(literals('[a-z]+')).toBeUndefined();
  });

  it('never skips a built-in rule that matches, nor where its first match starts: corpus texts, both views', () => {
    const gate = createRuleGate(INJECTION_RULES);
    let checked = 0;
    for (const text of rows) {
      const base = baseView(text);
      for (const view of [base.text, foldedView(base).text]) {
        const plan = gate.plan(view);
        INJECTION_RULES.forEach((injectionRule, index) => {
          const found = injectionRule.pattern.exec(view);
          if (!found) return;
          checked += 1;
          const starts = plan.starts(index);
          const inRange = !starts || starts.some(([from, to]) => from <= found.index && found.index <= to);
          expect({ rule: injectionRule.id, text: view, may: plan.may(index), inRange }).toMatchObject({
            may: true,
            inRange: true,
          });
        });
      }
    }
    expect(checked).toBeGreaterThan(SLOW ? 1_000 : 100);
  });

  // Every rule over both whole views, with no prefilter: what the fast path must agree with.
  const naive = (text: string) => {
    const base = baseView(text);
    const folded = foldedView(base);
    const found: string[] = [];
    for (const injectionRule of INJECTION_RULES) {
      const onBase = injectionRule.view === 'folded' ? undefined : match(injectionRule, base, text);
      const onFolded =
        onBase || injectionRule.view === 'base' || (folded === base && injectionRule.view !== 'folded')
          ? undefined
          : match(injectionRule, folded, text);
      const hit = onBase ?? onFolded;
      if (hit) found.push(`${hit.rule}@${hit.start}-${hit.end}`);
    }
    return found;
  };
  const fast = (text: string) =>
    rulesFindings(text, INJECTION_RULES).findings.map((hit) => `${hit.rule}@${hit.start}-${hit.end}`);

  it('gives the same findings as running every rule over both whole views: corpus texts', () => {
    for (const text of rows) expect({ text, fast: fast(text) }).toEqual({ text, fast: naive(text) });
  });

  it('gives the same findings on long texts, where windows lie close together and far apart', () => {
    // Forty rows at a time, joined by spaces or line breaks: each rule's windows cluster where its words recur.
    for (let mix = 0; mix < (SLOW ? 40 : 10); mix += 1) {
      let text = '';
      for (let row = 0; row < 40; row += 1)
        text += `${rows[(mix * 131 + row * 977) % rows.length] as string}${row % 3 === 0 ? '\n' : ' '}`;
      expect({ mix, fast: fast(text) }).toEqual({ mix, fast: naive(text) });
    }
  });

  it('holds every match start of every built-in rule in its windows, on text shuffled from corpus phrases', () => {
    const gate = createRuleGate(INJECTION_RULES);
    // Pieces of a few consecutive words from corpus rows, shuffled: phrases the rules know, in new neighbours.
    const split = rows.map((text) => baseView(text).text.split(' '));
    const piece = fc
      .tuple(fc.nat(split.length - 1), fc.nat(10), fc.integer({ min: 3, max: 25 }))
      .map(([row, start, length]) => (split[row] as string[]).slice(start, start + length).join(' '));
    let checked = 0;
    fc.assert(
      fc.property(fc.array(piece, { minLength: 2, maxLength: 8 }), (picked) => {
        const text = picked.join(' ');
        const plan = gate.plan(text);
        INJECTION_RULES.forEach((injectionRule, index) => {
          const scanner = new RegExp(injectionRule.pattern.source, `${injectionRule.pattern.flags}g`);
          for (const found of text.matchAll(scanner)) {
            checked += 1;
            const starts = plan.starts(index);
            const inRange = !starts || starts.some(([from, to]) => from <= found.index && found.index <= to);
            expect({ rule: injectionRule.id, text, may: plan.may(index), inRange }).toMatchObject({
              may: true,
              inRange: true,
            });
          }
        });
      }),
      { numRuns: SLOW ? 300 : 60 },
    );
    expect(checked).toBeGreaterThan(SLOW ? 150 : 30);
  });

  it('never skips a rule that matches, on text built from the words of the rules', () => {
    const rules = [
      rule(
        't.one',
        'instruction-override',
        '\\b(?:ignore|bypass) (?:all )?(?:previous|prior) rules?\\b',
        0.9,
      ),
      rule('t.two', 'prompt-exfiltration', '(?:tell|give) me[^.]{0,10}(?:password|忽略)', 0.9),
    ];
    const gate = createRuleGate(rules);
    const words = fc.constantFrom(
      'ignore',
      'bypass',
      ' ',
      'all ',
      'previous',
      'prior',
      'rule',
      's',
      'tell',
      'give',
      ' me',
      'password',
      '忽略',
      '.',
      'x',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const candidates = gate.candidates(text);
        rules.forEach((each, index) => {
          if (each.pattern.test(text)) expect(candidates[index]).toBe(true);
        });
      }),
      { numRuns: 3_000 },
    );
  });

  it('bounds how far a match reaches, and every folded-only match starts near a changed position', () => {
    // Literals count their own length, classes and `.` two units (a surrogate pair), lookarounds their reach.
    expect(maxMatchSpan(/a{2,5}b?/u)).toBe(6);
    expect(maxMatchSpan(/[ab]{3}\.?/u)).toBe(8); // an escape counts two as well
    expect(maxMatchSpan(/密码.{0,3}/u)).toBe(8);
    expect(maxMatchSpan(/x(?<=(?<![\p{L}])x)/u)).toBe(4);
    expect(maxMatchSpan(/\bfoo\s+bar/u)).toBe(Number.POSITIVE_INFINITY);
    expect(maxMatchSpan(/^system:/u)).toBe(Number.POSITIVE_INFINITY);
    const check = (text: string) => {
      const base = baseView(text);
      const folded = foldedView(base);
      if (folded === base) return;
      for (const injectionRule of INJECTION_RULES) {
        if (injectionRule.view !== 'both' || maxMatchSpan(injectionRule.pattern) > 400) continue;
        if (injectionRule.pattern.test(base.text)) continue;
        const found = injectionRule.pattern.exec(folded.text);
        if (!found) continue;
        expect(found[0].length).toBeLessThanOrEqual(maxMatchSpan(injectionRule.pattern));
        const near = [...(folded.changed ?? [])].some((position) => Math.abs(position - found.index) <= 400);
        expect({ rule: injectionRule.id, text, near }).toMatchObject({ near: true });
      }
    };
    for (const text of rows) check(text);
    const pieces = fc.constantFrom(
      'ignore',
      '1gn0re',
      'i g n o r e',
      'і g n о r е',
      'previous',
      'pr3vious',
      'instructions',
      '1nstruct1ons',
      ' ',
      ' all ',
      'reveal',
      'r3veal',
      'the password',
      'p@ssword',
      '$ecret',
      'and ',
      '. ',
      'x'.repeat(300),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }), (parts) => check(parts.join(''))),
      { numRuns: 1_000 },
    );
  });

  it('finds every occurrence of every string, whichever 4-gram it is filed under', () => {
    const strings = ['password', 'the system prompt', 'ignore', 'gno', '忽略', 'ab', 'nore all', '='];
    const index = createLiteralIndex(strings);
    const naive = (text: string, literal: string) => {
      const found: number[] = [];
      for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) found.push(at);
      return found;
    };
    const pieces = fc.constantFrom(
      'pass',
      '=',
      'word',
      'the ',
      'system',
      ' prompt',
      'ig',
      'nore',
      ' all',
      '忽',
      '略',
      'a',
      'b',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const hits = index.scan(text);
        strings.forEach((literal, id) => {
          expect(hits.positions(id)).toEqual(naive(text, literal));
        });
        expect([...hits.found].sort()).toEqual(
          strings.flatMap((literal, id) => (naive(text, literal).length > 0 ? [id] : [])).sort(),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('runs a rule only around its rarest required words, and the ranges hold every match start', () => {
    const rules = [rule('t.pair', 'tool-abuse', '\\balpha\\b[^.]{0,30}\\bomega\\b', 0.9)];
    const gate = createRuleGate(rules);
    // Every match starts with "alpha": the window is its occurrence alone.
    expect(gate.plan(`${'x '.repeat(500)}alpha and omega`).starts(0)).toEqual([[1_000, 1_000]]);
    // Anchored on the rarer "omega", which sits at most 5 + 30 × 2 = 65 characters into a match, then narrowed
    // to the "alpha"s in that window (a match starts with one).
    expect(gate.plan(`alpha alpha ${'x '.repeat(500)}alpha and omega`).starts(0)).toEqual([[1_012, 1_012]]);
    // With only "omega" near the start of a match, none of the "alpha"s far before it can start one.
    expect(gate.plan(`alpha alpha ${'x '.repeat(500)}omega`).starts(0)).toEqual([]);
    fc.assert(
      fc.property(fc.nat(200), fc.nat(30), fc.nat(3), (at, gap, copies) => {
        const text = `${'x '.repeat(at)}alpha ${'y'.repeat(gap)} ${'omega '.repeat(copies)}${'z '.repeat(50)}alpha`;
        const plan = gate.plan(text);
        const scanner = new RegExp(rules[0]?.pattern.source ?? '', 'gu');
        for (const found of text.matchAll(scanner)) {
          expect(plan.may(0)).toBe(true);
          expect(plan.starts(0)?.some(([from, to]) => from <= found.index && found.index <= to)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
