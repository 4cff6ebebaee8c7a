/** A normalised view of a text: what the rules read, and where each of its characters came from. */
export interface TextView {
  readonly text: string;
  /** `origin[i]` is the index in the original text of `text[i]`. */
  readonly origin: Int32Array;
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
const CONFUSABLES: Readonly<Record<string, string>> = {
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
const LEET: Readonly<Record<string, string>> = {
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
const NON_ASCII = /[\u0080-\uffff]/;
const LEADING_SPACE = /^[\t-\r ]+/;
const SPACE_RUN = /[\t-\r ]+/g;
const MAY_FOLD =
  /[\u0080-\uffff]|[a-z][013457@$!|][a-z]|[@$][a-z]|(?<![a-z])[a-z][\s._*/-][a-z][\s._*/-][a-z](?![a-z])/;
const SEPARATOR = /[\s._\-*/]/;

/**
 * The base view: NFKC per character (full-width and styled letters become plain), lowercase, invisible and bidi
 * characters removed, runs of white space collapsed to one space. Positions map back to the original. ASCII, the
 * common case, takes a fast path on character codes (NFKC leaves it unchanged).
 */
export function baseView(original: string): TextView {
  if (NON_ASCII.test(original)) return baseViewWithOrigins(original);
  // ASCII: NFKC changes nothing and nothing is invisible, so native lowercasing and one replace give the text.
  // The position map is only needed when a rule matches (rarely): it is built on first use.
  const text = original.toLowerCase().replace(LEADING_SPACE, '').replace(SPACE_RUN, ' ');
  let origin: Int32Array | undefined;
  return {
    text,
    get origin() {
      origin ??= baseViewWithOrigins(original).origin;
      return origin;
    },
  };
}

// NFKC and lowercase of each non-ASCII character ('' if invisible): the same few recur, and a lookup is cheaper.
const NORMALISED = new Map<number, string>();
const NORMALISED_MAX = 20_000;
const WHITE = /\s/u;

function normalisedOf(point: number): string {
  let normal = NORMALISED.get(point);
  if (normal === undefined) {
    const char = String.fromCodePoint(point);
    // The Turkish İ lowercases to "i" plus a combining dot, which would split every word it is in: plain "i".
    normal = INVISIBLE.test(char) ? '' : point === 0x130 ? 'i' : char.normalize('NFKC').toLowerCase();
    if (NORMALISED.size < NORMALISED_MAX) NORMALISED.set(point, normal);
  }
  return normal;
}

function baseViewWithOrigins(original: string): TextView {
  const length = original.length;
  // NFKC can lengthen a character (the ligature "ﬃ" is three letters): grow when needed.
  let out = new Uint16Array(length + 16);
  let origin = new Int32Array(length + 16);
  let kept = 0;
  const push = (code: number, at: number) => {
    if (kept === out.length) {
      const bigger = new Uint16Array(out.length * 2);
      bigger.set(out);
      out = bigger;
      const wider = new Int32Array(origin.length * 2);
      wider.set(origin);
      origin = wider;
    }
    out[kept] = code;
    origin[kept] = at;
    kept += 1;
  };
  let lastWasSpace = true;
  let index = 0;
  while (index < length) {
    const code = original.charCodeAt(index);
    if (code < 128) {
      if (code === 32 || (code >= 9 && code <= 13)) {
        if (!lastWasSpace) {
          push(32, index);
          lastWasSpace = true;
        }
      } else {
        push(code >= 65 && code <= 90 ? code + 32 : code, index);
        lastWasSpace = false;
      }
      index += 1;
      continue;
    }
    const at = index;
    const point = original.codePointAt(index) as number;
    index += point > 0xffff ? 2 : 1;
    const normal = normalisedOf(point);
    for (let piece = 0; piece < normal.length; piece += 1) {
      const unit = normal.charCodeAt(piece);
      if (unit === 32 || (unit >= 9 && unit <= 13) || (unit >= 128 && WHITE.test(normal[piece] as string))) {
        if (lastWasSpace) continue;
        push(32, at);
        lastWasSpace = true;
        continue;
      }
      push(unit, at);
      lastWasSpace = false;
    }
  }
  return { text: fromCodes(out, kept), origin: origin.slice(0, kept) };
}

// Non-ASCII letter or not, per UTF-16 unit: 0 not known yet, 1 letter, 2 not a letter. Filled on first sight.
const NON_ASCII_LETTER = new Uint8Array(65_536);

function isLetterCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  let known = NON_ASCII_LETTER[code] as number;
  if (known === 0) {
    // A lone surrogate half counts as a letter: astral letters were mostly folded by NFKC already.
    known = (code >= 0xd800 && code <= 0xdfff) || LETTER.test(String.fromCharCode(code)) ? 1 : 2;
    NON_ASCII_LETTER[code] = known;
  }
  return known === 1;
}

const CONFUSABLE_CODES = new Map(
  Object.entries(CONFUSABLES).map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]),
);
const LEET_CODES = new Map(Object.entries(LEET).map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]));

