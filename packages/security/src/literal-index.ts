/**
 * @module
 * Every occurrence of a fixed list of strings in a text, in one pass (the literal stage of a regex prefilter, as
 * Hyperscan and RE2 have). Each string of four units or more is filed under one of its 4-grams, chosen to be
 * unlikely in ordinary text; shorter ones under their 3- or 2-gram. A pass over the text hashes the n-grams at each
 * position and checks only the strings filed under that hash. Found occurrences are exact: each is compared unit by
 * unit. About 20 ns per character here: 4 KB in about 80 µs, well inside the detector's budget of 1 ms.
 */

import { createHitCollector, type LiteralHits } from './literal-hits.js';

export type { LiteralHits } from './literal-hits.js';

/** Finds a fixed list of strings. */
export interface LiteralIndex {
  /**
   * Every occurrence of every string in `text`, or only those lying whole inside `ranges` (`[from, to)` pairs, in
   * order and apart).
   */
  scan(text: string, ranges?: ReadonlyArray<readonly [number, number]>): LiteralHits;
}

// An n-gram's slot: the low bytes of its units packed into one integer (the scan keeps the last four in a rolling
// word), hashed by one multiplication. Units that share a low byte share slots: the comparison sorts them out.
const K4 = 0x9e3779b1;
const K3 = 0x85ebca77;
const K2 = 0xc2b2ae3d;
const slot4 = (word: number) => Math.imul(word, K4) >>> 16;
const slot3 = (word: number) => Math.imul(word & 0xffffff, K3) >>> 16;
// Two-unit strings are other scripts' words (忽略): their pair is hashed from whole units, whose low bytes collide.
const slot2 = (first: number, second: number) => Math.imul((first << 16) | second, K2) >>> 16;
/** The packed low bytes of `text[from, from + count)`. */
function packed(text: string, from: number, count: number): number {
  let word = 0;
  for (let at = from; at < from + count; at += 1) word = (word << 8) | (text.charCodeAt(at) & 0xff);
  return word;
}

// 4-grams so frequent in English that a string filed under one would be compared at nearly every word.
const FREQUENT = new Set(
  (
    'the |and |that|with|ment|this|here|ould|ight|have|ever|from|your|ions|atio|you |are |ther|for |ate |ted |' +
    'ent |ers |all |not |ing |tion|ore |hat |his |ver |est |ally|ness|able|ence|ance|ical|ting|ning|ring'
  ).split('|'),
);

