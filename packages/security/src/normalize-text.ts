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
// White space other than one plain space: collapsed to one space (a lone space is left alone, not rewritten).
const SPACE_RUN = /[\t-\r ]{2,}|[\t-\r]/g;
const SPACE_RUN_ALL = new RegExp(SPACE_RUN.source, 'g');
// In ASCII text, folding can change something only where these match: a leetspeak symbol before a letter (then
// after one too, or "@"/"$"), or three spaced-out single letters. Three simple patterns run faster than one.
const LEET_BEFORE_LETTER = /[013457@$!|][a-z]/;
const LEET_IN_WORD = /[a-z][013457@$!|][a-z]|[@$][a-z]/;
const SPACED_LETTERS = /(?<![a-z])[a-z][\s._*/-][a-z][\s._*/-][a-z](?![a-z])/;
const asciiMayFold = (text: string) =>
  (LEET_BEFORE_LETTER.test(text) && LEET_IN_WORD.test(text)) || SPACED_LETTERS.test(text);
const SEPARATOR = /[\s._\-*/]/;

/**
 * The base view: NFKC per character (full-width and styled letters become plain), lowercase, invisible and bidi
 * characters removed, runs of white space collapsed to one space. Positions map back to the original. ASCII, the
 * common case, takes a fast path on character codes (NFKC leaves it unchanged).
 */
export function baseView(original: string): TextView {
  if (!NON_ASCII.test(original)) return nativeView(original);
  // Most text outside ASCII (curly quotes, accents, most scripts) is normalised by native lowercasing too. The few
  // characters that are not ("…" is three dots under NFKC, a styled letter, a look-alike space) are replaced by
  // their normal form first; a text full of them takes the general path.
  const irregular = irregularUnits(original);
  if (irregular.length === 0) return nativeView(original);
  if (irregular.length * 4 > original.length) return baseViewWithOrigins(original);
  let spliced = '';
  let last = 0;
  for (const position of irregular) {
    const point = original.codePointAt(position) as number;
    spliced += original.slice(last, position) + normalisedOf(point).replace(WHITE_ALL, ' ');
    last = position + (point > 0xffff ? 2 : 1);
  }
  spliced += original.slice(last);
  return nativeView(spliced, {
    whole: () => splicedOrigins(original, irregular, spliced.length),
    one: spliceMap(original, irregular),
  });
}

/** How positions in a spliced text map back: the whole map, or one position at a time. */
interface Splice {
  readonly whole: () => Int32Array;
  readonly one: (index: number) => number;
}

/**
 * The base view by native lowercasing and one replace, for text whose every character that lowercasing does not
 * normalise was replaced already. Positions map back through the white-space runs that were collapsed (found
 * natively, when a finding first needs a position), and through `splice` when the source was spliced.
 */
function nativeView(source: string, splice?: Splice): TextView {
  const text = source.toLowerCase().replace(LEADING_SPACE, '').replace(SPACE_RUN, ' ');
  let origin: Int32Array | undefined;
  let toSource: ((index: number) => number) | undefined;
  return {
    text,
    get origin() {
      if (!origin) {
        const own = asciiOrigins(source);
        if (splice) {
          const through = splice.whole();
          for (let index = 0; index < own.length; index += 1)
            own[index] = through[own[index] as number] as number;
        }
        origin = own;
      }
      return origin;
    },
    originOf(index) {
      if (origin) return origin[index] as number;
      toSource ??= collapsedRuns(source);
      const at = toSource(index);
      return splice ? splice.one(at) : at;
    },
  };
}

