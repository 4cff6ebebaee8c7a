/**
 * A trigram prefilter for the rule set: one pass over a text sets a bit per trigram, and a rule runs only when each
 * set of strings its matches must contain (read from its pattern, see `pattern-literals.ts`) has a string whose
 * trigrams are all there. The answer is the same as running every rule: a rule whose required strings are absent
 * cannot match.
 */
import type { InjectionRule } from './injection-rule.js';
import { requiredLiteralSets } from './pattern-literals.js';

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
   * The same per chunk of `chunk` characters, each chunk read with the `overlap` characters before it (at least
   * the longest required string, so one crossing into the chunk is seen whole): `result[k][i]` for chunk k and
   * rule i. A match no longer than `overlap` has all its required strings in the chunk where it ends.
   */
  chunkCandidates(text: string, chunk: number, overlap: number): boolean[][];
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
  // Flat tables, so a check allocates nothing: per rule its set ids, per set its literals, per literal its slots.
  // Many rules share a set (a language's words for "password" gate six of its rules): each distinct set is looked
  // up once per check.
  const ruleStart: number[] = [];
  const ruleSets: number[] = [];
  const setStart: number[] = [];
  const literalStart: number[] = [];
  const slots: number[] = [];
  const setIds = new Map<string, number>();
  let longest = 0;
  // Rules with a set of literals all outside ASCII (other scripts, accented words): never candidates in ASCII text.
  const wideOnly: boolean[] = [];
  for (const rule of rules) {
    ruleStart.push(ruleSets.length);
    const sets = requiredLiteralSets(rule.pattern) ?? [];
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is exactly \u0000-\u007f
    wideOnly.push(sets.some((set) => set.every((literal) => /[^\u0000-\u007f]/.test(literal))));
    for (const set of sets) {
      const key = [...set].sort().join('\u0000');
      let id = setIds.get(key);
      if (id === undefined) {
        id = setStart.length;
        setIds.set(key, id);
        setStart.push(literalStart.length);
        for (const literal of set) {
          literalStart.push(slots.length);
          slots.push(...slotsOf(literal));
          longest = Math.max(longest, literal.length);
        }
      }
      ruleSets.push(id);
    }
  }
  ruleStart.push(ruleSets.length);
  setStart.push(literalStart.length);
  literalStart.push(slots.length);
  // Per check: 0 not looked up yet, 1 absent, 2 present.
  const setState = new Uint8Array(setStart.length);
  const bits = new Uint32Array(2_048);
  const setBit = (h: number) => {
    bits[h >>> 5] = (bits[h >>> 5] as number) | (1 << (h & 31));
  };
  return {
    candidates(text) {
      return check(text, 0, text.length);
    },
    chunkCandidates(text, chunk, overlap) {
      const before = Math.max(overlap, longest);
      const result: boolean[][] = [];
      for (let start = 0; start < text.length; start += chunk)
        result.push(check(text, Math.max(0, start - before), Math.min(text.length, start + chunk)));
      return result;
    },
  };

  /** Whether one of the set's literals has all its trigrams in the current bits. */
  function present(set: number): boolean {
    for (let literal = setStart[set] as number; literal < (setStart[set + 1] as number); literal += 1) {
      let found = true;
      for (let at = literalStart[literal] as number; at < (literalStart[literal + 1] as number); at += 1) {
        const h = slots[at] as number;
        if (((bits[h >>> 5] as number) & (1 << (h & 31))) === 0) {
          found = false;
          break;
        }
      }
      if (found) return true;
    }
    return false;
  }

  /** The rules that may match in text[from, to). */
  function check(text: string, from: number, to: number): boolean[] {
    bits.fill(0);
    let a = text.charCodeAt(from);
    let b = text.charCodeAt(from + 1);
    let wide = a > 0x7f || b > 0x7f;
    if (wide) setBit(slot(a, b, 0xffff));
    for (let index = from + 2; index < to; index += 1) {
      const c = text.charCodeAt(index);
      setBit(slot(a, b, c));
      // Bigrams only outside ASCII, where two-character literals are allowed.
      if (b > 0x7f || c > 0x7f) {
        setBit(slot(b, c, 0xffff));
        wide = true;
      }
      a = b;
      b = c;
    }
    const result = new Array<boolean>(rules.length);
    setState.fill(0);
    for (let rule = 0; rule < rules.length; rule += 1) {
      if (!wide && wideOnly[rule]) {
        result[rule] = false;
        continue;
      }
      // Every set must have a literal whose trigrams are all there (no sets: the rule always runs).
      let may = true;
      for (let at = ruleStart[rule] as number; may && at < (ruleStart[rule + 1] as number); at += 1) {
        const set = ruleSets[at] as number;
        if (setState[set] === 0) setState[set] = present(set) ? 2 : 1;
        may = setState[set] === 2;
      }
      result[rule] = may;
    }
    return result;
  }
}
