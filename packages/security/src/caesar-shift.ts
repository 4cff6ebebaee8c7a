/**
 * @module
 * Caesar shifts, rot13 among them: the shifted forms of a few words every injection uses, each mapped to its
 * shift, so that one search finds a shifted text without trying all 25 shifts on every input; and the shift a text
 * seems written in. Linear in the length of the text.
 */

import { fromCodes } from './text-view.js';

// The words every injection uses: their shifted forms give a shift away.
const CAESAR_ANCHORS = ['ignore', 'instructions', 'previous', 'password', 'disregard', 'system', 'prompt'];
/**
 * Shifts lowercase Latin letters by `by` places (a Caesar shift; 13 is rot13); everything else stays.
 *
 * @example
 * shiftLetters('uryyb, Jbeyq!', 13); // 'hello, Jorld!'
 */
export function shiftLetters(word: string, by: number): string {
  // Unit by unit into a typed array: a replace calling a function per letter cost 18 µs per KB, this 7.
  const codes = new Uint16Array(word.length);
  for (let at = 0; at < word.length; at += 1) {
    const code = word.charCodeAt(at);
    codes[at] = code >= 97 && code <= 122 ? ((code - 97 + by) % 26) + 97 : code;
  }
  return fromCodes(codes, codes.length);
}
const CAESAR_SHIFT_OF = new Map<string, number>();
for (let by = 1; by < 26; by += 1)
  for (const word of CAESAR_ANCHORS) CAESAR_SHIFT_OF.set(shiftLetters(word, by), by);
/**
 * The telltale words under every shift (175 words).
 *
 * @example
 * CAESAR_SHIFTED_WORDS.includes('vtaber'); // true: "ignore" by 13
 */
export const CAESAR_SHIFTED_WORDS: readonly string[] = [...CAESAR_SHIFT_OF.keys()];
const CAESAR_WORDS = new RegExp(`\\b(?:${CAESAR_SHIFTED_WORDS.join('|')})\\b`);
const CAESAR_WORDS_ALL = new RegExp(CAESAR_WORDS.source, 'g');

/**
 * Two different telltale words shifted by the same amount ("suhylrxv lqvwuxfwlrqv" is "previous instructions"
 * shifted by 3): a text written in a Caesar cipher, whatever it says once unshifted. The span runs from the first
 * to the second word. Looks at most at the first 64 shifted words, so it stays linear.
 *
 * @example
 * shiftedWords('suhylrxv lqvwuxfwlrqv'); // { by: 3, start: 0, end: 21 }
 */
export function shiftedWords(lower: string): { by: number; start: number; end: number } | undefined {
  const firstOf = new Map<number, { word: string; start: number }>();
  let seen = 0;
  CAESAR_WORDS_ALL.lastIndex = 0;
  for (let found = CAESAR_WORDS_ALL.exec(lower); found && seen < 64; found = CAESAR_WORDS_ALL.exec(lower)) {
    seen += 1;
    const by = CAESAR_SHIFT_OF.get(found[0]) as number;
    const first = firstOf.get(by);
    if (!first) firstOf.set(by, { word: found[0], start: found.index });
    else if (first.word !== found[0]) return { by, start: first.start, end: found.index + found[0].length };
  }
  return undefined;
}

/**
 * Up to this length, a text that mentions rot13 or a Caesar cipher is also read unshifted by 13.
 *
 * @example
 * if (text.length <= MENTION_MAX && SHIFT_MENTION.test(text.toLowerCase())) readUnshifted(text, 13);
 */
export const MENTION_MAX = 4_096;
/**
 * A lowercase text that names rot13 or a Caesar cipher.
 *
 * @example
 * SHIFT_MENTION.test('decode this rot-13'); // true
 */
export const SHIFT_MENTION = /rot-?13|caesar/;

/**
 * The Caesar shift a (lowercased) text seems written in: found from the shifted form of a telltale word (the
 * first, given by the caller when it found it already), or 13 when the text talks about rot13 or Caesar ciphers.
 * Undefined for plain text.
 *
 * @example
 * caesarShiftOf('ljqruh doo suhylrxv lqvwuxfwlrqv'); // 3
 */
export function caesarShiftOf(lower: string, shiftedWord?: string | null): number | undefined {
  // The caller may have looked for the shifted words already (`null`: none there).
  const shifted = shiftedWord === undefined ? CAESAR_WORDS.exec(lower)?.[0] : (shiftedWord ?? undefined);
  if (shifted) return CAESAR_SHIFT_OF.get(shifted);
  // A mention alone is weak evidence: in a long document (an essay on Julius Caesar) it would cost a full extra
  // pass for nothing. Shifted telltale words above are found at any length.
  return lower.length <= MENTION_MAX && SHIFT_MENTION.test(lower) ? 13 : undefined;
}
