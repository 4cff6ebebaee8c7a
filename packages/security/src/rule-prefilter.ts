/**
 * A literal prefilter for the rule set. Each rule's pattern is read once to find the strings that any match must
 * contain (as RE2's and code search's prefilters do); one scan with a single literal pattern then says which of
 * those strings a text holds, and only the rules whose strings are there run their own pattern. The answer is the
 * same as running every rule: a rule whose required strings are absent cannot match.
 */
import type { InjectionRule } from './injection-rule.js';

/** Every match contains one of these strings; `undefined`: nothing can be said. */
type Required = readonly string[] | undefined;

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

/** A sequence, up to `|` or `)`: the best required strings of its elements. */
function parseSequence(parser: Parser): Required {
  let best: Required;
  let run = '';
  const endRun = () => {
    if (run.length > 0) best = better(best, [run]);
    run = '';
  };
  while (parser.index < parser.source.length) {
    const char = parser.source[parser.index] as string;
    if (char === '|' || char === ')') break;
    let atom: Required;
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
    if (literal !== undefined && min !== undefined && min >= 1) atom = [literal];
    if (min === 0) atom = undefined;
    best = better(best, atom);
  }
  endRun();
  return best;
}

/** An alternation: every branch must require something, and the union is required. */
function parseAlternation(parser: Parser): Required {
  const union: string[] = [];
  let bounded = true;
  for (;;) {
    const branch = parseSequence(parser);
    if (!branch) bounded = false;
    else union.push(...branch);
    if (parser.source[parser.index] !== '|') break;
    parser.index += 1;
  }
  return bounded ? union : undefined;
}

/**
 * The strings any match of `pattern` must contain, or `undefined` when the rule must always run (no such strings,
 * too short, or too many).
 */
export function requiredLiterals(pattern: RegExp): string[] | undefined {
  if (pattern.flags.includes('i') || pattern.flags.includes('v')) return undefined;
  const parser: Parser = { source: pattern.source, index: 0 };
  const required = parseAlternation(parser);
  if (!required || parser.index < parser.source.length) return undefined;
  const distinct = [...new Set(required)];
  const tooShort = (text: string) => text.length < (ASCII.test(text) ? MIN_LITERAL : MIN_WIDE_LITERAL);
  if (distinct.length > MAX_LITERALS || distinct.some(tooShort)) return undefined;
  return distinct;
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
  // Flat tables, so a check allocates nothing: per rule its literals, per literal its slots.
  const ruleStart: number[] = [];
  const literalStart: number[] = [];
  const slots: number[] = [];
  for (const rule of rules) {
    ruleStart.push(literalStart.length);
    const literals = requiredLiterals(rule.pattern);
    // No literals: one empty literal, which is always "present".
    for (const literal of literals ?? ['']) {
      literalStart.push(slots.length);
      if (literal !== '') slots.push(...slotsOf(literal));
    }
  }
  ruleStart.push(literalStart.length);
  literalStart.push(slots.length);
  const bits = new Uint32Array(2_048);
  const setBit = (h: number) => {
    bits[h >>> 5] = (bits[h >>> 5] as number) | (1 << (h & 31));
  };
  return {
    candidates(text) {
      bits.fill(0);
      let a = text.charCodeAt(0);
      let b = text.charCodeAt(1);
      if (a > 0x7f || b > 0x7f) setBit(slot(a, b, 0xffff));
      for (let index = 2; index < text.length; index += 1) {
        const c = text.charCodeAt(index);
        setBit(slot(a, b, c));
        // Bigrams only outside ASCII, where two-character literals are allowed.
        if (b > 0x7f || c > 0x7f) setBit(slot(b, c, 0xffff));
        a = b;
        b = c;
      }
      const result = new Array<boolean>(rules.length);
      for (let rule = 0; rule < rules.length; rule += 1) {
        let may = false;
        for (
          let literal = ruleStart[rule] as number;
          !may && literal < (ruleStart[rule + 1] as number);
          literal += 1
        ) {
          may = true;
          for (
            let at = literalStart[literal] as number;
            at < (literalStart[literal + 1] as number);
            at += 1
          ) {
            const h = slots[at] as number;
            if (((bits[h >>> 5] as number) & (1 << (h & 31))) === 0) {
              may = false;
              break;
            }
          }
        }
        result[rule] = may;
      }
      return result;
    },
  };
}
