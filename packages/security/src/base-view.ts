/**
 * @module
 * The base view: NFKC, lowercase, invisible characters removed, white space collapsed, each position mapped back
 * to the original. Most text takes native lowercasing; the rest the general path, character by character.
 */
import {
  fromCodes,
  NON_ASCII,
  normalisedOf,
  type TextView,
  WHITE,
  WHITE_ALL,
  withOrigins,
} from './text-view.js';

const LEADING_SPACE = /^[\t-\r ]+/;
// White space other than one plain space: collapsed to one space (a lone space is left alone, not rewritten).
// Written as "a control character, or a space before more", each branch starting with one class: 25 % faster.
const SPACE_RUN = /[\t-\r][\t-\r ]*| [\t-\r ]+/g;
// The runs that change positions: two characters or more (one control character becomes one space, in place).
// Reading only these is 4x faster than reading every run: most are a lone line break.
const LONG_SPACE_RUN = /[\t-\r ]{2,}/g;

/**
 * The base view: NFKC per character (full-width and styled letters become plain), lowercase, invisible and bidi
 * characters removed, runs of white space collapsed to one space. Positions map back to the original. ASCII, the
 * common case, takes a fast path on character codes (NFKC leaves it unchanged).
 */
export function baseView(original: string): TextView {
  if (!NON_ASCII.test(original)) return known(nativeView(original), false);
  // Most text outside ASCII (curly quotes, accents, most scripts) is normalised by native lowercasing too. The few
  // characters that are not ("…" is three dots under NFKC, a styled letter, a look-alike space) are replaced by
  // their normal form first; a text full of them takes the general path.
  const irregular = irregularUnits(original);
  if (irregular.length === 0) return known(nativeView(original), false);
  if (irregular.length * 4 > original.length) return baseViewWithOrigins(original);
  // Invisible characters are irregular: each normalises to nothing.
  let invisible = false;
  for (const position of irregular)
    if (normalisedOf(original.codePointAt(position) as number) === '') {
      invisible = true;
      break;
    }
  let spliced = '';
  let last = 0;
  for (const position of irregular) {
    const point = original.codePointAt(position) as number;
    spliced += original.slice(last, position) + normalisedOf(point).replace(WHITE_ALL, ' ');
    last = position + (point > 0xffff ? 2 : 1);
  }
  spliced += original.slice(last);
  return known(
    nativeView(spliced, {
      whole: () => splicedOrigins(original, irregular, spliced.length),
      one: spliceMap(original, irregular),
    }),
    invisible,
  );
}

// Whether the original of a base view had invisible characters, where building the view found out: kept on the
// view under a symbol of this module (a weak map's entry cost 1 µs a text to add).
const INVISIBLE = Symbol('invisible');
type Marked = TextView & { [INVISIBLE]?: boolean };
function known(view: TextView, invisible: boolean): TextView {
  (view as Marked)[INVISIBLE] = invisible;
  return view;
}

/**
 * Whether the text a base view was made from holds invisible or bidi control characters, when building the view
 * told (it reads every character outside ASCII anyway); `undefined` when it did not.
 */
export function invisibleIn(view: TextView): boolean | undefined {
  return (view as Marked)[INVISIBLE];
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
  // Split and joined rather than replaced: a global replace builds its result as a chain of two pieces per run
  // (a 100 KB text with 2,000 line breaks became a 4,000-piece string), which the first pattern to read it then
  // flattened, at 3.7 µs/KB; a join builds it flat.
  const text = source.toLowerCase().replace(LEADING_SPACE, '').split(SPACE_RUN).join(' ');
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
  LONG_SPACE_RUN.lastIndex = lead;
  for (let run = LONG_SPACE_RUN.exec(source); run; run = LONG_SPACE_RUN.exec(source)) {
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
const NON_ASCII_RUN = /[\u0080-\uffff]+/g;

/**
 * Where the units that native lowercasing does not normalise are (a surrogate pair counts once, at its first
 * half): a character NFKC changes, one that lowercases to more or by context, white space, invisible ones.
 */
function irregularUnits(original: string): number[] {
  const irregular: number[] = [];
  // Only the runs outside ASCII are read, found natively: mostly-English text has a few curly quotes.
  for (const run of original.matchAll(NON_ASCII_RUN))
    for (let index = run.index; index < run.index + run[0].length; index += 1) {
      const code = original.charCodeAt(index);
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
 * other run of it kept as its first character. The runs longer than one are found natively; between them
 * positions run on.
 */
function asciiOrigins(original: string): Int32Array {
  const lead = LEADING_SPACE.exec(original)?.[0].length ?? 0;
  const origin = new Int32Array(original.length - lead);
  let kept = 0;
  let from = lead;
  LONG_SPACE_RUN.lastIndex = lead;
  for (let run = LONG_SPACE_RUN.exec(original); run; run = LONG_SPACE_RUN.exec(original)) {
    for (let at = from; at < run.index; at += 1) origin[kept++] = at;
    origin[kept++] = run.index;
    from = run.index + run[0].length;
  }
  for (let at = from; at < original.length; at += 1) origin[kept++] = at;
  return origin.subarray(0, kept);
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
