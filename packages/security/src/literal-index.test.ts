import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INJECTION_RULES } from './injection-rules.js';
import { createLiteralIndex, type LiteralHits } from './literal-index.js';
import { baseView } from './normalize-text.js';
import { requiredLiteralSets } from './pattern-literals.js';
import { scanKey } from './scan-keys.js';

const rows = readFileSync(new URL('../corpus/dataset.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { text: string }).text);

// The strings the built-in rules' prefilter looks for: thousands, of every length and script.
const ruleKeys = [
  ...new Set(
    INJECTION_RULES.flatMap((injectionRule) =>
      (requiredLiteralSets(injectionRule.pattern) ?? []).flat().flatMap((literal) => scanKey(literal) ?? []),
    ),
  ),
];

/** Every hit, by string, in the order the index reports them. */
const listed = (hits: LiteralHits) => hits.found.map((id) => [id, [...hits.positions(id)]]);

/** The plain answer: every occurrence of every string lying whole inside a range, by `indexOf`. */
function reference(
  strings: readonly string[],
  text: string,
  ranges?: ReadonlyArray<readonly [number, number]>,
) {
  const found = new Map<number, number[]>();
  for (const [id, string] of strings.entries()) {
    const positions: number[] = [];
    for (const [from, to] of ranges ?? [[0, text.length] as const])
      for (
        let at = text.indexOf(string, from);
        at >= 0 && at + string.length <= to;
        at = text.indexOf(string, at + 1)
      )
        positions.push(at);
    if (positions.length) found.set(id, positions);
  }
  return [...found].sort(([a], [b]) => a - b);
}
const sortedById = (hits: LiteralHits) =>
  listed(hits)
    .map(([id, positions]) => [id, [...(positions as number[])].sort((a, b) => a - b)] as const)
    .sort(([a], [b]) => (a as number) - (b as number));

describe('the literal index', () => {
  it('finds exactly what indexOf finds: the rules’ strings over every corpus text, whole and inside ranges', () => {
    const index = createLiteralIndex(ruleKeys);
    expect(ruleKeys.length).toBeGreaterThan(2_000);
    let hits = 0;
    for (const row of rows.slice(0, 600)) {
      const text = baseView(row).text;
      const found = sortedById(index.scan(text));
      expect({ row, hits: found }).toEqual({ row, hits: reference(ruleKeys, text) });
      hits += found.length;
      const ranges = [
        [3, Math.floor(text.length / 3)],
        [Math.floor(text.length / 2), text.length - 2],
      ] as const;
      expect(sortedById(index.scan(text, ranges))).toEqual(reference(ruleKeys, text, ranges));
    }
    expect(hits).toBeGreaterThan(1_000);
  });

  it('finds overlapping strings, strings that start at the same place, and other scripts', () => {
    const strings = ['ab', 'abab', 'bab', 'b a', '忽略', '略忽'];
    const index = createLiteralIndex(strings);
    expect(index.scan('ab'.repeat(30_000)).positions(0)).toHaveLength(30_000);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', ' ', '忽', '略', 'ab'.repeat(300)), { maxLength: 40 }),
        fc.nat(50),
        fc.nat(50),
        (parts, cutStart, cutEnd) => {
          const text = parts.join('');
          const ranges = [[cutStart, Math.max(cutStart, text.length - cutEnd)]] as const;
          expect(sortedById(index.scan(text))).toEqual(reference(strings, text));
          expect(sortedById(index.scan(text, ranges))).toEqual(reference(strings, text, ranges));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the hits of one scan', () => {
  it('stay right after later scans found the same strings, and answer for strings not found', () => {
    const index = createLiteralIndex(['pass', 'word', 'system']);
    const first = index.scan('password and system word');
    const second = index.scan('word word pass');
    const third = index.scan('nothing here');
    expect(first.found).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((id) => first.positions(id))).toEqual([[0], [4, 20], [13]]);
    expect([0, 1, 2].map((id) => first.indexOf(id))).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((id) => second.indexOf(id))).toEqual([0, 1, -1]);
    expect(second.positions(1)).toEqual([0, 5]);
    expect(third.found).toEqual([]);
    expect(third.indexOf(1)).toBe(-1);
    // Offsets and positions agree with positions(): string found[i] is at all[offsets[i], offsets[i + 1]).
    expect([...first.all]).toEqual([0, 4, 20, 13]);
    expect([...first.offsets]).toEqual([0, 1, 3, 4]);
  });
});
