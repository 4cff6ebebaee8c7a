/**
 * @module
 * The rule prefilter: a rule runs only where the strings its matches must contain are. Each rule's pattern is read
 * once for those strings (`pattern-literals.ts`: one set per mandatory part) and for how far a match reaches
 * (`pattern-span.ts`). One pass over a text finds every occurrence of every such string (`literal-index.ts`). A rule
 * whose sets are not all there cannot match; one whose sets are runs only on windows around its rarest set's
 * occurrences, since every match contains one of them. The answer is the same as running every rule on the whole
 * text.
 */
import type { InjectionRule } from './injection-rule.js';
import { gateTables } from './rule-gate-tables.js';
import { isListed, sortNumbers } from './sorted-lists.js';
import { intersectWindows, windowsOf } from './start-windows.js';

/** Positions `[from, to]` (both included) where a match may start, in order and apart. */
export type StartRanges = ReadonlyArray<readonly [number, number]>;

/** What the prefilter says about one text. */
export interface RulePlan {
  /** Whether rule `index` may match: each of its required sets has a string in the text. */
  may(index: number): boolean;
  /** The rules that may match, in order. */
  readonly candidates: readonly number[];
  /** Where extra string `index` (given to {@link createRuleGate}) is in the text, in order. */
  extra(index: number): readonly number[];
  /** The extra strings found in the text, as indices into the list given to {@link createRuleGate}, ascending. */
  extrasFound(): readonly number[];
  /**
   * Where a match of rule `index` may start, when it may match: merged ranges around its rarest required set, or
   * `undefined` when it must read the whole text (nothing required, or matches of unbounded length whose required
   * strings may sit anywhere in them).
   */
  starts(index: number): StartRanges | undefined;
}

/** The prefilter of a rule list. */
export interface RuleGate {
  /**
   * Finds the required strings in `text` (one pass) and answers per rule from them. With `ranges` (`[from, to)`
   * pairs, in order and apart), only strings lying whole inside them count: the answers hold for matches there.
   */
  plan(text: string, ranges?: ReadonlyArray<readonly [number, number]>): RulePlan;
  /** `true` at index i when rule i may match `text`. */
  candidates(text: string): boolean[];
}

// A second set narrows a rule's windows when its strings sit at least this much nearer the start of a match.
const NARROWING = 16;

/**
 * Builds the prefilter for a rule list.
 *
 * @example
 * const gate = createRuleGate(rules);
 * const plan = gate.plan(view.text);
 * if (plan.may(0)) plan.starts(0); // [[12, 40]]: rule 0 can only match starting there
 */