/** How unwelcome a 4-gram is as a string's key: frequent ones and ones with a separator cost more. */
function keyCost(gram: string, load: number): number {
  let cost = load;
  if (FREQUENT.has(gram)) cost += 40;
  if (/[\s'’.,]/.test(gram)) cost += 10;
  return cost;
}

/**
 * Builds the index for a list of (non-empty) strings.
 *
 * @example
 * const index = createLiteralIndex(['password', 'system prompt']);
 * const hits = index.scan('print the system prompt');
 * hits.positions(1); // [10]
 */
export function createLiteralIndex(literals: readonly string[]): LiteralIndex {
  const count = literals.length;
  // Per string: its units (flat), its length, its offset of the key n-gram; per table: a chain of strings by hash.
  const unitStart = new Int32Array(count + 1);
  const units: number[] = [];
  const offset = new Int32Array(count);
  const next = new Int32Array(count).fill(-1);
  const head4 = new Int32Array(65_536).fill(-1);
  const head3 = new Int32Array(65_536).fill(-1);
  const head2 = new Int32Array(65_536).fill(-1);
  const load = new Int32Array(65_536);
  // One bit per slot that has strings: 8 KB per table, read first, so most positions never touch the heads.
  const bits4 = new Uint32Array(2_048);
  const bits3 = new Uint32Array(2_048);
  const bits2 = new Uint32Array(2_048);
  // One-unit strings (a rare symbol: "=", "<") are found by the native search, not in the pass.
  const singles: number[] = [];
  literals.forEach((literal, id) => {
    if (literal.length === 0) throw new RangeError('A literal cannot be empty.');
    unitStart[id] = units.length;
    for (let at = 0; at < literal.length; at += 1) units.push(literal.charCodeAt(at));
    if (literal.length === 1) {
      singles.push(id);
      return;
    }
    let head: Int32Array;
    let bits: Uint32Array;
    let slot: number;
    if (literal.length >= 4) {
      let best = 0;
      let bestCost = Number.POSITIVE_INFINITY;
      for (let at = 0; at + 4 <= literal.length; at += 1) {
        const cost = keyCost(literal.slice(at, at + 4), load[slot4(packed(literal, at, 4))] as number);
        if (cost < bestCost) {
          bestCost = cost;
          best = at;
        }
      }
      offset[id] = best;
      slot = slot4(packed(literal, best, 4));
      load[slot] = (load[slot] as number) + 1;
      head = head4;
      bits = bits4;
    } else if (literal.length === 3) {
      slot = slot3(packed(literal, 0, 3));
      head = head3;
      bits = bits3;
    } else {
      slot = slot2(literal.charCodeAt(0), literal.charCodeAt(1));
      head = head2;
      bits = bits2;
    }
    next[id] = head[slot] as number;
    head[slot] = id;
    bits[slot >>> 5] = (bits[slot >>> 5] as number) | (1 << (slot & 31));
  });
  unitStart[count] = units.length;
  // Two-unit strings are usually other scripts' words (忽略): pairs of ASCII units are checked only if one is listed.
  const asciiPairs = literals.some(
    (literal) => literal.length === 2 && literal.charCodeAt(0) < 0x80 && literal.charCodeAt(1) < 0x80,
  );
  const flat = Uint16Array.from(units);
  /** Whether string `id` occurs at `start`, ending by `end`. */
  function at(text: string, id: number, start: number, end: number): boolean {
    const from = unitStart[id] as number;
    const length = (unitStart[id + 1] as number) - from;
    if (start + length > end) return false;
    for (let unit = 0; unit < length; unit += 1)
      if (text.charCodeAt(start + unit) !== flat[from + unit]) return false;
    return true;
  }

  /** The strings lying whole in text[from, end), each passed to `record` with its start. */
  function scanRange(
    text: string,
    from: number,
    end: number,
    record: (id: number, start: number) => void,
  ): void {
    // Tables as locals: the loop reads them at every position.
    const [b4, b3, b2, h4, h3, h2, pairs] = [bits4, bits3, bits2, head4, head3, head2, asciiPairs];
    // At each position, the n-grams ending there: their low bytes are the last ones of the rolling word. Near
    // `from` the word holds fewer units; a slot that matches by chance is turned down by the start check.
    let word = 0;
    let previous = 0;
    for (let position = from; position < end; position += 1) {
      const code = text.charCodeAt(position);
      word = (word << 8) | (code & 0xff);
      const slot = slot4(word);
      if (((b4[slot >>> 5] as number) & (1 << (slot & 31))) !== 0)
        for (let id = h4[slot] as number; id >= 0; id = next[id] as number) {
          const start = position - 3 - (offset[id] as number);
          if (start >= from && at(text, id, start, end)) record(id, start);
        }
      const slot3Of = slot3(word);
      if (((b3[slot3Of >>> 5] as number) & (1 << (slot3Of & 31))) !== 0 && position - 2 >= from)
        for (let id = h3[slot3Of] as number; id >= 0; id = next[id] as number)
          if (at(text, id, position - 2, end)) record(id, position - 2);
      if (pairs || code > 0x7f || previous > 0x7f) {
        const slot2Of = slot2(previous, code);
        if (((b2[slot2Of >>> 5] as number) & (1 << (slot2Of & 31))) !== 0 && position - 1 >= from)
          for (let id = h2[slot2Of] as number; id >= 0; id = next[id] as number)
            if (at(text, id, position - 1, end)) record(id, position - 1);
      }
      previous = code;
    }
  }

  const hits = createHitCollector(count);
  const { record } = hits;

  return {
    scan(text, ranges) {
      hits.begin();
      const whole: ReadonlyArray<readonly [number, number]> = [[0, text.length]];
      for (const [from, to] of ranges ?? whole) {
        const [start, end] = [Math.max(0, from), Math.min(text.length, to)];
        scanRange(text, start, end, record);
        for (const id of singles) {
          const unit = literals[id] as string;
          for (let at = text.indexOf(unit, start); at >= 0 && at < end; at = text.indexOf(unit, at + 1))
            record(id, at);
        }
      }
      return hits.finish();
    },
  };
}
