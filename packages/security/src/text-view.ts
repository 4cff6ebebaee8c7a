/**
 * @module
 * What both views share: the view's shape, the characters that hide text, look-alike and leetspeak tables, and
 * per-unit tests (letter, separator, normal form) cached by code.
 */
/** A normalised view of a text: what the rules read, and where each of its characters came from. */
export interface TextView {
  readonly text: string;
  /** `origin[i]` is the index in the original text of `text[i]` (the whole map: built when first read). */
  readonly origin: Int32Array;
  /** `originOf(i)` is `origin[i]`, found without building the whole map where the view can (a finding needs two). */
  originOf(index: number): number;
  /**
   * Folded views only: the positions whose character was folded, or which became neighbours when a separator was
   * dropped between them. A rule that matches here but not in the base view matches near one of them.
   */
  readonly changed?: Int32Array;
}

// Zero-width characters, bidi controls, soft hyphen, word joiners, BOM and Unicode tag characters: they hide
// text from people but not from models. The combining grapheme joiner sits outside the class: a class cannot
// hold a combining mark on its own.
const INVISIBLE =
  /\u034f|[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff\u{e0000}-\u{e007f}]/u;

/** Every invisible character (global), for removal. */
export const INVISIBLE_CHARACTERS = new RegExp(INVISIBLE.source, 'gu');

// Latin look-alikes from Cyrillic and Greek (lowercase; applied after lowercasing).
export const CONFUSABLES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
};
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

/** Whether a text holds invisible or bidi control characters. */
export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE.test(text);
}

const LETTER = /\p{L}/u;
export const NON_ASCII = /[\u0080-\uffff]/;
const SEPARATOR = /[\s._\-*/]/;

// NFKC and lowercase of each non-ASCII character ('' if invisible): the same few recur, and a lookup is cheaper.
const NORMALISED = new Map<number, string>();
const NORMALISED_MAX = 20_000;
export const WHITE = /\s/u;
export const WHITE_ALL = /\s/gu;

export function normalisedOf(point: number): string {
  let normal = NORMALISED.get(point);
  if (normal === undefined) {
    const char = String.fromCodePoint(point);
    // The Turkish İ lowercases to "i" plus a combining dot, which would split every word it is in: plain "i".
    normal = INVISIBLE.test(char) ? '' : point === 0x130 ? 'i' : char.normalize('NFKC').toLowerCase();
    if (NORMALISED.size < NORMALISED_MAX) NORMALISED.set(point, normal);
  }
  return normal;
}

/** A view with its whole position map at hand. */
export function withOrigins(text: string, origin: Int32Array, changed?: Int32Array): TextView {
  return {
    text,
    origin,
    originOf: (index) => origin[index] as number,
    ...(changed ? { changed } : {}),
  };
}

// Non-ASCII letter or not, per UTF-16 unit: 0 not known yet, 1 letter, 2 not a letter. Filled on first sight.
const NON_ASCII_LETTER = new Uint8Array(65_536);

export function isLetterCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  let known = NON_ASCII_LETTER[code] as number;
  if (known === 0) {
    // A lone surrogate half counts as a letter: astral letters were mostly folded by NFKC already.
    known = (code >= 0xd800 && code <= 0xdfff) || LETTER.test(String.fromCharCode(code)) ? 1 : 2;
    NON_ASCII_LETTER[code] = known;
  }
  return known === 1;
}

/** The string of the first `count` UTF-16 units, built in chunks (an argument list has a size limit). */
export function fromCodes(codes: Uint16Array, count: number): string {
  let text = '';
  for (let start = 0; start < count; start += 8_192)
    text += String.fromCharCode.apply(
      null,
      codes.subarray(start, Math.min(count, start + 8_192)) as unknown as number[],
    );
  return text;
}

export function isSeparatorCode(code: number): boolean {
  if (code < 128)
    return (
      code === 32 ||
      (code >= 9 && code <= 13) ||
      code === 46 ||
      code === 95 ||
      code === 45 ||
      code === 42 ||
      code === 47
    );
  let known = NON_ASCII_SEPARATOR[code] as number;
  if (known === 0) {
    known = SEPARATOR.test(String.fromCharCode(code)) ? 1 : 2;
    NON_ASCII_SEPARATOR[code] = known;
  }
  return known === 1;
}
// Non-ASCII separator or not (white space other than ASCII's), per UTF-16 unit: 0 not known yet, 1 yes, 2 no.
const NON_ASCII_SEPARATOR = new Uint8Array(65_536);