/** The string of the first `count` UTF-16 units, built in chunks (an argument list has a size limit). */
function fromCodes(codes: Uint16Array, count: number): string {
  let text = '';
  for (let start = 0; start < count; start += 8_192)
    text += String.fromCharCode.apply(
      null,
      codes.subarray(start, Math.min(count, start + 8_192)) as unknown as number[],
    );
  return text;
}

/**
 * The folded view, for obfuscated Latin text: look-alike letters and leetspeak folded to Latin letters, and
 * spaced-out letters ("i g n o r e", "i.g.n.o.r.e") joined. Built from the base view, on UTF-16 units in typed
 * arrays (it runs on most real text: one curly quote is enough to make it look). When nothing folds, the base
 * view itself comes back, so the rules do not read the same text twice.
 */
export function foldedView(base: TextView): TextView {
  // Most text is plain ASCII with nothing to fold: no look-alikes (non-ASCII), no leetspeak inside or before a
  // word, no three spaced-out single letters. Then the folded view is the base view.
  if (!MAY_FOLD.test(base.text)) return base;
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
  for (let index = 0; index < length; index += 1) {
    const code = chars[index] as number;
    let to: number | undefined;
    if (code >= 0x370) to = CONFUSABLE_CODES.get(code);
    else if (code < 128) {
      const leet = LEET_CODES.get(code);
      // Digits fold only inside words (between letters), so "Part 1 is" and prices stay as they are.
      if (leet !== undefined) {
        const before = index > 0 && letters[index - 1] === 1;
        const after = index + 1 < length && letters[index + 1] === 1;
        if ((before && after) || ((code === 64 || code === 36) && after)) to = leet;
      }
    }
    if (to !== undefined) {
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
  return { text: fromCodes(out, kept), origin: origin.slice(0, kept), changed: Int32Array.from(moved) };
}

function isSeparatorCode(code: number): boolean {
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
  return SEPARATOR.test(String.fromCharCode(code));
}

/** Whether the separator at `position` sits inside a run of spelled-out single letters. */
function isSpelled(chars: Uint16Array, letters: Uint8Array, position: number): boolean {
  if (letters[position - 1] !== 1 || letters[position + 1] !== 1) return false;
  // The letters on both sides must stand alone (a separator or the edge beyond them).
  if (letters[position - 2] === 1 || letters[position + 2] === 1) return false;
  // And the run must be long: count single letters around.
  let run = 0;
  for (let at = position - 1; at >= 0 && letters[at] === 1 && letters[at - 1] !== 1; at -= 2) {
    run += 1;
    if (at - 1 < 0 || !isSeparatorCode(chars[at - 1] as number)) break;
  }
  for (let at = position + 1; at < chars.length && letters[at] === 1 && letters[at + 1] !== 1; at += 2) {
    run += 1;
    if (at + 1 >= chars.length || !isSeparatorCode(chars[at + 1] as number)) break;
  }
  return run >= 4;
}
