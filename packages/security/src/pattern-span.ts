import { type Parser, skipClass } from './pattern-literals.js';

/** The largest quantifier multiplier after an atom: 1 without one, Infinity when unbounded. */
function maxRepeat(parser: Parser): number {
  const char = parser.source[parser.index];
  let max = 1;
  if (char === '?') max = 1;
  else if (char === '*' || char === '+') max = Number.POSITIVE_INFINITY;
  else if (char === '{') {
    const found = /^\{(\d+)(?:(,)(\d*))?\}/.exec(parser.source.slice(parser.index));
    if (!found) return 1;
    parser.index += found[0].length - 1;
    max = found[2] === undefined ? Number(found[1]) : found[3] ? Number(found[3]) : Number.POSITIVE_INFINITY;
  } else return 1;
  parser.index += 1;
  if (parser.source[parser.index] === '?') parser.index += 1;
  return max;
}

function spanOfSequence(parser: Parser): number {
  let total = 0;
  while (parser.index < parser.source.length) {
    const char = parser.source[parser.index] as string;
    if (char === '|' || char === ')') break;
    let atom = 2; // one character, which may be a surrogate pair
    if (char === '(') {
      parser.index += 1;
      const prefix = /^\?(?::|<?[=!]|<[A-Za-z]\w*>)/.exec(parser.source.slice(parser.index));
      if (prefix) parser.index += prefix[0].length;
      // A lookaround's reach counts too: it reads characters next to the match.
      atom = spanOfAlternation(parser);
      parser.index += 1;
    } else if (char === '[') skipClass(parser);
    else if (char === '\\') {
      const next = parser.source[parser.index + 1] ?? '';
      if (next === 'b' || next === 'B') atom = 0;
      if (next === 'p' || next === 'P') parser.index = parser.source.indexOf('}', parser.index) - 1;
      else if (next === 'u' && parser.source[parser.index + 2] === '{')
        parser.index = parser.source.indexOf('}', parser.index) - 1;
      else if (next === 'u') parser.index += 4;
      else if (next === 'x') parser.index += 2;
      parser.index += 2;
    } else if (char === '^' || char === '$') {
      // Anchored to the ends of the text: a window of it would move them.
      atom = Number.POSITIVE_INFINITY;
      parser.index += 1;
    } else if (char === '.') parser.index += 1;
    else {
      // A literal matches itself: exactly its own length (a case variant of a BMP letter is in the BMP too).
      atom = String.fromCodePoint(parser.source.codePointAt(parser.index) ?? 0).length;
      parser.index += atom;
    }
    total += atom * maxRepeat(parser);
  }
  return total;
}

function spanOfAlternation(parser: Parser): number {
  let longest = 0;
  for (;;) {
    longest = Math.max(longest, spanOfSequence(parser));
    if (parser.source[parser.index] !== '|') return longest;
    parser.index += 1;
  }
}

/**
 * How many UTF-16 units a match of `pattern`, with what its lookarounds read, can span at most (Infinity when a
 * quantifier is unbounded). A conservative bound: classes and `.` count as two units, literals as their length.
 */
export function maxMatchSpan(pattern: RegExp): number {
  const parser: Parser = { source: pattern.source, index: 0 };
  const span = spanOfAlternation(parser);
  return parser.index < parser.source.length ? Number.POSITIVE_INFINITY : span;
}
