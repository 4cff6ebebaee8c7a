/**
 * @module
 * Readings of text disguised in ways a reader undoes at a glance but a pattern does not: combining marks stacked on
 * every letter, words broken across lines, digits for letters, Armenian look-alikes among Latin letters, letters
 * spaced out with non-ASCII spaces, and text written backwards with a note to read it so. Each is produced only
 * when a cheap test finds the disguise, and is read by the same rules as the text (see `decoded-findings.ts`).
 */

import { LEET } from './text-view.js';

/** How a text was disguised. */
export type DisguiseKind = 'marks' | 'line-breaks' | 'leetspeak' | 'lookalikes' | 'spaced' | 'reversed';

const COMBINING = /\p{M}/gu;
const LATIN_LETTER = /[A-Za-z]/g;
// A letter, an optional hyphen, a line break, a lowercase letter: a word carried over to the next line.
const BROKEN_WORD = /(\p{L})-?[ \t]*\r?\n[ \t]*(\p{Ll})/gu;
// A token that mixes letters and digits in the way of leetspeak (1gn0r3, 5y5t3m, pr3v10u5).
const LEET_TOKEN = /\b(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[013457@$])[a-z0-9@$]{3,}\b/gi;
// Armenian letters that look like Latin ones (օ o, ս u, հ h, ո n, ց g, զ q, ա w): folded only in words that also
// hold Latin letters, so Armenian itself is left alone.
const ARMENIAN: Readonly<Record<string, string>> = {
  օ: 'o',
  ս: 'u',
  հ: 'h',
  ո: 'n',
  ց: 'g',
  զ: 'q',
  ա: 'w',
  Տ: 'S',
  Օ: 'O',
};
const MIXED_ARMENIAN =
  /[\p{L}]*(?:[A-Za-z][\p{L}]*[\u0531-\u058F]|[\u0531-\u058F][\p{L}]*[A-Za-z])[\p{L}]*/gu;
// Single letters separated by spaces other than the ASCII one (ideographic, thin, no-break…).
const SPACED = /(?:\p{L}[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]){4,}\p{L}/gu;
const BACKWARDS =
  /\b(?:read (?:it |this |that )?(?:backwards?|in reverse|from (?:the )?(?:end|right))|reversed? (?:text|order)|backwards)\b|\b(?:sdrawkcab|esrever)\b/i;

// Cheap gates: the combining marks stacked in Zalgo text; a digit between letters; a space that is not ASCII.
// (Ranges written apart: a class that mixes them reads to linters as a letter joined to its mark.)
const STACKABLE = /[\u0300-\u036f]|[\u1dc0-\u1dff]|[\u20d0-\u20ff]/;
const DIGIT_AMONG_LETTERS = /[a-z][013457@$][a-z0-9]|[013457][a-z]{2}/gi;

/**
 * Whether the text holds a phrase in leetspeak: three tokens of digits-for-letters within 80 characters. Product
 * codes and versions (`h264`, `gpt4o`, `mp3`) occur alone, not three to a phrase.
 */
function leetSentence(text: string): boolean {
  if (!ONE_LEET.test(text) || (text.match(DIGIT_AMONG_LETTERS)?.length ?? 0) < 3) return false;
  const starts = [...text.matchAll(LEET_TOKEN)].map((found) => found.index);
  for (let index = 2; index < starts.length; index += 1)
    if ((starts[index] as number) - (starts[index - 2] as number) <= 80) return true;
  return false;
}
const ONE_LEET = /[a-z][0134][a-z]/i;
const ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/;
const MENTIONS_REVERSAL = /backward|revers|sdrawkcab|esrever/i;
const LETTER = /\p{L}/u;
const LOWER = /\p{Ll}/u;

/**
 * How many line breaks fall inside a word, up to 3: a letter, a hyphen or a short line, the break, a lowercase
 * letter. Text wrapped at its width breaks long lines between words, and is not counted.
 */
function brokenWords(text: string): number {
  let count = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && count < 3; at = text.indexOf('\n', at + 1)) {
    let before = at - 1;
    while (before >= 0 && (text[before] === ' ' || text[before] === '\t' || text[before] === '\r'))
      before -= 1;
    const hyphen = text[before] === '-';
    if (hyphen) before -= 1;
    let after = at + 1;
    while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after += 1;
    if ((hyphen || at - lineStart <= 30) && LETTER.test(text[before] ?? '') && LOWER.test(text[after] ?? ''))
      count += 1;
    lineStart = at + 1;
  }
  return count;
}

/** The readings a text calls for, each with its kind; none for ordinary text. */
export function disguisedReadings(text: string): Array<{ kind: DisguiseKind; reading: string }> {
  if (text.length > 100_000) return [];
  const readings: Array<{ kind: DisguiseKind; reading: string }> = [];
  // Each disguise is looked for in full only where a cheap test (a character class, a native search) says it can be
  // there: ordinary text pays a few microseconds per KB for all six.
  const marks = STACKABLE.test(text) ? (text.match(COMBINING)?.length ?? 0) : 0;
  if (marks >= 8) {
    const latin = text.match(LATIN_LETTER)?.length ?? 0;
    // Zalgo and its kin: about one mark or more on every Latin letter (accented languages use precomposed letters).
    if (latin >= 8 && marks >= latin * 0.8)
      readings.push({ kind: 'marks', reading: text.normalize('NFD').replace(COMBINING, '') });
  }
  if (brokenWords(text) >= 3)
    readings.push({ kind: 'line-breaks', reading: text.replace(BROKEN_WORD, '$1$2') });
  if (leetSentence(text))
    readings.push({
      kind: 'leetspeak',
      reading: text.replace(LEET_TOKEN, (token) =>
        token.replace(/[013457@$]/g, (unit) => LEET[unit] ?? unit),
      ),
    });
  if (/[\u0531-\u058F]/.test(text)) {
    let changed = false;
    const reading = text.replace(MIXED_ARMENIAN, (word) => {
      changed = true;
      return [...word].map((unit) => ARMENIAN[unit] ?? unit).join('');
    });
    if (changed) readings.push({ kind: 'lookalikes', reading });
  }
  if (ODD_SPACE.test(text) && SPACED.test(text)) {
    SPACED.lastIndex = 0;
    readings.push({
      kind: 'spaced',
      reading: text.replace(SPACED, (run) =>
        run.replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ''),
      ),
    });
  }
  if (MENTIONS_REVERSAL.test(text) && BACKWARDS.test(text))
    readings.push({ kind: 'reversed', reading: [...text].reverse().join('') });
  return readings;
}
