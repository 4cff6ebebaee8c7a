/**
 * Reads a rule's pattern for the strings its matches must contain (as RE2's and code search's prefilters do): one
 * set per mandatory part, short alternatives in a row multiplied out into phrases. Conservative: where it cannot
 * be sure, it says nothing, and the rule always runs.
 */

import { beforeOf, bestOf, type Conjunction, minimal, placed, usable } from './literal-sets.js';

/** A cursor over a pattern's source. */
export interface Parser {
  readonly source: string;
  index: number;
}

const ESCAPED_LITERAL: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };

/** Skips a character class `[...]`. */
export function skipClass(parser: Parser): void {
  parser.index += 1;
  while (parser.index < parser.source.length && parser.source[parser.index] !== ']') {
    if (parser.source[parser.index] === '\\') parser.index += 1;
    parser.index += 1;
  }
  parser.index += 1;
}

/** Reads a quantifier after an atom, if any: its counts (undefined: none). */
function quantifier(parser: Parser): { min: number; max: number } | undefined {
  const char = parser.source[parser.index];
  let counts: { min: number; max: number };
  if (char === '?') counts = { min: 0, max: 1 };
  else if (char === '*') counts = { min: 0, max: Number.POSITIVE_INFINITY };
  else if (char === '+') counts = { min: 1, max: Number.POSITIVE_INFINITY };
  else if (char === '{') {
    const found = /^\{(\d+)(?:(,)(\d*))?\}/.exec(parser.source.slice(parser.index));
    if (!found) return undefined;
    parser.index += found[0].length - 1;
    const min = Number(found[1]);
    counts = {
      min,
      max: found[2] === undefined ? min : found[3] ? Number(found[3]) : Number.POSITIVE_INFINITY,
    };
  } else return undefined;
  parser.index += 1;
  if (parser.source[parser.index] === '?') parser.index += 1; // lazy
  return counts;
}

/**
 * What a piece of pattern says about its matches: `exact`, every string it can match when that is a short list
 * (so "i (?:am|'m) your" gives "i am your" and "i'm your"), and `all`, sets of which a match contains one each.
 */
interface Knowledge {
  readonly exact: readonly string[] | undefined;
  readonly all: Conjunction;
  /** The most characters a match of the node consumes (Infinity when unbounded). */
  readonly span: number;
}

const MAX_EXACT = 64;

/** Every concatenation of a string of `left` with one of `right`, if the list stays short. */
function product(left: readonly string[], right: readonly string[]): string[] | undefined {
  if (left.length * right.length > MAX_EXACT) return undefined;
  const out: string[] = [];
  for (const a of left) for (const b of right) out.push(a + b);
  return out;
}

/** What a node requires, its exact strings included (they start the node's match). */
function requirements(knowledge: Knowledge): Conjunction {
  return knowledge.exact ? [...knowledge.all, placed(knowledge.exact, 0)] : knowledge.all;
}

/** One atom, with its quantifier. */
function parseAtom(parser: Parser): Knowledge {
  const char = parser.source[parser.index] as string;
  // Classes, `.` and escapes like \d consume one character, which may be a surrogate pair.
  let atom: Knowledge = { exact: undefined, all: [], span: 2 };
  if (char === '(') {
    parser.index += 1;
    const rest = parser.source.slice(parser.index);
    const look = /^\?(?:<?[=!])/.exec(rest);
    if (look) {
      parser.index += look[0].length;
      parseAlternation(parser);
      // A lookaround reads characters but matches none: an empty string, as far as matches go.
      atom = { exact: [''], all: [], span: 0 };
    } else {
      const prefix = /^\?(?::|<[A-Za-z]\w*>)/.exec(rest);
      if (prefix) parser.index += prefix[0].length;
      atom = parseAlternation(parser);
    }
    parser.index += 1; // ')'
  } else if (char === '[') {
    skipClass(parser);
  } else if (char === '\\') {
    const next = parser.source[parser.index + 1] ?? '';
    let literal: string | undefined;
    if (next === 'b' || next === 'B') atom = { exact: [''], all: [], span: 0 };
    else if (next === 'p' || next === 'P') parser.index = parser.source.indexOf('}', parser.index) - 1;
    else if (next === 'u') {
      const found = /^\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/.exec(parser.source.slice(parser.index));
      if (found) {
        literal = String.fromCodePoint(Number.parseInt(found[1] ?? found[2] ?? '0', 16));
        parser.index += found[0].length - 2;
      }
    } else if (next === 'x') {
      literal = String.fromCharCode(
        Number.parseInt(parser.source.slice(parser.index + 2, parser.index + 4), 16),
      );
      parser.index += 2;
    } else if (next in ESCAPED_LITERAL) literal = ESCAPED_LITERAL[next];
    else if (/[1-9k]/.test(next)) atom = { exact: undefined, all: [], span: Number.POSITIVE_INFINITY };
    else if (!/[dDsSwWc]/.test(next)) literal = next;
    parser.index += 2;
    if (literal !== undefined) atom = { exact: [literal], all: [], span: literal.length };
  } else if (char === '^' || char === '$') {
    atom = { exact: [''], all: [], span: 0 };
    parser.index += 1;
  } else if (char === '.') {
    parser.index += 1;
  } else {
    const literal = String.fromCodePoint(parser.source.codePointAt(parser.index) ?? 0);
    parser.index += literal.length;
    atom = { exact: [literal], all: [], span: literal.length };
  }
  const counts = quantifier(parser);
  if (counts === undefined) return atom;
  const span = atom.span === 0 ? 0 : atom.span * counts.max;
  // Optional (at most once) keeps a short exact list, with the empty string; other repeats say only what one
  // copy requires (the first copy starts the atom), and nothing when there may be none.
  if (counts.min === 0)
    return { exact: counts.max === 1 && atom.exact ? [...atom.exact, ''] : undefined, all: [], span };
  if (counts.min === 1 && counts.max === 1) return atom;
  return { exact: undefined, all: requirements(atom), span };
}

