/**
 * A literal prefilter for the rule set. Each rule's pattern is read once to find the strings that any match must
 * contain (as RE2's and code search's prefilters do); one scan with a single literal pattern then says which of
 * those strings a text holds, and only the rules whose strings are there run their own pattern. The answer is the
 * same as running every rule: a rule whose required strings are absent cannot match.
 */
import type { InjectionRule } from './injection-rule.js';

/** Every match contains one of these strings; `undefined`: nothing can be said. */
type Required = readonly string[] | undefined;

/** Every match contains one string of each of these sets (an empty list says nothing). */
type Conjunction = ReadonlyArray<readonly string[]>;

/** Shorter required strings select too little to be worth a gate (two characters do, outside ASCII: 忽略, 무시). */
const MIN_LITERAL = 3;
const MIN_WIDE_LITERAL = 2;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is exactly \u0000-\u007f
const ASCII = /^[\u0000-\u007f]*$/;
/** More alternatives than this and the rule simply runs. */
const MAX_LITERALS = 64;

interface Parser {
  readonly source: string;
  index: number;
}

const ESCAPED_LITERAL: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };

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

/** Skips a character class `[...]`. */
function skipClass(parser: Parser): void {
  parser.index += 1;
  while (parser.index < parser.source.length && parser.source[parser.index] !== ']') {
    if (parser.source[parser.index] === '\\') parser.index += 1;
    parser.index += 1;
  }
  parser.index += 1;
}

/** Reads a quantifier after an atom, if any: its minimum count (undefined: none). */
function quantifier(parser: Parser): number | undefined {
  const char = parser.source[parser.index];
  let min: number | undefined;
  if (char === '?' || char === '*') min = 0;
  else if (char === '+') min = 1;
  else if (char === '{') {
    const found = /^\{(\d+)(?:,\d*)?\}/.exec(parser.source.slice(parser.index));
    if (!found) return undefined;
    parser.index += found[0].length - 1;
    min = Number(found[1]);
  } else return undefined;
  parser.index += 1;
  if (parser.source[parser.index] === '?') parser.index += 1; // lazy
  return min;
}