export function createRuleGate(
  rules: readonly InjectionRule[],
  extraStrings: readonly string[] = [],
): RuleGate {
  const {
    literals,
    literalOffset,
    ruleSets,
    ruleBefore,
    spans,
    extraKeys,
    keyExtra,
    index,
    unitStart,
    units,
    literalWhole,
    bySet,
    byKey,
    wakes,
    requires,
    always,
    setCount,
  } = gateTables(rules, extraStrings);
  // Scratch reused by every plan and left zeroed (a typed array of this size costs 1 µs to allocate: a fifth of a
  // plan over a short text).
  const present = new Uint8Array(setCount);

  function plan(text: string, within?: ReadonlyArray<readonly [number, number]>): RulePlan {
    const hits = index.scan(text, within);
    // Whether string `literal` is where its key was found at `position` (compared unit by unit: most differ at once).
    const holds = (literal: number, position: number): boolean => {
      if (literalWhole[literal] === 1) return true;
      const from = unitStart[literal] as number;
      const to = unitStart[literal + 1] as number;
      const start = position - (literalOffset[literal] as number);
      if (start < 0 || start + to - from > text.length) return false;
      for (let unit = from; unit < to; unit += 1)
        if (text.charCodeAt(start + unit - from) !== units[unit]) return false;
      return true;
    };
    // The sets one of whose strings is in the text: from each key found, its strings checked where it is.
    const found: number[] = [];
    const { start: keyStart, data: keyData } = byKey;
    // Key found[i]'s positions are all[offsets[i], offsets[i + 1]).
    const { all, offsets } = hits;
    hits.found.forEach((key, index) => {
      const from = offsets[index] as number;
      const to = offsets[index + 1] as number;
      for (let group = keyStart[key] as number, end = keyStart[key + 1] as number; group < end; ) {
        const set = keyData[group] as number;
        const first = group + 2;
        group = first + (keyData[group + 1] as number);
        if (present[set] === 1) continue;
        search: for (let member = first; member < group; member += 1)
          for (let at = from; at < to; at += 1)
            if (holds(keyData[member] as number, all[at] as number)) {
              present[set] = 1;
              found.push(set);
              break search;
            }
      }
    });
    // How often a set's keys occur: the rarest set by this measure anchors a rule's ranges.
    const { start: setStart, data: setData } = bySet;
    const keyCount = (set: number): number => {
      let count = 0;
      for (let group = setStart[set] as number, end = setStart[set + 1] as number; group < end; ) {
        const index = hits.indexOf(setData[group] as number);
        if (index >= 0) count += (offsets[index + 1] as number) - (offsets[index] as number);
        group += 2 + (setData[group + 1] as number);
      }
      return count;
    };
    /** Where a set's strings are, as [start, length] pairs. */
    const placesOf = (set: number): number[] => {
      const places: number[] = [];
      for (let group = setStart[set] as number, end = setStart[set + 1] as number; group < end; ) {
        const index = hits.indexOf(setData[group] as number);
        const first = group + 2;
        group = first + (setData[group + 1] as number);
        if (index < 0) continue;
        for (let member = first; member < group; member += 1) {
          const literal = setData[member] as number;
          const offset = literalOffset[literal] as number;
          for (let at = offsets[index] as number; at < (offsets[index + 1] as number); at += 1) {
            const position = all[at] as number;
            if (holds(literal, position))
              places.push(position - offset, (literals[literal] as string).length);
          }
        }
      }
      return places;
    };
    // A rule may match when all the sets it requires are there: each found set's triggered rules, checked.
    const candidates = [...always];
    const { start: wakeStart, data: wakeData } = wakes;
    const { start: needStart, data: needData } = requires;
    for (const set of found)
      waking: for (let at = wakeStart[set] as number, end = wakeStart[set + 1] as number; at < end; at += 1) {
        const rule = wakeData[at] as number;
        for (
          let need = needStart[rule] as number, last = needStart[rule + 1] as number;
          need < last;
          need += 1
        )
          if (present[needData[need] as number] !== 1) continue waking;
        candidates.push(rule);
      }
    for (const set of found) present[set] = 0;
    sortNumbers(candidates);
    const ranges = new Map<number, StartRanges>();
    return {
      may: (rule) => isListed(candidates, rule),
      candidates,
      extra: (extra) => hits.positions(extraKeys[extra] as number),
      extrasFound() {
        const extras: number[] = [];
        for (const key of hits.found)
          if ((keyExtra[key] as number) >= 0) extras.push(keyExtra[key] as number);
        sortNumbers(extras);
        return extras;
      },
      starts(rule) {
        const sets = ruleSets[rule] as number[];
        const span = spans[rule] as number;
        let known = ranges.get(rule);
        if (known) return known;
        // The anchor: the set whose strings occur least, of those that bound where a match starts (any, when
        // matches are bounded; else those the pattern says how far into a match they sit).
        const befores = ruleBefore[rule] as Map<number, number>;
        let anchor = -1;
        let fewest = Number.POSITIVE_INFINITY;
        for (const set of sets) {
          if (!Number.isFinite(span) && !Number.isFinite(befores.get(set) ?? Number.POSITIVE_INFINITY))
            continue;
          const count = keyCount(set);
          if (count < fewest) {
            fewest = count;
            anchor = set;
          }
        }
        // Nothing required, or nothing that bounds a match's start: the whole text it is.
        if (anchor < 0) return undefined;
        // A match containing the string found at p starts in [p + length - span, p], and, when the pattern says
        // how far into a match the string sits at most, in [p - before, p].
        const reach = befores.get(anchor) ?? Number.POSITIVE_INFINITY;
        let windows = windowsOf(placesOf(anchor), span, reach);
        // Where another set's strings sit nearer the start of a match ("tell" opens what "password" closes), its
        // own windows are narrower: a match starts in both (a window of 130 around each "password" becomes the
        // "tell"s in it).
        let narrow = -1;
        let narrowest = reach - NARROWING;
        for (const set of sets) {
          const before = befores.get(set) ?? Number.POSITIVE_INFINITY;
          if (set !== anchor && before < narrowest) {
            narrowest = before;
            narrow = set;
          }
        }
        if (narrow >= 0 && windows.length > 0)
          windows = intersectWindows(windows, windowsOf(placesOf(narrow), span, narrowest));
        known = windows;
        ranges.set(rule, known);
        return known;
      },
    };
  }

  return {
    plan,
    candidates(text) {
      const answer = plan(text);
      return rules.map((_, rule) => answer.may(rule));
    },
  };
}
