import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectPromptInjection } from './detect-prompt-injection.js';

const file = new URL('../eval/frozen-set.jsonl', import.meta.url);
const second = new URL('../eval/frozen-set-2.jsonl', import.meta.url);
const third = new URL('../eval/frozen-set-3.jsonl', import.meta.url);

describe('the frozen evaluation set', () => {
  it('is the set written before the detector first ran on it (nobody tunes on it)', () => {
    const text = readFileSync(file, 'utf8');
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      'f9e21f00a0fc5b390585e7286ad55ee1e280d2d8ab3443e693d6b170c3b6161a',
    );
  });

  it('the second set, written after the first had shaped the addressed-reader and quoting rules, is frozen too', () => {
    expect(createHash('sha256').update(readFileSync(second, 'utf8')).digest('hex')).toBe(
      'b88dee57542b7499054fe35bbf4d5cf83161a66f0b020c089c829310a14b0a8f',
    );
  });

  it('the third set, written before the standing-order rules and first run after them, is frozen too', () => {
    expect(createHash('sha256').update(readFileSync(third, 'utf8')).digest('hex')).toBe(
      '9dd8797d656fb51fb7441a578ea294b8c5e52f659023a317ca96482f090ca0e7',
    );
  });

  it('has at least 300 rows, at least as many hard negatives as attacks, and many languages', () => {
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { label: string; lang: string; position: string });
    const attacks = rows.filter((row) => row.label === 'injection').length;
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(rows.length - attacks).toBeGreaterThanOrEqual(attacks);
    expect(new Set(rows.map((row) => row.lang)).size).toBeGreaterThanOrEqual(20);
    expect(rows.filter((row) => row.label === 'injection' && row.position === 'tool').length).toBeGreaterThan(
      40,
    );
  });

  it('scores today as eval/results.json says (the figures the README cites): rerun `pnpm eval` after any change', () => {
    const results = JSON.parse(
      readFileSync(new URL('../eval/results.json', import.meta.url), 'utf8'),
    ) as Record<
      'frozenSet' | 'frozenSet2' | 'frozenSet3',
      { operatingPoints: Array<{ recall: number; fpr: number }> }
    >;
    for (const [name, url] of [
      ['frozenSet', file],
      ['frozenSet2', second],
      ['frozenSet3', third],
    ] as const) {
      const rows = readFileSync(url, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { text: string; label: string; position: string });
      const flagged = (label: string) =>
        rows.filter(
          (row) =>
            row.label === label &&
            detectPromptInjection(row.text, { supplied: row.position === 'tool' }).verdict === 'injection',
        ).length / rows.filter((row) => row.label === label).length;
      const [stated] = results[name].operatingPoints;
      expect({ recall: flagged('injection'), fpr: flagged('benign') }, name).toEqual({
        recall: stated?.recall,
        fpr: stated?.fpr,
      });
    }
  });
});