/** A sequence, up to `|` or `)`: what each of its mandatory elements requires. */
function parseSequence(parser: Parser): Conjunction {
  const all: Array<readonly string[]> = [];
  let run = '';
  const endRun = () => {
    if (run.length > 0) all.push([run]);
    run = '';
  };
  while (parser.index < parser.source.length) {
    const char = parser.source[parser.index] as string;
    if (char === '|' || char === ')') break;
    let atom: Conjunction = [];
    let literal: string | undefined;
    let zeroWidth = false;
    if (char === '(') {
      parser.index += 1;
      const rest = parser.source.slice(parser.index);
      const look = /^\?(?:<?[=!])/.exec(rest);
      if (look) {
        parser.index += look[0].length;
        parseAlternation(parser);
        zeroWidth = true;
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
      if (next === 'b' || next === 'B') zeroWidth = true;
      else if (next === 'p' || next === 'P') {
        const close = parser.source.indexOf('}', parser.index);
        parser.index = close - 1;
      } else if (next === 'u') {
        const found = /^\\u(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/.exec(parser.source.slice(parser.index));
        if (found) {
          literal = String.fromCodePoint(Number.parseInt(found[1] ?? found[2] ?? '0', 16));
          parser.index += found[0].length - 2;
        }
      } else if (next === 'x') {
        const hex = parser.source.slice(parser.index + 2, parser.index + 4);
        literal = String.fromCharCode(Number.parseInt(hex, 16));
        parser.index += 2;
      } else if (next in ESCAPED_LITERAL) literal = ESCAPED_LITERAL[next];
      else if (!/[dDsSwWc1-9k]/.test(next)) literal = next;
      parser.index += 2;
    } else if (char === '^' || char === '$') {
      zeroWidth = true;
      parser.index += 1;
    } else if (char === '.') {
      parser.index += 1;
    } else {
      literal = String.fromCodePoint(parser.source.codePointAt(parser.index) ?? 0);
      parser.index += literal.length;
    }
    const min = quantifier(parser);
    if (zeroWidth) continue; // a lookaround or boundary neither requires nor breaks a run of literals
    if (literal !== undefined && min === undefined) {
      run += literal;
      continue;
    }
    endRun();
    if (literal !== undefined && min !== undefined && min >= 1) atom = [[literal]];
    if (min === 0) atom = [];
    all.push(...atom);
  }
  endRun();
  return all;
}

/** Whether a set is worth gating on: strings long enough, and not too many. */
function usable(set: readonly string[]): boolean {
  return (
    set.length <= MAX_LITERALS &&
    set.every((text) => text.length >= (ASCII.test(text) ? MIN_LITERAL : MIN_WIDE_LITERAL))
  );
}

/** The most selective usable set of a conjunction, if any. */
function bestOf(conjunction: Conjunction): Required {
  let best: Required;
  for (const set of conjunction) if (usable(set)) best = better(best, set);
  return best;
}

/** An alternation: one branch is what it requires; several require the union of each branch's best set. */
function parseAlternation(parser: Parser): Conjunction {
  const branches: Conjunction[] = [];
  for (;;) {
    branches.push(parseSequence(parser));
    if (parser.source[parser.index] !== '|') break;
    parser.index += 1;
  }
  if (branches.length === 1) return branches[0] as Conjunction;
  const union: string[] = [];
  for (const branch of branches) {
    const best = bestOf(branch);
    if (!best) return [];
    union.push(...best);
  }
  return [[...new Set(union)]];
}

function conjunctionOf(pattern: RegExp): Conjunction | undefined {
  if (pattern.flags.includes('i') || pattern.flags.includes('v')) return undefined;
  const parser: Parser = { source: pattern.source, index: 0 };
  const conjunction = parseAlternation(parser);
  return parser.index < parser.source.length ? undefined : conjunction;
}

/**
 * Every set of strings of which any match of `pattern` must contain one (each set usable for gating), or
 * `undefined` when the rule must always run.
 */
export function requiredLiteralSets(pattern: RegExp): string[][] | undefined {
  const sets = (conjunctionOf(pattern) ?? []).filter(usable).map((set) => [...new Set(set)]);
  return sets.length > 0 ? sets : undefined;
}

/**
 * The strings any match of `pattern` must contain, or `undefined` when the rule must always run (no such strings,
 * too short, or too many).
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  const best = bestOf(conjunctionOf(pattern) ?? []);
  return best ? [...new Set(best)] : undefined;
}

/** A hash of three UTF-16 units into 16 bits: a trigram's slot in the filter. */
function slot(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 16;
}

/** The trigram slots of a literal (a two-character literal has one bigram slot). */
function slotsOf(text: string): number[] {
  if (text.length === 2) return [slot(text.charCodeAt(0), text.charCodeAt(1), 0xffff)];
  const slots: number[] = [];
  for (let index = 0; index + 2 < text.length; index += 1)
    slots.push(slot(text.charCodeAt(index), text.charCodeAt(index + 1), text.charCodeAt(index + 2)));
  return slots;
}

/** Which rules can match a text, decided by the text's trigrams. */
export interface RuleGate {
  /** `true` at index i when rule i must run on this text. */
  candidates(text: string): boolean[];
  /**
   * The same per chunk of `chunk` characters, each chunk read with enough characters before it that a required
   * string crossing into it is seen whole: `result[k][i]` for chunk k and rule i.
   */
  chunkCandidates(text: string, chunk: number): boolean[][];
}

/**
 * Builds the gate for a rule list. One pass sets a bit for each trigram of the text (a 64 Kbit filter), and for
 * each bigram that is not plain ASCII; a literal
 * may be in the text only if all its trigrams' bits are set, and a rule runs only if one of its required literals
 * may be there. Hash collisions only let a rule run that did not need to: the answer never changes.
 *
 * @example
 * const gate = createRuleGate(rules);
 * const run = gate.candidates(view.text); // run[i]: rules[i] may match
 */
export function createRuleGate(rules: readonly InjectionRule[]): RuleGate {
  // Flat tables, so a check allocates nothing: per rule its sets, per set its literals, per literal its slots.
  const ruleStart: number[] = [];
  const setStart: number[] = [];
  const literalStart: number[] = [];
  const slots: number[] = [];
  let overlap = 0;
  for (const rule of rules) {
    ruleStart.push(setStart.length);
    for (const set of requiredLiteralSets(rule.pattern) ?? []) {
      setStart.push(literalStart.length);
      for (const literal of set) {
        literalStart.push(slots.length);
        slots.push(...slotsOf(literal));
        overlap = Math.max(overlap, literal.length);
      }
    }
  }
  ruleStart.push(setStart.length);
  setStart.push(literalStart.length);
  literalStart.push(slots.length);
  const bits = new Uint32Array(2_048);
  const setBit = (h: number) => {
    bits[h >>> 5] = (bits[h >>> 5] as number) | (1 << (h & 31));
  };
  return {
    candidates(text) {
      return check(text, 0, text.length);
    },
    chunkCandidates(text, chunk) {
      const result: boolean[][] = [];
      for (let start = 0; start < text.length; start += chunk)
        result.push(check(text, Math.max(0, start - overlap), Math.min(text.length, start + chunk)));
      return result;
    },
  };

  /** The rules that may match in text[from, to). */
  function check(text: string, from: number, to: number): boolean[] {
    bits.fill(0);
    let a = text.charCodeAt(from);
    let b = text.charCodeAt(from + 1);
    if (a > 0x7f || b > 0x7f) setBit(slot(a, b, 0xffff));
    for (let index = from + 2; index < to; index += 1) {
      const c = text.charCodeAt(index);
      setBit(slot(a, b, c));
      // Bigrams only outside ASCII, where two-character literals are allowed.
      if (b > 0x7f || c > 0x7f) setBit(slot(b, c, 0xffff));
      a = b;
      b = c;
    }
    const result = new Array<boolean>(rules.length);
    for (let rule = 0; rule < rules.length; rule += 1) {
      // Every set must have a literal whose trigrams are all there (no sets: the rule always runs).
      let may = true;
      for (let set = ruleStart[rule] as number; may && set < (ruleStart[rule + 1] as number); set += 1) {
        let found = false;
        for (
          let literal = setStart[set] as number;
          !found && literal < (setStart[set + 1] as number);
          literal += 1
        ) {
          found = true;
          for (
            let at = literalStart[literal] as number;
            at < (literalStart[literal + 1] as number);
            at += 1
          ) {
            const h = slots[at] as number;
            if (((bits[h >>> 5] as number) & (1 << (h & 31))) === 0) {
              found = false;
              break;
            }
          }
        }
        may = found;
      }
      result[rule] = may;
    }
    return result;
  }
}

/** The largest quantifier multiplier after an atom: 1 without one, Infinity when unbounded. */
function maxRepeat(parser: Parser): number {
  const char = parser.source[parser.index];
  let max = 1;
  if (char === '?') max = 1;
  else if (char === '*' || char === '+') max = Number.POSITIVE_INFINITY;
  else if (char === '{') {
    const found = /^\{(\d+)(?:(,)(\d*))?\}/.exec(parser.source.slice(parser.index));
    if (!found) return 1;
    parser.index += found[0].length - 1;
    max = found[2] === undefined ? Number(found[1]) : found[3] ? Number(found[3]) : Number.POSITIVE_INFINITY;
  } else return 1;
  parser.index += 1;
  if (parser.source[parser.index] === '?') parser.index += 1;
  return max;
}

function spanOfSequence(parser: Parser): number {
  let total = 0;
  while (parser.index < parser.source.length) {
    const char = parser.source[parser.index] as string;
    if (char === '|' || char === ')') break;
    let atom = 2; // one character, which may be a surrogate pair
    if (char === '(') {
      parser.index += 1;
      const prefix = /^\?(?::|<?[=!]|<[A-Za-z]\w*>)/.exec(parser.source.slice(parser.index));
      if (prefix) parser.index += prefix[0].length;
      // A lookaround's reach counts too: it reads characters next to the match.
      atom = spanOfAlternation(parser);
      parser.index += 1;
    } else if (char === '[') skipClass(parser);
    else if (char === '\\') {
      const next = parser.source[parser.index + 1] ?? '';
      if (next === 'b' || next === 'B') atom = 0;
      if (next === 'p' || next === 'P') parser.index = parser.source.indexOf('}', parser.index) - 1;
      else if (next === 'u' && parser.source[parser.index + 2] === '{')
        parser.index = parser.source.indexOf('}', parser.index) - 1;
      else if (next === 'u') parser.index += 4;
      else if (next === 'x') parser.index += 2;
      parser.index += 2;
    } else if (char === '^' || char === '$') {
      // Anchored to the ends of the text: a window of it would move them.
      atom = Number.POSITIVE_INFINITY;
      parser.index += 1;
    } else
      parser.index +=
        char === '.' ? 1 : String.fromCodePoint(parser.source.codePointAt(parser.index) ?? 0).length;
    total += atom * maxRepeat(parser);
  }
  return total;
}

function spanOfAlternation(parser: Parser): number {
  let longest = 0;
  for (;;) {
    longest = Math.max(longest, spanOfSequence(parser));
    if (parser.source[parser.index] !== '|') return longest;
    parser.index += 1;
  }
}

/**
 * How many UTF-16 units a match of `pattern`, with what its lookarounds read, can span at most (Infinity when a
 * quantifier is unbounded). A conservative bound: classes count as two units.
 */
export function maxMatchSpan(pattern: RegExp): number {
  const parser: Parser = { source: pattern.source, index: 0 };
  const span = spanOfAlternation(parser);
  return parser.index < parser.source.length ? Number.POSITIVE_INFINITY : span;
}