/** A sequence, up to `|` or `)`: exact strings carried across its elements while the list stays short. */
function parseSequence(parser: Parser): Knowledge {
  const all: Array<readonly string[]> = [];
  let running: string[] | undefined = [''];
  let exactAll = true;
  // The most characters consumed before the current element, and before the current run of exact strings.
  let offset = 0;
  let runStart = 0;
  const flush = () => {
    if (running?.some((text) => text !== '')) all.push(placed(running, runStart));
    running = [''];
  };
  while (parser.index < parser.source.length) {
    const char = parser.source[parser.index] as string;
    if (char === '|' || char === ')') break;
    const atomStart = offset;
    const atom = parseAtom(parser);
    const joined: string[] | undefined = atom.exact && running ? product(running, atom.exact) : undefined;
    offset += atom.span;
    if (joined) running = joined;
    else {
      exactAll = false;
      flush();
      if (atom.exact) {
        running = [...atom.exact];
        runStart = atomStart;
      } else runStart = offset;
    }
    for (const set of atom.all) all.push(placed(set, atomStart + beforeOf(set)));
  }
  if (exactAll) return { exact: running, all, span: offset };
  flush();
  return { exact: undefined, all, span: offset };
}

/**
 * An alternation: one branch is what it requires; several require the sets they all require, or else the union
 * of each branch's best set.
 */
function parseAlternation(parser: Parser): Knowledge {
  const branches: Knowledge[] = [];
  for (;;) {
    branches.push(parseSequence(parser));
    if (parser.source[parser.index] !== '|') break;
    parser.index += 1;
  }
  if (branches.length === 1) return branches[0] as Knowledge;
  const span = Math.max(...branches.map((branch) => branch.span));
  const exacts = branches.map((branch) => branch.exact);
  const exact =
    exacts.every((set) => set !== undefined) &&
    exacts.reduce((sum, set) => sum + (set?.length ?? 0), 0) <= MAX_EXACT
      ? [...new Set(exacts.flat() as string[])]
      : undefined;
  // A set every branch requires, the alternation requires too: "A…B|B…A" requires both A and B (as far in as
  // the furthest branch has it).
  const keyOf = (set: readonly string[]) => [...new Set(set)].sort().join('\u0000');
  const [first, ...others] = branches.map(
    (branch) => new Map(requirements(branch).map((set) => [keyOf(set), set])),
  );
  const common = [...(first as Map<string, readonly string[]>)].filter(([key]) =>
    others.every((sets) => sets.has(key)),
  );
  const all = common.map(([key, set]) =>
    placed(
      set,
      Math.max(beforeOf(set), ...others.map((sets) => beforeOf(sets.get(key) as readonly string[]))),
    ),
  );
  if (all.some((set) => usable(minimal(set)))) return { exact, all, span };
  // Else one string of the union of each branch's best set ("display:none|font-size:0" requires ":", which
  // selects nothing, and one of "display" and "font-size").
  const union: string[] = [];
  let before = 0;
  for (const branch of branches) {
    const best = bestOf(requirements(branch));
    if (!best) return { exact, all, span };
    union.push(...best);
    before = Math.max(before, beforeOf(best));
  }
  return { exact, all: [...all, placed([...new Set(union)], before)], span };
}

function conjunctionOf(pattern: RegExp): Conjunction | undefined {
  if (pattern.flags.includes('i') || pattern.flags.includes('v')) return undefined;
  const parser: Parser = { source: pattern.source, index: 0 };
  const knowledge = parseAlternation(parser);
  return parser.index < parser.source.length ? undefined : requirements(knowledge);
}

/**
 * Every set of strings of which any match of `pattern` must contain one (each set usable for gating), or
 * `undefined` when the rule must always run.
 */
export function requiredLiteralSets(pattern: RegExp): string[][] | undefined {
  return requiredLiteralPlaces(pattern)?.map((set) => set.strings);
}

/** A set of strings a match must contain one of, and how far into the match that one starts at most. */
export interface RequiredSet {
  readonly strings: string[];
  /** Characters of the match before the string, at most (Infinity when unbounded). */
  readonly before: number;
}

/** {@link requiredLiteralSets}, each set with how far into a match its string starts at most. */
export function requiredLiteralPlaces(pattern: RegExp): RequiredSet[] | undefined {
  const sets = (conjunctionOf(pattern) ?? [])
    .map(minimal)
    .filter(usable)
    .map((set) => ({ strings: set, before: beforeOf(set) }));
  return sets.length > 0 ? sets : undefined;
}

/**
 * The strings any match of `pattern` must contain, or `undefined` when the rule must always run (no such strings,
 * too short, or too many).
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  const best = bestOf(conjunctionOf(pattern) ?? []);
  return best ? [...best] : undefined;
}
