/**
 * @module
 * Sets of required strings: which are worth gating on, which select best, and how far into a match each starts.
 */
/** Every match contains one of these strings; `undefined`: nothing can be said. */
export type Required = readonly string[] | undefined;

/** Every match contains one string of each of these sets (an empty list says nothing). */
export type Conjunction = ReadonlyArray<readonly string[]>;

/** Shorter required strings select too little to be worth a gate (two characters do, outside ASCII: 忽略, 무시). */
const MIN_LITERAL = 3;
const MIN_WIDE_LITERAL = 2;
/** Symbols rare enough in prose that one alone selects well ("=" in an assignment, "<" in a tag, "#" in a header). */
export const RARE_SYMBOL = /^[=<>[\]{}#`|~^\\]$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is exactly \u0000-\u007f
const ASCII = /^[\u0000-\u007f]*$/;
/** More alternatives than this and the rule simply runs. */
const MAX_LITERALS = 64;

// Words so common in ordinary text that a rule gated on them would run on nearly every text.
const COMMON = new Set(
  (
    'the and you your are was were what that this these those tell show give list print write send return make ' +
    'new now all any not never stop can will from with have has for like just only also more than then them they ' +
    'their there here how why who when where which about above before after prior previous next first last other ' +
    'some every each one two say said told know let get set use used using want need must should would could may ' +
    'might please help answer question text words message story song mode data time user system model rules task ' +
    "output input code line lines content information do not don't i am you're act as what's what is share"
  ).split(' '),
);

/** How often a set's strings will be in ordinary text: the number of common words among them. */
function weakness(set: readonly string[]): number {
  let weak = 0;
  for (const text of set) if (text.trim().length <= 3 || COMMON.has(text.trim())) weak += 1;
  return weak;
}

/**
 * Picks, of the elements of a sequence, the one whose required strings select best: fewest common words, then
 * the longest shortest string, then the fewest strings.
 */
function better(a: Required, b: Required): Required {
  if (!a) return b;
  if (!b) return a;
  const [wa, wb] = [weakness(a), weakness(b)];
  if (wa !== wb) return wa < wb ? a : b;
  const shortest = (set: readonly string[]) => Math.min(...set.map((text) => text.length));
  const [sa, sb] = [shortest(a), shortest(b)];
  if (sa !== sb) return sa > sb ? a : b;
  return a.length <= b.length ? a : b;
}

/**
 * How far into a node's match one of a set's strings starts at most (consumed characters before it), per set
 * array; a set without an entry may start anywhere.
 */
const BEFORE = new WeakMap<readonly string[], number>();
/** How far into a match a set's string starts at most (Infinity when not known). */
export const beforeOf = (set: readonly string[]) => BEFORE.get(set) ?? Number.POSITIVE_INFINITY;
/** A copy of `set` whose strings start at most `before` characters into the match. */
export function placed(set: readonly string[], before: number): string[] {
  const copy = [...set];
  BEFORE.set(copy, before);
  return copy;
}

/** A set without the strings that contain another of its strings (where the longer one is, so is the shorter). */
export function minimal(set: readonly string[]): string[] {
  const distinct = [...new Set(set)];
  const kept = distinct.filter((text) => !distinct.some((other) => other !== text && text.includes(other)));
  // Where a dropped string was, a kept one starts as far in as it first sits inside it.
  let shift = 0;
  for (const text of distinct) {
    if (kept.includes(text)) continue;
    let first = Number.POSITIVE_INFINITY;
    for (const inner of kept) {
      const at = text.indexOf(inner);
      if (at >= 0) first = Math.min(first, at);
    }
    shift = Math.max(shift, first);
  }
  return placed(kept, beforeOf(set) + shift);
}

/** Whether a set is worth gating on: strings long enough, and not too many. */
export function usable(set: readonly string[]): boolean {
  return (
    set.length <= MAX_LITERALS &&
    set.every(
      (text) => text.length >= (ASCII.test(text) ? MIN_LITERAL : MIN_WIDE_LITERAL) || RARE_SYMBOL.test(text),
    )
  );
}

/** The most selective usable set of a conjunction, if any. */
export function bestOf(conjunction: Conjunction): Required {
  let best: Required;
  for (const set of conjunction) {
    const small = minimal(set);
    if (usable(small)) best = better(best, small);
  }
  return best;
}
