/**
 * @module
 * Spelled-out letters ("i g n o r e"): whether a separator joins a run of four or more single letters. Each check
 * counts at most four letters, so a run as long as the text stays linear.
 */
import { isLetterCode, isSeparatorCode } from './text-view.js';

/** Whether `text[index]` is a letter (false outside the text). */
export const letterAt = (text: string, index: number): boolean =>
  index >= 0 && index < text.length && isLetterCode(text.charCodeAt(index));

/** Whether a separator joins spelled-out letters: checked exactly where a (global) superset pattern matches. */
export function spacedOut(text: string, candidates: RegExp): boolean {
  const original = (index: number) => letterAt(text, index);
  for (const candidate of text.matchAll(candidates))
    for (let index = candidate.index; index < candidate.index + candidate[0].length; index += 1)
      if (isSeparatorCode(text.charCodeAt(index)) && joinsSpelled(text, index, original)) return true;
  return false;
}

/** Whether symbols folded to letters at `positions` leave a separator joining spelled-out single letters. */
export function spacedAfterFolding(text: string, positions: readonly number[]): boolean {
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
export function joinsSpelled(text: string, index: number, letter: (index: number) => boolean): boolean {
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

/** Whether the separator at `position` sits inside a run of spelled-out single letters. */
export function isSpelled(chars: Uint16Array, letters: Uint8Array, position: number): boolean {
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
