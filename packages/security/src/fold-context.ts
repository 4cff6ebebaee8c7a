/**
 * @module
 * What one unit folds to, in the context of its word: a look-alike only in a disguised Latin word, leetspeak only
 * inside (or "@"/"$" before) a word, and not an e-mail address's "@".
 */

import { CONFUSABLES, isLetterCode, LEET } from './text-view.js';

// Per UTF-16 unit, what it folds to (0: itself): look-alikes at any position, leetspeak (ASCII) inside words.
export const CONFUSABLE_CODES = new Uint16Array(65_536);
for (const [from, to] of Object.entries(CONFUSABLES)) CONFUSABLE_CODES[from.charCodeAt(0)] = to.charCodeAt(0);
const LEET_CODES = new Uint8Array(128);
for (const [from, to] of Object.entries(LEET)) LEET_CODES[from.charCodeAt(0)] = to.charCodeAt(0);

// What a word's letters say: 1 a Latin letter, 2 a letter of its own script (not a look-alike).
const LATIN = 1;
const OWN = 2;

/** The letters of the word around `index` (a run of letters): which kinds, and where it ends. */
function wordAt(text: string, index: number): { kinds: number; start: number; end: number } {
  let start = index;
  while (start > 0 && isLetterCode(text.charCodeAt(start - 1))) start -= 1;
  let kinds = 0;
  let end = start;
  for (; end < text.length; end += 1) {
    const code = text.charCodeAt(end);
    if (!isLetterCode(code)) break;
    if (code < 128) kinds |= LATIN;
    else if (code < 0x370 || CONFUSABLE_CODES[code] === 0) kinds |= OWN;
  }
  return { kinds, start, end };
}

// How far past spaces and punctuation a neighbouring word is looked for.
const NEIGHBOUR_REACH = 8;

/** Whether the word next to [start, end) on one side (before or after) is written in a script of its own. */
function neighbourIsForeign(text: string, start: number, end: number, after: boolean): boolean {
  let at = after ? end : start - 1;
  for (let steps = 0; steps < NEIGHBOUR_REACH && at >= 0 && at < text.length; steps += 1) {
    const code = text.charCodeAt(at);
    if (code === 10) return false;
    if (isLetterCode(code)) return wordAt(text, at).kinds === OWN;
    at += after ? 1 : -1;
  }
  return false;
}

/**
 * Whether a look-alike at `index` stands for a Latin letter: its word (the run of letters around it) has a Latin
 * letter too ("іgnоrе" with Cyrillic і, о, е), or is made of look-alikes only ("рор") and does not stand beside a
 * word of its own script ("ни в коем", "у вас есть" are Russian). A Greek or Russian word has letters of its own
 * and stays as it is. Asked in increasing order of `index`, each word is read once.
 */
export function disguises(): (text: string, index: number) => boolean {
  let wordEnd = -1;
  let answer = false;
  return (text, index) => {
    if (index < wordEnd) return answer;
    const { kinds, start, end } = wordAt(text, index);
    wordEnd = end;
    answer =
      (kinds & LATIN) !== 0 ||
      (kinds === 0 &&
        !neighbourIsForeign(text, start, end, false) &&
        !neighbourIsForeign(text, start, end, true));
    return answer;
  };
}

// An e-mail address's domain after "@": labels of letters, digits and hyphens, a dot, and a top-level domain.
const DOMAIN = /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}(?![a-z0-9-])/;

/** Whether the "@" at `index` is an e-mail address's (a name before it, a domain after): it stays as it is. */
function inEmail(text: string, index: number): boolean {
  return (
    index > 0 &&
    isLetterOrDigit(text.charCodeAt(index - 1)) &&
    DOMAIN.test(text.slice(index + 1, index + 256))
  );
}
const isLetterOrDigit = (code: number) => isLetterCode(code) || (code >= 48 && code <= 57);

/**
 * What the unit at `index` folds to (0: itself): a look-alike in a disguised Latin word, or a leetspeak symbol
 * inside (or `@`/`$` before) a word; not the "@" of an e-mail address.
 */
export function foldsAt(
  text: string,
  index: number,
  code: number,
  latin: (text: string, index: number) => boolean,
): number {
  if (code >= 0x370) {
    const to = CONFUSABLE_CODES[code] as number;
    return to !== 0 && latin(text, index) ? to : 0;
  }
  if (code >= 128) return 0;
  const leet = LEET_CODES[code] as number;
  if (leet === 0) return 0;
  // Digits fold only inside words (between letters), so "Part 1 is" and prices stay as they are.
  const after = index + 1 < text.length && isLetterCode(text.charCodeAt(index + 1));
  if (!after) return 0;
  if (code === 64) return inEmail(text, index) ? 0 : leet;
  if (code === 36) return leet;
  return index > 0 && isLetterCode(text.charCodeAt(index - 1)) ? leet : 0;
}