/** The index of the last element of a sorted array at most `value` (-1 if none). */
function lastAtMost(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Where a position of the view of `source` came from, by the white-space runs collapsed to one space: each run's
 * position in the view and how many characters were dropped up to it.
 */
function collapsedRuns(source: string): (index: number) => number {
  const lead = LEADING_SPACE.exec(source)?.[0].length ?? 0;
  const at: number[] = [];
  const dropped: number[] = [];
  let total = 0;
  SPACE_RUN_ALL.lastIndex = lead;
  for (let run = SPACE_RUN_ALL.exec(source); run; run = SPACE_RUN_ALL.exec(source)) {
    at.push(run.index - lead - total);
    total += run[0].length - 1;
    dropped.push(total);
  }
  // A position maps past the runs before it; a run's own space maps to the run's first character.
  return (index) => {
    const run = lastAtMost(at, index - 1);
    return index + lead + (run < 0 ? 0 : (dropped[run] as number));
  };
}

/** Where a position of a spliced text came from: a replacement's units from the character it replaced. */
function spliceMap(original: string, irregular: readonly number[]): (index: number) => number {
  const starts: number[] = [];
  const pieces: number[] = [];
  let shift = 0;
  for (const position of irregular) {
    const point = original.codePointAt(position) as number;
    const length = normalisedOf(point).length;
    starts.push(position + shift);
    pieces.push(length);
    shift += length - (point > 0xffff ? 2 : 1);
  }
  return (index) => {
    const piece = lastAtMost(starts, index);
    if (piece < 0) return index;
    const start = starts[piece] as number;
    const position = irregular[piece] as number;
    if (index < start + (pieces[piece] as number)) return position;
    const width = (original.codePointAt(position) as number) > 0xffff ? 2 : 1;
    return position + width + (index - start - (pieces[piece] as number));
  };
}

/** Where each unit of a spliced text came from: each replacement's units from the character it replaced. */
function splicedOrigins(original: string, irregular: readonly number[], length: number): Int32Array {
  const origin = new Int32Array(length);
  let kept = 0;
  let last = 0;
  for (const position of irregular) {
    for (let at = last; at < position; at += 1) origin[kept++] = at;
    const point = original.codePointAt(position) as number;
    const pieces = normalisedOf(point).length;
    for (let piece = 0; piece < pieces; piece += 1) origin[kept++] = position;
    last = position + (point > 0xffff ? 2 : 1);
  }
  for (let at = last; at < original.length; at += 1) origin[kept++] = at;
  return origin;
}

// Per UTF-16 unit outside ASCII: 0 not known yet, 1 native lowercasing gives its normal form (one unit, not white
// space, not invisible), 2 it does not (or a surrogate half, or the final-sigma Σ that lowercases by context).
const LOWERCASES_NORMALLY = new Uint8Array(65_536);

/**
 * Where the units that native lowercasing does not normalise are (a surrogate pair counts once, at its first
 * half): a character NFKC changes, one that lowercases to more or by context, white space, invisible ones.
 */
function irregularUnits(original: string): number[] {
  const irregular: number[] = [];
  for (let index = 0; index < original.length; index += 1) {
    const code = original.charCodeAt(index);
    if (code < 128) continue;
    let known = LOWERCASES_NORMALLY[code] as number;
    if (known === 0) {
      const normal = code >= 0xd800 && code <= 0xdfff ? '' : normalisedOf(code);
      const lower = String.fromCharCode(code).toLowerCase();
      known = normal.length === 1 && normal === lower && code !== 0x3a3 && !WHITE.test(normal) ? 1 : 2;
      LOWERCASES_NORMALLY[code] = known;
    }
    if (known === 2) {
      irregular.push(index);
      if (code >= 0xd800 && code <= 0xdbff && (original.charCodeAt(index + 1) & 0xfc00) === 0xdc00)
        index += 1;
    }
  }
  return irregular;
}

/**
 * Where each character of a natively lowercased text's base view came from: leading white space dropped, each
 * other run of it kept as its first character. The runs are found natively; between them positions run on.
 */
function asciiOrigins(original: string): Int32Array {
  const lead = LEADING_SPACE.exec(original)?.[0].length ?? 0;
  const origin = new Int32Array(original.length - lead);
  let kept = 0;
  let from = lead;
  SPACE_RUN_ALL.lastIndex = lead;
  for (let run = SPACE_RUN_ALL.exec(original); run; run = SPACE_RUN_ALL.exec(original)) {
    for (let at = from; at < run.index; at += 1) origin[kept++] = at;
    origin[kept++] = run.index;
    from = run.index + run[0].length;
  }
  for (let at = from; at < original.length; at += 1) origin[kept++] = at;
  return origin.subarray(0, kept);
}

// NFKC and lowercase of each non-ASCII character ('' if invisible): the same few recur, and a lookup is cheaper.
const NORMALISED = new Map<number, string>();
const NORMALISED_MAX = 20_000;
const WHITE = /\s/u;
const WHITE_ALL = /\s/gu;

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

/** A view with its whole position map at hand. */
function withOrigins(text: string, origin: Int32Array, changed?: Int32Array): TextView {
  return {
    text,
    origin,
    originOf: (index) => origin[index] as number,
    ...(changed ? { changed } : {}),
  };
}

/** The base view by the general path: NFKC per character, with the position map built as it goes. */
export function baseViewWithOrigins(original: string): TextView {
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
  return withOrigins(fromCodes(out, kept), origin.slice(0, kept));
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

// Per UTF-16 unit, what it folds to (0: itself): look-alikes at any position, leetspeak (ASCII) inside words.
const CONFUSABLE_CODES = new Uint16Array(65_536);
for (const [from, to] of Object.entries(CONFUSABLES)) CONFUSABLE_CODES[from.charCodeAt(0)] = to.charCodeAt(0);
const LEET_CODES = new Uint8Array(128);
for (const [from, to] of Object.entries(LEET)) LEET_CODES[from.charCodeAt(0)] = to.charCodeAt(0);

/**
 * Whether a look-alike at `index` stands for a Latin letter: its word (the run of letters around it) has a Latin
 * letter too ("іgnоrе" with Cyrillic і, о, е) or is made of look-alikes only ("рор"). A Greek or Russian word has
 * letters of its own and stays as it is. Asked in increasing order of `index`, each word is read once.
 */
function disguises(): (text: string, index: number) => boolean {
  let wordEnd = -1;
  let answer = false;
  return (text, index) => {
    if (index < wordEnd) return answer;
    let start = index;
    while (start > 0 && isLetterCode(text.charCodeAt(start - 1))) start -= 1;
    let latin = false;
    let ownLetters = false;
    let end = start;
    for (; end < text.length; end += 1) {
      const code = text.charCodeAt(end);
      if (!isLetterCode(code)) break;
      if (code < 128) latin = true;
      else if (code < 0x370 || CONFUSABLE_CODES[code] === 0) ownLetters = true;
    }
    wordEnd = end;
    answer = latin || !ownLetters;
    return answer;
  };
}

/**
 * What the unit at `index` folds to (0: itself): a look-alike in a disguised Latin word, or a leetspeak symbol
 * inside (or `@`/`$` before) a word.
 */
function foldsAt(
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
  if (code === 64 || code === 36) return leet;
  return index > 0 && isLetterCode(text.charCodeAt(index - 1)) ? leet : 0;
}

// ASCII classes, for the pass that decides whether a text folds at all: 1 letter, 2 leetspeak, 4 separator.
const ASCII_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const char = String.fromCharCode(code);
  ASCII_CLASS[code] =
    (/[a-z]/i.test(char) ? 1 : 0) | (char in LEET ? 2 : 0) | (isSeparatorCode(code) ? 4 : 0);
}
const letterAt = (text: string, index: number): boolean =>
  index >= 0 && index < text.length && isLetterCode(text.charCodeAt(index));

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
const CONFUSABLE_CANDIDATE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');
const SPACED_ANY =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII non-letters are exactly these ranges
  /[\t-\r ._*/-][^\u0000-\u0040\u005b-\u0060\u007b-\u007f][\t-\r ._*/-][^\u0000-\u0040\u005b-\u0060\u007b-\u007f][\t-\r ._*/-]/g;

const SPACED_LETTERS_ALL = new RegExp(SPACED_LETTERS.source, 'g');

/** Whether a separator joins spelled-out letters: checked exactly where a (global) superset pattern matches. */
function spacedOut(text: string, candidates: RegExp): boolean {
  const original = (index: number) => letterAt(text, index);
  for (const candidate of text.matchAll(candidates))
    for (let index = candidate.index; index < candidate.index + candidate[0].length; index += 1)
      if (isSeparatorCode(text.charCodeAt(index)) && joinsSpelled(text, index, original)) return true;
  return false;
}

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
    for (const candidate of GREEK_OR_CYRILLIC.test(text) ? text.matchAll(CONFUSABLE_CANDIDATE) : []) {
      const to = foldsAt(text, candidate.index, text.charCodeAt(candidate.index), latin);
      if (to !== 0) found.push([candidate.index, to]);
    }
    if (symbols > 0 && found.length > symbols) found.sort((a, b) => a[0] - b[0]);
  }
  if (found.length === 0) return undefined;
  const positions = found.map(([position]) => position);
  const targets = found.map(([, to]) => to);
  return { positions, targets, spaced: symbols > 0 && spacedAfterFolding(text, positions) };
}

