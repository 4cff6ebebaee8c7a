/**
 * @module
 * Which word the literal pass looks for in place of each string a rule requires.
 */
import { RARE_SYMBOL } from './literal-sets.js';

// Words in nearly every text: a string is looked for by another of its words, or not at all.
const STOP = new Set(
  (
    'the and you your yours are was were that this these those with have has had for not can will from they ' +
    'their there here what when where which who how about into only also more than then them some each one two ' +
    'any all out but its our his her she him may might must should would could been being just like very even ' +
    'over such mine is am be do does did get got'
  ).split(' '),
);
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is exactly \u0000-\u007f
const ASCII = /^[\u0000-\u007f]*$/;
const NOT_LETTERS = /[^\p{L}\s]/u;

/**
 * What the scan looks for in place of a required string: its longest word that is not a stop word (a match holding
 * "tell me your password" holds "password", and the phrases of a set share few words) when that word has four
 * letters or more (or is in another script), else the string itself when long, made of symbols or an emoji, else nothing
 * (`undefined`: the set cannot be looked for and counts as present).
 */
export function scanKey(literal: string): string | undefined {
  let best: string | undefined;
  for (const [word] of literal.matchAll(WORD))
    if (!STOP.has(word) && word.length >= (ASCII.test(word) ? 3 : 2) && word.length > (best?.length ?? 0))
      best = word;
  const trimmed = literal.trim();
  // A short ASCII word ("now" in "from now on, you") is in too many texts: the whole phrase is rarer.
  if (best && best.length < 4 && ASCII.test(best) && trimmed.length >= 4) return trimmed;
  if (best) return best;
  if (STOP.has(trimmed)) return undefined;
  if (RARE_SYMBOL.test(trimmed)) return trimmed;
  // A symbol outside ASCII (an emoji: two units) is rare in prose.
  if (trimmed.length >= 2 && !ASCII.test(trimmed) && NOT_LETTERS.test(trimmed)) return trimmed;
  return trimmed.length >= 5 || (trimmed.length >= 3 && NOT_LETTERS.test(trimmed)) ? trimmed : undefined;
}
