/**
 * @module
 * Payloads hidden by encoding: base64, hex, URL-encoding, binary and Morse, and quoted fragments whose letters
 * interleave (Caesar shifts are in `caesar-shift.ts`). Everything here is linear in the length of the text.
 */

const MAX_DECODED = 16;

function printable(text: string): boolean {
  if (text.length < 8) return false;
  let letters = 0;
  for (const char of text) if (/[\p{L}\p{N}\s.,!?'"-]/u.test(char)) letters += 1;
  return letters / text.length > 0.85;
}

/** The readable start of a decoded payload, up to its first control or replacement character: 16 characters or more. */
function undamagedPrefix(decoded: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what marks the damage
  const damage = decoded.search(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/);
  const prefix = damage < 0 ? decoded : decoded.slice(0, damage);
  return prefix.length >= 16 && printable(prefix) ? prefix : undefined;
}

/** Encodings whose payloads are decoded and scanned. */
export type EncodingKind = 'base64' | 'hex' | 'url' | 'binary' | 'morse';

const MORSE: Readonly<Record<string, string>> = {
  '.-': 'a',
  '-...': 'b',
  '-.-.': 'c',
  '-..': 'd',
  '.': 'e',
  '..-.': 'f',
  '--.': 'g',
  '....': 'h',
  '..': 'i',
  '.---': 'j',
  '-.-': 'k',
  '.-..': 'l',
  '--': 'm',
  '-.': 'n',
  '---': 'o',
  '.--.': 'p',
  '--.-': 'q',
  '.-.': 'r',
  '...': 's',
  '-': 't',
  '..-': 'u',
  '...-': 'v',
  '.--': 'w',
  '-..-': 'x',
  '-.--': 'y',
  '--..': 'z',
  '-----': '0',
  '.----': '1',
  '..---': '2',
  '...--': '3',
  '....-': '4',
  '.....': '5',
  '-....': '6',
  '--...': '7',
  '---..': '8',
  '----.': '9',
};

function decodeMorse(value: string): string {
  return value
    .replaceAll('–', '-')
    .trim()
    .split(/[ \t]*\/[ \t]*|[ \t]{2,}/)
    .map((word) =>
      word
        .split(/[ \t]+/)
        .map((code) => MORSE[code] ?? '?')
        .join(''),
    )
    .join(' ');
}

// Base64 characters (and the URL-safe variant's), by ASCII char code.
const BASE64_CHAR = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-')
  BASE64_CHAR[char.charCodeAt(0)] = 1;
const isBase64 = (code: number) => code < 128 && BASE64_CHAR[code] === 1;
const BASE64_RUN = 16;

/**
 * Runs of 16 or more base64 characters (with up to two "=" after). Each window of 16 is read from its end
 * backwards: the first character that is not base64 lets the window jump past it, so prose is mostly skipped
 * (a pattern tried at each position, or a read of every character, costs more).
 */
export function base64Runs(text: string): Array<{ index: number; value: string }> {
  const runs: Array<{ index: number; value: string }> = [];
  let start = 0;
  while (start + BASE64_RUN <= text.length) {
    let at = start + BASE64_RUN - 1;
    while (at >= start && isBase64(text.charCodeAt(at))) at -= 1;
    if (at >= start) {
      start = at + 1;
      continue;
    }
    let end = start + BASE64_RUN;
    while (end < text.length && isBase64(text.charCodeAt(end))) end += 1;
    let padded = end;
    while (padded < text.length && padded - end < 2 && text.charCodeAt(padded) === 61) padded += 1;
    runs.push({ index: start, value: text.slice(start, padded) });
    start = end + 1;
  }
  return runs;
}

// Hex digits and what may stand between hex pairs, by ASCII char code.
const HEXISH = new Uint8Array(128);
for (const char of '0123456789abcdefABCDEF :') HEXISH[char.charCodeAt(0)] = 1;
const isHexish = (code: number) => code < 128 && HEXISH[code] === 1;
const HEX_RUN = 24;

/**
 * Whether a text has 24 hex digits, spaces or colons in a row: every match of the hex pattern (twelve pairs, at
 * most one separator between) does. Read like the base64 runs, each window from its end, jumping past the first
 * character that cannot be in one; prose is mostly skipped, where a pattern would try every position.
 */
export function hasHexRun(text: string): boolean {
  let start = 0;
  while (start + HEX_RUN <= text.length) {
    let at = start + HEX_RUN - 1;
    while (at >= start && isHexish(text.charCodeAt(at))) at -= 1;
    if (at < start) return true;
    start = at + 1;
  }
  return false;
}

// The binary pattern's gate: any of its matches holds eight binary digits.
const BINARY_BYTE = /[01]{8}/;

const URL_ESCAPE = /%[0-9a-fA-F]{2}/g;

/** How many times a global pattern matches, up to three. */
function countOf(text: string, pattern: RegExp): number {
  let count = 0;
  pattern.lastIndex = 0;
  while (count < 3 && pattern.exec(text)) count += 1;
  return count;
}

/** Encoded runs worth decoding: base64, hex, URL-encoding, binary and Morse, each with its span in the original. */
export function encodedRuns(
  text: string,
): Array<{ kind: EncodingKind; start: number; end: number; decoded: string }> {
  const runs: Array<{ kind: EncodingKind; start: number; end: number; decoded: string }> = [];
  const take = (
    kind: EncodingKind,
    found: Iterable<{ index: number; value: string }>,
    decode: (value: string) => string,
  ) => {
    for (const { index, value } of found) {
      if (runs.length >= MAX_DECODED) return;
      let decoded = '';
      try {
        decoded = decode(value);
      } catch {
        continue;
      }
      // A payload damaged part way (a character lost in a copy) still reads correctly up to the damage.
      const readable = printable(decoded) ? decoded : undamagedPrefix(decoded);
      if (readable) runs.push({ kind, start: index, end: index + value.length, decoded: readable });
    }
  };
  const scan = (kind: EncodingKind, pattern: RegExp, decode: (value: string) => string) =>
    take(
      kind,
      [...text.matchAll(pattern)].map((found) => ({ index: found.index ?? 0, value: found[0] })),
      decode,
    );
  if (hasHexRun(text))
    scan('hex', /\b(?:[0-9a-fA-F]{2}[ :]?){12,}/g, (value) =>
      Buffer.from(value.replace(/[ :]/g, ''), 'hex').toString('utf8'),
    );
  if (BINARY_BYTE.test(text))
    scan('binary', /\b(?:[01]{8}[ ,]?){4,}/g, (value) =>
      String.fromCharCode(...(value.match(/[01]{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2))),
    );
  if (/[.-]{2}/.test(text))
    scan('morse', /(?:[.\-–]{1,7}[ \t]{1,3}(?:\/[ \t]{1,3})?){4,}[.\-–]{1,7}/g, decodeMorse);
  take('base64', base64Runs(text), (value) => Buffer.from(value, 'base64').toString('utf8'));
  // URL-encoding: whole tokens with three or more %XX escapes. Tokens come from one linear pass over /\S+/g;
  // a pattern that searches for "%" inside a token would backtrack quadratically on long tokens without one.
  // Three escapes in the whole text at least (counted natively), before any token is read.
  if (text.includes('%') && countOf(text, URL_ESCAPE) >= 3) {
    for (const token of text.matchAll(/\S+/g)) {
      if (runs.length >= MAX_DECODED) break;
      if ((token[0].match(/%[0-9a-fA-F]{2}/g)?.length ?? 0) < 3) continue;
      let decoded = '';
      try {
        decoded = decodeURIComponent(token[0].replace(/^[^%]*?=/, ''));
      } catch {
        continue;
      }
      if (printable(decoded))
        runs.push({
          kind: 'url',
          start: token.index ?? 0,
          end: (token.index ?? 0) + token[0].length,
          decoded,
        });
    }
  }
  return runs;
}

const VOWELS = /[aeiouy]/gi;
const vowelShare = (text: string) => {
  const letters = text.replace(/[^a-z]/gi, '').length;
  return letters === 0 ? 0 : (text.match(VOWELS)?.length ?? 0) / letters;
};

/**
 * Two quoted fragments that read as words only when their letters are interleaved ("Cn o rvl" and "a yu eea"
 * give "Can you revela"): each fragment is nearly vowel-free, the interleaving has the vowel share of a language.
 * Looks at the first eight short quoted strings only.
 */
export function interleavedPair(text: string): { start: number; end: number; decoded: string } | undefined {
  const quoted: Array<{ value: string; start: number; end: number }> = [];
  for (const found of text.matchAll(/["“'«]([A-Za-z ]{4,40})["”'»]/g)) {
    quoted.push({ value: found[1] as string, start: found.index, end: found.index + found[0].length });
    if (quoted.length >= 8) break;
  }
  for (let index = 0; index + 1 < quoted.length; index += 1) {
    const [a, b] = [quoted[index], quoted[index + 1]] as [(typeof quoted)[0], (typeof quoted)[0]];
    if (Math.abs(a.value.length - b.value.length) > 1) continue;
    if (vowelShare(a.value) >= 0.25 && vowelShare(b.value) >= 0.25) continue;
    let decoded = '';
    for (let at = 0; at < Math.max(a.value.length, b.value.length); at += 1)
      decoded += (a.value[at] ?? '') + (b.value[at] ?? '');
    decoded = decoded.replace(/\s+/g, ' ').trim();
    if (decoded.split(' ').length >= 3 && vowelShare(decoded) >= 0.3)
      return { start: a.start, end: b.end, decoded };
  }
  return undefined;
}
