/**
 * @module
 * The hits of a literal scan (`literal-index.ts`): the (string, start) pairs the pass reports, kept in one reused
 * buffer while it runs, then grouped by string into two typed arrays. Per-string lists built while scanning cost
 * an array each and its growth, most of a scan's garbage.
 */

import { indexInSorted, sortNumbers } from './sorted-lists.js';

/** Where each string was found, grouped by string. */
export interface LiteralHits {
  /** The ids (indices into the index's list of strings) of the strings found, each once, ascending. */
  readonly found: readonly number[];
  /** The start positions of a string in the text, in increasing order (empty when absent): a copy. */
  positions(literal: number): readonly number[];
  /** Where string `literal` is in `found` (the i of `found[i]`), or -1. */
  indexOf(literal: number): number;
  /** Every position found, grouped by string in the order of `found`: string `found[i]` is at `all[offsets[i]]` up to `all[offsets[i + 1]]`. */
  readonly all: Int32Array;
  readonly offsets: Int32Array;
}

const NONE: readonly number[] = [];

/** Collects one scan's hits at a time, for strings numbered 0 to `count - 1`. */
export interface HitCollector {
  /** Starts a scan: forgets the pairs recorded so far (the hits handed out stay as they are). */
  begin(): void;
  /** Records that string `id` starts at `start`; a string's starts come in increasing order. */
  readonly record: (id: number, start: number) => void;
  /** The scan's hits, grouped by string. */
  finish(): LiteralHits;
}

/**
 * A collector of scan hits. Its scratch is per string and reused: the counts are left at zero between scans (a
 * typed array of this size costs 1 µs to allocate), and per string the last scan that found it and where, so
 * that where a string is in a scan's list is one read unless a later scan found it too (a binary search per
 * lookup was a third of choosing windows).
 *
 * @example
 * const hits = createHitCollector(2);
 * hits.begin();
 * hits.record(1, 4);
 * hits.finish().positions(1); // [4]
 */
export function createHitCollector(count: number): HitCollector {
  let pairs = new Int32Array(1_024);
  let pairCount = 0;
  const counts = new Int32Array(count);
  let found: number[] = [];
  const foundIn = new Float64Array(count);
  const foundAt = new Int32Array(count);
  let scans = 0;
  return {
    begin() {
      found = [];
      pairCount = 0;
    },
    record(id, start) {
      if (pairCount * 2 === pairs.length) {
        const bigger = new Int32Array(pairs.length * 2);
        bigger.set(pairs);
        pairs = bigger;
      }
      pairs[pairCount * 2] = id;
      pairs[pairCount * 2 + 1] = start;
      pairCount += 1;
      if (counts[id] === 0) found.push(id);
      counts[id] = (counts[id] as number) + 1;
    },
    finish() {
      // The strings found, ascending, and their positions grouped in that order: string found[i] is at
      // all[offsets[i], offsets[i + 1]). Each string is met at a fixed offset from its start, so its positions come
      // in order (ranges are in order too).
      const ids = found;
      sortNumbers(ids);
      const offsets = new Int32Array(ids.length + 1);
      for (let index = 0; index < ids.length; index += 1) {
        const id = ids[index] as number;
        offsets[index + 1] = (offsets[index] as number) + (counts[id] as number);
        // From here, where the string's next position goes.
        counts[id] = offsets[index] as number;
      }
      const all = new Int32Array(pairCount);
      for (let pair = 0; pair < pairCount; pair += 1) {
        const id = pairs[pair * 2] as number;
        const at = counts[id] as number;
        all[at] = pairs[pair * 2 + 1] as number;
        counts[id] = at + 1;
      }
      scans += 1;
      const scan = scans;
      ids.forEach((id, index) => {
        counts[id] = 0;
        foundIn[id] = scan;
        foundAt[id] = index;
      });
      // Found by this scan: where it put it. Last found before it: not found by it. Found by a later scan too:
      // searched for.
      const indexOf = (literal: number): number => {
        const last = foundIn[literal] as number;
        return last === scan ? (foundAt[literal] as number) : last < scan ? -1 : indexInSorted(ids, literal);
      };
      return {
        found: ids,
        offsets,
        all,
        indexOf,
        positions(literal) {
          const at = indexOf(literal);
          return at < 0 ? NONE : Array.from(all.subarray(offsets[at] as number, offsets[at + 1] as number));
        },
      };
    },
  };
}
