/**
 * @module
 * A rule's first match among the windows the prefilter gives (where its matches can start): windows close together
 * are read in one scan of a slice holding them all, a narrow window alone by trying each of its starts.
 */

import type { InjectionFinding } from './detect-prompt-injection.js';
import type { InjectionRule } from './injection-rules.js';
import type { TextView } from './normalize-text.js';
import { excused, finding, globalOf, stickyOf } from './rule-match.js';
import type { StartRanges } from './rule-prefilter.js';

// Measured on this kind of machine: trying one start position costs about 60 ns, a scanning pattern about 4.5 ns
// per character it passes. A scan past a window runs on until a match or `reach` beyond it; trying each start of
// a narrow window reads nothing past it.
const TRY_COST = 14;
// The most excused matches read per window before giving up on it (as `match` does over a whole view).
const TRIES = 8;

/** What is being read: a rule, the view it reads, and the original text findings point into. */
interface Reading {
  readonly rule: InjectionRule;
  readonly view: TextView;
  readonly original: string;
}

/** The finding for a match at `start`, unless the rule's counter-evidence excuses it. */
function unexcused(
  { rule, view, original }: Reading,
  start: number,
  length: number,
): InjectionFinding | undefined {
  return excused(rule, view.text, start, length) ? undefined : finding(rule, view, original, start, length);
}

const from = (regions: StartRanges, at: number) => (regions[at] as readonly [number, number])[0];
const to = (regions: StartRanges, at: number) => (regions[at] as readonly [number, number])[1];

/**
 * A rule's first unexcused match starting in one of `regions` (in order and apart), for matches spanning at most
 * `reach` characters with what they read around them.
 *
 * @example
 * matchInWindows(rule, view, text, [[120, 160]], 200); // the rule's first match starting at 120 to 160
 */
export function matchInWindows(
  rule: InjectionRule,
  view: TextView,
  original: string,
  regions: StartRanges,
  reach: number,
): InjectionFinding | undefined {
  const reading: Reading = { rule, view, original };
  let first = 0;
  while (first < regions.length) {
    // A cluster: the windows from `first` to `last`, each starting within `reach` of the one before's end.
    let last = first;
    let starts = to(regions, first) - from(regions, first) + 1;
    while (last + 1 < regions.length && from(regions, last + 1) <= to(regions, last) + reach) {
      last += 1;
      starts += to(regions, last) - from(regions, last) + 1;
    }
    const found =
      starts * TRY_COST < to(regions, last) - from(regions, first) + reach
        ? tryStarts(reading, regions, first, last)
        : scanCluster(reading, regions, first, last, reach);
    if (found) return found;
    first = last + 1;
  }
  return undefined;
}

/** The first unexcused match starting in `regions[first..last]`, trying each start on its own. */
function tryStarts(
  reading: Reading,
  regions: StartRanges,
  first: number,
  last: number,
): InjectionFinding | undefined {
  const scanner = stickyOf(reading.rule);
  for (let region = first; region <= last; region += 1) {
    let tries = 0;
    for (let start = from(regions, region); start <= to(regions, region) && tries < TRIES; start += 1) {
      scanner.lastIndex = start;
      const found = scanner.exec(reading.view.text);
      if (!found) continue;
      const unexcusedFinding = unexcused(reading, start, found[0].length);
      if (unexcusedFinding) return unexcusedFinding;
      tries += 1;
    }
  }
  return undefined;
}

/** The first unexcused match starting in `regions[first..last]`, from one scan over a slice holding them all. */
function scanCluster(
  reading: Reading,
  regions: StartRanges,
  first: number,
  last: number,
  reach: number,
): InjectionFinding | undefined {
  const { text } = reading.view;
  const scanner = globalOf(reading.rule);
  // The slice holds everything a match starting in a window, and its lookarounds, can read.
  const sliceStart = Math.max(0, from(regions, first) - reach);
  const slice = text.slice(sliceStart, Math.min(text.length, to(regions, last) + reach));
  let region = first;
  let tries = 0;
  scanner.lastIndex = from(regions, first) - sliceStart;
  for (;;) {
    const found = scanner.exec(slice);
    if (!found) return undefined;
    const start = found.index + sliceStart;
    // No match starts between where the scan began and `start`: windows ending before it are done.
    while (region <= last && to(regions, region) < start) {
      region += 1;
      tries = 0;
    }
    if (region > last) return undefined;
    if (start < from(regions, region)) {
      // Between windows: go on from the next one.
      scanner.lastIndex = from(regions, region) - sliceStart;
      continue;
    }
    const unexcusedFinding = unexcused(reading, start, found[0].length);
    if (unexcusedFinding) return unexcusedFinding;
    tries += 1;
    if (tries >= TRIES) {
      region += 1;
      tries = 0;
      if (region > last) return undefined;
      scanner.lastIndex = Math.max(start + 1, from(regions, region)) - sliceStart;
    } else scanner.lastIndex = found.index + 1;
  }
}
