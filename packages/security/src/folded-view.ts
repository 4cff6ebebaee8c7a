/**
 * @module
 * The folded view, for obfuscated Latin text: look-alikes and leetspeak folded, spaced-out letters joined.
 */

import { CONFUSABLE_CODES, disguises, foldsAt } from './fold-context.js';
import { isSpelled, joinsSpelled, letterAt, spacedAfterFolding, spacedOut } from './spelled-letters.js';
import {
  fromCodes,
  isLetterCode,
  isSeparatorCode,
  LEET,
  NON_ASCII,
  type TextView,
  withOrigins,
} from './text-view.js';

// In ASCII text, folding can change something only where these match: a leetspeak symbol before a letter (then
// after one too, or "@"/"$"), or three spaced-out single letters. Three simple patterns run faster than one.
const LEET_BEFORE_LETTER = /[013457@$!|][a-z]/;
const LEET_IN_WORD = /[a-z][013457@$!|][a-z]|[@$][a-z]/;
// Three spaced letters, (?<![a-z])[a-z]S[a-z]S[a-z](?![a-z]) with S in [\s._*/-]: in ASCII text \s is [\t-\r ].
const SPACED_LETTERS = /(?<![a-z])[a-z][\t-\r ._*/-][a-z][\t-\r ._*/-][a-z](?![a-z])/;
// Its part from the first separator on, which V8 finds four times faster than the whole (a pattern that opens
// with a lookbehind is tried at each letter, \s is a Unicode class): each match is then checked for the letter
// before it and what stands before that.
const SPACED_FROM_SEPARATOR = /[\t-\r ._*/-][a-z][\t-\r ._*/-][a-z](?![a-z])/g;
const isLowerCode = (code: number) => code >= 97 && code <= 122;

/**
 * Whether ASCII text has three spaced-out single letters: what {@link SPACED_LETTERS} says (a test compares them).
 *
 * @example
 * hasSpacedLetters('please i g n o r e that'); // true
 * hasSpacedLetters('that is, i.e. this'); // false
 */
export function hasSpacedLetters(text: string): boolean {
  SPACED_FROM_SEPARATOR.lastIndex = 0;
  for (let found = SPACED_FROM_SEPARATOR.exec(text); found; found = SPACED_FROM_SEPARATOR.exec(text)) {
    const at = found.index;
    // charCodeAt before the start is NaN: no letter there.
    if (isLowerCode(text.charCodeAt(at - 1)) && !isLowerCode(text.charCodeAt(at - 2))) return true;
    // Matches may overlap ("a b c d"): look again from the next position.
    SPACED_FROM_SEPARATOR.lastIndex = at + 1;
  }
  return false;
}

const asciiMayFold = (text: string) =>
  (LEET_BEFORE_LETTER.test(text) && LEET_IN_WORD.test(text)) || hasSpacedLetters(text);

// ASCII classes, for the pass that decides whether a text folds at all: 1 letter, 2 leetspeak, 4 separator.
const ASCII_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const char = String.fromCharCode(code);
  ASCII_CLASS[code] =
    (/[a-z]/i.test(char) ? 1 : 0) | (char in LEET ? 2 : 0) | (isSeparatorCode(code) ? 4 : 0);
}

/** What folds in a text: each unit that folds and what to, and whether letters may be spaced out. */
interface Folds {
  readonly positions: number[];
  readonly targets: number[];
  /** A separator joins spelled-out single letters (after folding): the view drops it. */
  readonly spaced: boolean;
}

// Candidates for folding, found natively: a leetspeak symbol before a letter, a look-alike. And a superset of
// spaced-out letters in any script: a run of four single letters has two inside it, each between separators (a
// letter here is any unit but ASCII non-letters; a pattern reading \p{L} around each position costs 20 µs/KB).
// White space is ASCII only: the base view turned every other space into " ".
const LEET_CANDIDATE = /[013457@$!|](?=[\p{L}\uD800-\uDFFF])/gu;
// Every look-alike is Greek or Cyrillic: one range test says whether to look for them.
const GREEK_OR_CYRILLIC = /[\u0370-\u052f]/;
const GREEK_OR_CYRILLIC_RUN = /[\u0370-\u052f]+/g;
const SPACED_ANY =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII non-letters are exactly these ranges
  /[\t-\r ._*/-][^\u0000-\u0040\u005b-\u0060\u007b-\u007f][\t-\r ._*/-][^\u0000-\u0040\u005b-\u0060\u007b-\u007f][\t-\r ._*/-]/g;

const SPACED_LETTERS_ALL = new RegExp(SPACED_LETTERS.source, 'g');

/** {@link foldsOf} for text with no spaced-out letters: the units that fold, found by pattern, in order. */
function foldsByPattern(text: string, ascii: boolean): Folds | undefined {
  const found: Array<[number, number]> = [];
  const never = () => false;
  for (const candidate of text.matchAll(LEET_CANDIDATE)) {
    const to = foldsAt(text, candidate.index, text.charCodeAt(candidate.index), never);
    if (to !== 0) found.push([candidate.index, to]);
  }
  const symbols = found.length;
  if (!ascii) {
    const latin = disguises();
    // Look-alikes are Greek or Cyrillic: the runs of those scripts are found natively (one range, 1.8 µs per KB
    // with the look-ups; a pattern of the 40 look-alikes costs 4.8 to scan), and each unit in them looked up.
    if (GREEK_OR_CYRILLIC.test(text))
      for (const run of text.matchAll(GREEK_OR_CYRILLIC_RUN))
        for (let index = run.index; index < run.index + run[0].length; index += 1) {
          const code = text.charCodeAt(index);
          if (CONFUSABLE_CODES[code] === 0) continue;
          const to = foldsAt(text, index, code, latin);
          if (to !== 0) found.push([index, to]);
        }
    if (symbols > 0 && found.length > symbols) found.sort((a, b) => a[0] - b[0]);
  }
  if (found.length === 0) return undefined;
  const positions = found.map(([position]) => position);
  const targets = found.map(([, to]) => to);
  return { positions, targets, spaced: symbols > 0 && spacedAfterFolding(text, positions) };
}

