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
import { createLiteralIndex } from './literal-index.js';
import { requiredLiteralPlaces } from './pattern-literals.js';
import { maxMatchSpan } from './pattern-span.js';
import { scanKey } from './scan-keys.js';
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
  // Required strings (full phrases, as the pattern says) and the keys the scan looks for: per string its key and
  // where the key sits in it; per set its strings and the keys they need.
  const literalIds = new Map<string, number>();
  const literals: string[] = [];
  const literalKey: number[] = [];
  const literalOffset: number[] = [];
  const keyIds = new Map<string, number>();
  const keys: string[] = [];
  const setIds = new Map<string, number>();
  const setLiterals: number[][] = [];
  const idOf = (literal: string, key: string): number => {
    let id = literalIds.get(literal);
    if (id !== undefined) return id;
    id = literals.length;
    literalIds.set(literal, id);
    literals.push(literal);
    let keyId = keyIds.get(key);
    if (keyId === undefined) {
      keyId = keys.length;
      keyIds.set(key, keyId);
      keys.push(key);
    }
    literalKey.push(keyId);
    literalOffset.push(literal.indexOf(key));
    return id;
  };
  // Per rule, per set it requires: how far into a match the set's string starts at most.
  const ruleBefore: Array<Map<number, number>> = [];
  const ruleSets = rules.map((rule) => {
    const sets: number[] = [];
    const before = new Map<number, number>();
    ruleBefore.push(before);
    for (const { strings: required, before: reach } of requiredLiteralPlaces(rule.pattern) ?? []) {
      const scanKeys = required.map(scanKey);
      // A string that cannot be looked for makes its set count as present: it gates nothing.
      if (scanKeys.some((key) => key === undefined)) continue;
      const members = [...new Set(required)].sort();
      const setKey = members.join('\u0000');
      let id = setIds.get(setKey);
      if (id === undefined) {
        id = setLiterals.length;
        setIds.set(setKey, id);
        setLiterals.push(members.map((literal) => idOf(literal, scanKey(literal) as string)));
      }
      if (!sets.includes(id)) sets.push(id);
      // Required twice: the nearer bound holds too.
      before.set(id, Math.min(before.get(id) ?? Number.POSITIVE_INFINITY, reach));
    }
    return sets;
  });
  const spans = rules.map((rule) => maxMatchSpan(rule.pattern));
  // Extra strings (the Caesar telltale words) ride on the same pass: each is a key of its own.
  const extraKeys = extraStrings.map((string) => {
    let key = keyIds.get(string);
    if (key === undefined) {
      key = keys.length;
      keyIds.set(string, key);
      keys.push(string);
    }
    return key;
  });
  // Per key, the extra string it is, or -1.
  const keyExtra = new Int32Array(keys.length).fill(-1);
  extraKeys.forEach((key, extra) => {
    keyExtra[key] = extra;
  });
  const index = createLiteralIndex(keys);
  // Each string's units, flat, and whether it is its key whole (found means there).
  const unitStart = new Int32Array(literals.length + 1);
  literals.forEach((literal, id) => {
    unitStart[id + 1] = (unitStart[id] as number) + literal.length;
  });
  const units = new Uint16Array(unitStart[literals.length] as number);
  literals.forEach((literal, id) => {
    for (let at = 0; at < literal.length; at += 1)
      units[(unitStart[id] as number) + at] = literal.charCodeAt(at);
  });
  const literalWhole = Uint8Array.from(literals, (literal, id) =>
    literal.length === (keys[literalKey[id] as number] as string).length ? 1 : 0,
  );

  // Per set, its strings grouped by key: [key, string, string, …] per group, so each key is looked up once.
  const setGroups: number[][][] = setLiterals.map((members) => {
    const groups = new Map<number, number[]>();
    for (const literal of members) {
      const key = literalKey[literal] as number;
      const group = groups.get(key);
      if (group) group.push(literal);
      else groups.set(key, [key, literal]);
    }
    return [...groups.values()];
  });
  // Per key, the sets with strings that need it, and those strings: [set, string, string, …] per set.
  const keyGroups: number[][][] = keys.map(() => []);
  setGroups.forEach((groups, set) => {
    for (const [key, ...members] of groups) keyGroups[key as number]?.push([set, ...members]);
  });
  // Per set, how many rules require it; per rule, one set that triggers it (the one fewest rules share), so a
  // found set wakes only the rules it triggers, each checked once for its other sets.
  const setUse = setLiterals.map(() => 0);
  for (const sets of ruleSets) for (const set of sets) setUse[set] = (setUse[set] as number) + 1;
  const triggered: number[][] = setLiterals.map(() => []);
  const always: number[] = [];
  ruleSets.forEach((sets, rule) => {
    if (sets.length === 0) {
      always.push(rule);
      return;
    }
    let trigger = sets[0] as number;
    for (const set of sets) if ((setUse[set] as number) < (setUse[trigger] as number)) trigger = set;
    triggered[trigger]?.push(rule);
  });
  // Scratch reused by every plan and left zeroed (a typed array of this size costs 1 µs to allocate: a fifth of a
  // plan over a short text).
  const present = new Uint8Array(setLiterals.length);

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
    for (const key of hits.found) {
      const positions = hits.positions(key);
      for (const group of keyGroups[key] as number[][]) {
        const set = group[0] as number;
        if (present[set] === 1) continue;
        search: for (let member = 1; member < group.length; member += 1)
          for (const position of positions)
            if (holds(group[member] as number, position)) {
              present[set] = 1;
              found.push(set);
              break search;
            }
      }
    }
    // How often a set's keys occur: the rarest set by this measure anchors a rule's ranges.
    const keyCount = (set: number): number => {
      let count = 0;
      for (const group of setGroups[set] as number[][]) count += hits.positions(group[0] as number).length;
      return count;
    };
    /** Where a set's strings are, as [start, length] pairs. */
    const placesOf = (set: number): number[] => {
      const places: number[] = [];
      for (const group of setGroups[set] as number[][]) {
        const positions = hits.positions(group[0] as number);
        if (positions.length === 0) continue;
        for (let member = 1; member < group.length; member += 1) {
          const literal = group[member] as number;
          const offset = literalOffset[literal] as number;
          for (const position of positions)
            if (holds(literal, position))
              places.push(position - offset, (literals[literal] as string).length);
        }
      }
      return places;
    };
    // A rule may match when all the sets it requires are there: each found set's triggered rules, checked.
    const candidates = [...always];
    for (const set of found)
      waking: for (const rule of triggered[set] as number[]) {
        for (const other of ruleSets[rule] as number[]) if (present[other] !== 1) continue waking;
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
