/** A normalised view of a text: what the rules read, and where each of its characters came from. */
export interface TextView {
  readonly text: string;
  /** `origin[i]` is the index in the original text of `text[i]`. */
  readonly origin: Int32Array;
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

function isLetter(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return LETTER.test(char);
}

function isSeparator(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
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
  return SEPARATOR.test(char);
}

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

function baseViewWithOrigins(original: string): TextView {
  const out: string[] = [];
  const origin: number[] = [];
  let lastWasSpace = true;
  let index = 0;
  const length = original.length;
  while (index < length) {
    const code = original.charCodeAt(index);
    if (code < 128) {
      if (code === 32 || (code >= 9 && code <= 13)) {
        if (!lastWasSpace) {
          out.push(' ');
          origin.push(index);
          lastWasSpace = true;
        }
      } else {
        out.push(code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : (original[index] as string));
        origin.push(index);
        lastWasSpace = false;
      }
      index += 1;
      continue;
    }
    const at = index;
    const point = original.codePointAt(index) as number;
    const char = String.fromCodePoint(point);
    index += char.length;
    if (INVISIBLE.test(char)) continue;
    const normal = char.normalize('NFKC').toLowerCase();
    for (const piece of normal) {
      if (/\s/u.test(piece)) {
        if (lastWasSpace) continue;
        out.push(' ');
        origin.push(at);
        lastWasSpace = true;
        continue;
      }
      out.push(piece);
      origin.push(at);
      lastWasSpace = false;
    }
  }
  return { text: out.join(''), origin: Int32Array.from(origin) };
}

/**
 * The folded view, for obfuscated Latin text: look-alike letters and leetspeak folded to Latin letters, and
 * spaced-out letters ("i g n o r e", "i.g.n.o.r.e") joined. Built from the base view.
 */
export function foldedView(base: TextView): TextView {
  // Most text is plain ASCII with nothing to fold: no look-alikes (non-ASCII), no leetspeak inside or before a
  // word, no three spaced-out single letters. Then the folded view is the base view.
  if (!MAY_FOLD.test(base.text)) return base;
  const chars = Array.from(base.text);
  const letters = chars.map(isLetter);
  const folded = chars.map((char, position) => {
    const code = char.charCodeAt(0);
    if (code >= 0x370) {
      const confusable = CONFUSABLES[char];
      if (confusable) return confusable;
      return char;
    }
    const leet = LEET[char];
    if (!leet) return char;
    // Digits fold only inside words (between letters), so "Part 1 is" and prices stay as they are.
    if (letters[position - 1] && letters[position + 1]) return leet;
    if ((char === '@' || char === '$') && letters[position + 1]) return leet;
    return char;
  });
  // Folding can turn symbols into letters: recompute where it changed something.
  for (let position = 0; position < folded.length; position += 1) {
    if (folded[position] !== chars[position]) letters[position] = isLetter(folded[position]);
  }
  // Join runs of at least four single letters separated by one separator: "i g n o r e" -> "ignore".
  const out: string[] = [];
  const origin: number[] = [];
  for (let position = 0; position < folded.length; position += 1) {
    const char = folded[position] as string;
    if (isSeparator(char) && isSpelled(folded, letters, position)) continue;
    out.push(char);
    origin.push(base.origin[position] as number);
  }
  return { text: out.join(''), origin: Int32Array.from(origin) };
}

/** Whether the separator at `position` sits inside a run of spelled-out single letters. */
function isSpelled(chars: readonly string[], letters: readonly boolean[], position: number): boolean {
  const letter = (at: number) => letters[at] === true;
  const separator = (at: number) => isSeparator(chars[at]);
  if (!letter(position - 1) || !letter(position + 1)) return false;
  // The letters on both sides must stand alone (a separator or the edge beyond them).
  const aloneLeft = !letter(position - 2);
  const aloneRight = !letter(position + 2);
  if (!aloneLeft || !aloneRight) return false;
  // And the run must be long: count single letters around.
  let run = 0;
  for (let at = position - 1; at >= 0 && letter(at) && !letter(at - 1); at -= 2) {
    run += 1;
    if (!separator(at - 1)) break;
  }
  for (let at = position + 1; at < chars.length && letter(at) && !letter(at + 1); at += 2) {
    run += 1;
    if (!separator(at + 1)) break;
  }
  return run >= 4;
}