/** Whether symbols folded to letters at `positions` leave a separator joining spelled-out single letters. */
function spacedAfterFolding(text: string, positions: readonly number[]): boolean {
  const folded = new Set(positions);
  const letter = (index: number) => folded.has(index) || letterAt(text, index);
  for (const position of positions)
    for (let index = position - 2; index <= position + 2; index += 1)
      if (index >= 0 && index < text.length && isSeparatorCode(text.charCodeAt(index)))
        if (joinsSpelled(text, index, letter)) return true;
  return false;
}

/**
 * Whether the separator at `index` joins a run of four or more spelled-out single letters, by the letter test
 * given (as {@link isSpelled} decides on the folded units).
 */
function joinsSpelled(text: string, index: number, letter: (index: number) => boolean): boolean {
  if (!letter(index - 1) || !letter(index + 1) || letter(index - 2) || letter(index + 2)) return false;
  const separator = (at: number) => at >= 0 && at < text.length && isSeparatorCode(text.charCodeAt(at));
  // Counting stops at four: reading a whole run from each of its separators would be quadratic.
  let run = 0;
  for (let at = index - 1; run < 4 && letter(at) && !letter(at - 1); at -= 2) {
    run += 1;
    if (!separator(at - 1)) break;
  }
  for (let at = index + 1; run < 4 && letter(at) && !letter(at + 1); at += 2) {
    run += 1;
    if (!separator(at + 1)) break;
  }
  return run >= 4;
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
  let known = NON_ASCII_SEPARATOR[code] as number;
  if (known === 0) {
    known = SEPARATOR.test(String.fromCharCode(code)) ? 1 : 2;
    NON_ASCII_SEPARATOR[code] = known;
  }
  return known === 1;
}
// Non-ASCII separator or not (white space other than ASCII's), per UTF-16 unit: 0 not known yet, 1 yes, 2 no.
const NON_ASCII_SEPARATOR = new Uint8Array(65_536);

/** Whether the separator at `position` sits inside a run of spelled-out single letters. */
function isSpelled(chars: Uint16Array, letters: Uint8Array, position: number): boolean {
  if (letters[position - 1] !== 1 || letters[position + 1] !== 1) return false;
  // The letters on both sides must stand alone (a separator or the edge beyond them).
  if (letters[position - 2] === 1 || letters[position + 2] === 1) return false;
  // And the run must be long: count single letters around, up to four (counting a whole run from each of its
  // separators would be quadratic: "a b a b …" a megabyte long took minutes).
  let run = 0;
  for (let at = position - 1; run < 4 && at >= 0 && letters[at] === 1 && letters[at - 1] !== 1; at -= 2) {
    run += 1;
    if (at - 1 < 0 || !isSeparatorCode(chars[at - 1] as number)) break;
  }
  for (
    let at = position + 1;
    run < 4 && at < chars.length && letters[at] === 1 && letters[at + 1] !== 1;
    at += 2
  ) {
    run += 1;
    if (at + 1 >= chars.length || !isSeparatorCode(chars[at + 1] as number)) break;
  }
  return run >= 4;
}
