import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWat } from '../scripts/compile-wat.js';
import { INJECTION_RULES } from './injection-rules.js';
import { createLiteralIndex, type LiteralHits } from './literal-index.js';
import { wasmScanAvailable } from './literal-scan.js';
import { baseView } from './normalize-text.js';
import { requiredLiteralSets } from './pattern-literals.js';
import { scanKey } from './scan-keys.js';
import { LITERAL_SCAN_WASM } from './wasm/literal-scan-bytes.js';

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

describe('the literal index in WebAssembly', () => {
  it('runs as WebAssembly here, from bytes compiled from src/wasm/literal-scan.wat', async () => {
    expect(wasmScanAvailable()).toBe(true);
    expect(createLiteralIndex(['password']).engine).toBe('wasm');
    expect(createLiteralIndex(['password'], { engine: 'js' }).engine).toBe('js');
    // The committed bytes are what the source compiles to: run `pnpm build:wasm` after editing the .wat.
    const source = readFileSync(new URL('./wasm/literal-scan.wat', import.meta.url), 'utf8');
    expect(Buffer.from(await compileWat(source)).toString('base64')).toBe(LITERAL_SCAN_WASM);
  });

  it('finds what the JavaScript loop finds, in the same order: the rules’ strings over every corpus text', () => {
    const wasm = createLiteralIndex(ruleKeys);
    const js = createLiteralIndex(ruleKeys, { engine: 'js' });
    expect(ruleKeys.length).toBeGreaterThan(2_000);
    let hits = 0;
    for (const row of rows) {
      const text = baseView(row).text;
      const fromWasm = listed(wasm.scan(text));
      expect({ row, hits: fromWasm }).toEqual({ row, hits: listed(js.scan(text)) });
      hits += fromWasm.length;
      // Inside ranges too: a string counts only when it lies whole inside one.
      const ranges = [
        [3, Math.floor(text.length / 3)],
        [Math.floor(text.length / 2), text.length - 2],
      ] as const;
      expect(listed(wasm.scan(text, ranges))).toEqual(listed(js.scan(text, ranges)));
    }
    expect(hits).toBeGreaterThan(5_000);
  });

  it('reads back more strings than one call holds, and strings that start at the same place', () => {
    const strings = ['ab', 'abab', 'bab', 'b a', '忽略', '略忽'];
    const wasm = createLiteralIndex(strings);
    const js = createLiteralIndex(strings, { engine: 'js' });
    // 60,000 occurrences of "ab" and "bab": one call reads back 4,096 pairs.
    const text = 'ab'.repeat(30_000);
    expect(wasm.scan(text).positions(0)).toHaveLength(30_000);
    expect(listed(wasm.scan(text))).toEqual(listed(js.scan(text)));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', ' ', '忽', '略', 'ab'.repeat(3_000)), { maxLength: 40 }),
        fc.nat(50),
        fc.nat(50),
        (parts, cutStart, cutEnd) => {
          const text = parts.join('');
          const ranges = [[cutStart, Math.max(cutStart, text.length - cutEnd)]] as const;
          expect(listed(wasm.scan(text))).toEqual(listed(js.scan(text)));
          expect(listed(wasm.scan(text, ranges))).toEqual(listed(js.scan(text, ranges)));
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
