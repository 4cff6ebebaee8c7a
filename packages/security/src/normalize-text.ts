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

/**
 * The base view: NFKC per character (full-width and styled letters become plain), lowercase, invisible and bidi
 * characters removed, runs of white space collapsed to one space. Positions map back to the original.
 */
export function baseView(original: string): TextView {
  const out: string[] = [];
  const origin: number[] = [];
  let lastWasSpace = true;
  let index = 0;
  for (const char of original) {
    const at = index;
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
  const chars = [...base.text];
  const folded = chars.map((char, position) => {
    const confusable = CONFUSABLES[char];
    if (confusable) return confusable;
    const leet = LEET[char];
    // Digits fold only inside words (between letters), so "Part 1 is" and prices stay as they are.
    if (leet && /\p{L}/u.test(chars[position - 1] ?? '') && /\p{L}/u.test(chars[position + 1] ?? ''))
      return leet;
    if (leet && (char === '@' || char === '$') && /\p{L}/u.test(chars[position + 1] ?? '')) return leet;
    return char;
  });
  // Join runs of at least four single letters separated by one separator: "i g n o r e" -> "ignore".
  const out: string[] = [];
  const origin: number[] = [];
  for (let position = 0; position < folded.length; position += 1) {
    const char = folded[position] as string;
    const separator = /[\s._\-*/]/.test(char);
    if (separator && isSpelled(folded, position)) continue;
    out.push(char);
    origin.push(base.origin[position] as number);
  }
  return { text: out.join(''), origin: Int32Array.from(origin) };
}

/** Whether the separator at `position` sits inside a run of spelled-out single letters. */
function isSpelled(chars: readonly string[], position: number): boolean {
  const letter = (at: number) => /\p{L}/u.test(chars[at] ?? '');
  const separator = (at: number) => /[\s._\-*/]/.test(chars[at] ?? '');
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