/**
 * Which units fold and whether letters may be spaced out, in one pass on character codes; `undefined` when
 * nothing can change (most text).
 */
function foldsOf(text: string): Folds | undefined {
  // ASCII text: one regex says faster whether anything can (leetspeak between letters, `@`/`$` before one,
  // three spaced letters).
  const ascii = !NON_ASCII.test(text);
  if (ascii && !asciiMayFold(text)) return undefined;
  // No spaced-out letters: what folds is found by patterns (native scans), each hit checked as below.
  if (!spacedOut(text, ascii ? SPACED_LETTERS_ALL : SPACED_ANY)) return foldsByPattern(text, ascii);
  const latin = disguises();
  const original = (index: number) => letterAt(text, index);
  const positions: number[] = [];
  const targets: number[] = [];
  let spaced = false;
  let symbolFolded = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    let separator: boolean;
    if (code >= 128) {
      const to = foldsAt(text, index, code, latin);
      if (to !== 0) {
        positions.push(index);
        targets.push(to);
      }
      separator = to === 0 && isSeparatorCode(code);
    } else {
      const kind = ASCII_CLASS[code] as number;
      if (kind === 1 || kind === 0) continue;
      if ((kind & 2) !== 0) {
        const to = foldsAt(text, index, code, latin);
        if (to !== 0) {
          positions.push(index);
          targets.push(to);
          symbolFolded = true;
          continue;
        }
      }
      separator = (kind & 4) !== 0;
    }
    if (!spaced && separator && joinsSpelled(text, index, original)) spaced = true;
  }
  // A symbol folded to a letter changes which letters stand alone: look again around each, on the folded text.
  if (!spaced && symbolFolded) spaced = spacedAfterFolding(text, positions);
  return positions.length > 0 || spaced ? { positions, targets, spaced } : undefined;
}

/**
 * The folded view, for obfuscated Latin text: look-alike letters and leetspeak folded to Latin letters, and
 * spaced-out letters ("i g n o r e", "i.g.n.o.r.e") joined. Built from the base view, on UTF-16 units in typed
 * arrays. When nothing folds (one pass on character codes says so for most text), the base view itself comes back,
 * so the rules do not read the same text twice.
 */
export function foldedView(base: TextView): TextView {
  // Most text has nothing to fold: no look-alikes, no leetspeak inside or before a word, no spaced-out letters.
  const folds = foldsOf(base.text);
  if (!folds) return base;
  if (!folds.spaced) {
    // Units replaced one for one (an e-mail address's "@", a look-alike): same length, same origins.
    let text = '';
    let last = 0;
    folds.positions.forEach((position, at) => {
      text += base.text.slice(last, position) + String.fromCharCode(folds.targets[at] as number);
      last = position + 1;
    });
    text += base.text.slice(last);
    return sameOrigins(base, text, Int32Array.from(folds.positions));
  }
  return foldedByUnits(base);
}

/** A view of the same length as `base`, whose positions map back as the base view's do (when first asked). */
function sameOrigins(base: TextView, text: string, changed: Int32Array): TextView {
  return {
    text,
    changed,
    get origin() {
      return base.origin;
    },
    originOf: (index) => base.originOf(index),
  };
}

/**
 * The folded view built unit by unit on typed arrays: what {@link foldedView} gives whenever spaced-out letters
 * are to be joined (exported for the tests, which compare the two on every kind of text).
 */
export function foldedByUnits(base: TextView): TextView {
  const text = base.text;
  const length = text.length;
  const chars = new Uint16Array(length);
  const letters = new Uint8Array(length);
  for (let index = 0; index < length; index += 1) {
    const code = text.charCodeAt(index);
    chars[index] = code;
    letters[index] = isLetterCode(code) ? 1 : 0;
  }
  const folded = new Uint16Array(chars);
  let changed = false;
  const latin = disguises();
  for (let index = 0; index < length; index += 1) {
    const to = foldsAt(text, index, chars[index] as number, latin);
    if (to !== 0) {
      folded[index] = to;
      changed = true;
    }
  }
  // Folding can turn symbols into letters: recompute where it changed something.
  if (changed)
    for (let index = 0; index < length; index += 1)
      if (folded[index] !== chars[index]) letters[index] = isLetterCode(folded[index] as number) ? 1 : 0;
  // Join runs of at least four single letters separated by one separator: "i g n o r e" -> "ignore".
  const out = new Uint16Array(length);
  const origin = new Int32Array(length);
  const moved: number[] = [];
  let kept = 0;
  let dropped = false;
  for (let index = 0; index < length; index += 1) {
    const code = folded[index] as number;
    if (isSeparatorCode(code) && isSpelled(folded, letters, index)) {
      dropped = true;
      continue;
    }
    if (code !== chars[index]) moved.push(kept);
    else if (dropped && kept > 0) moved.push(kept - 1, kept);
    dropped = false;
    out[kept] = code;
    origin[kept] = base.origin[index] as number;
    kept += 1;
  }
  if (!changed && kept === length) return base;
  return withOrigins(fromCodes(out, kept), origin.slice(0, kept), Int32Array.from(moved));
}
