/**
 * @module
 * One rule against one view: its first match (past matches its counter-evidence excuses), as a finding whose
 * positions point into the original text.
 */

import type { InjectionFinding } from './detect-prompt-injection.js';
import type { InjectionRule } from './injection-rules.js';
import type { TextView } from './normalize-text.js';

/** The original text of a finding, cut at 120 characters. */
export function excerptOf(text: string, start: number, end: number): string {
  const slice = text.slice(start, Math.min(end, start + 120));
  return end - start > 120 ? `${slice}…` : slice;
}

// Where a sentence ends: . ! ? 。 ！ ？ । and a line break, by char code (a pattern per character costs 40 ns).
const isSentenceEnd = (code: number) =>
  code === 46 ||
  code === 33 ||
  code === 63 ||
  code === 10 ||
  code === 0x3002 ||
  code === 0xff01 ||
  code === 0xff1f ||
  code === 0x964;
const REACH = 160;

/** Whether the sentence around a match (up to 160 characters either side) holds the rule's counter-evidence. */
export function excused(rule: InjectionRule, text: string, first: number, length: number): boolean {
  if (!rule.unless) return false;
  let from = first;
  while (from > 0 && first - from < REACH && !isSentenceEnd(text.charCodeAt(from - 1))) from -= 1;
  let to = first + length;
  while (to < text.length && to - first - length < REACH && !isSentenceEnd(text.charCodeAt(to))) to += 1;
  return rule.unless.test(text.slice(from, to));
}

/**
 * A copy of each rule's pattern with one more flag, made when the rule first needs it (compiling all 495 at load
 * cost 165 ms, and most rules never run on a given text).
 */
function copiesWith(flag: 'g' | 'y'): (rule: InjectionRule) => RegExp {
  const copies = new WeakMap<InjectionRule, RegExp>();
  return (rule) => {
    let scanner = copies.get(rule);
    if (!scanner) {
      scanner = new RegExp(rule.pattern.source, `${rule.pattern.flags}${flag}`);
      copies.set(rule, scanner);
    }
    return scanner;
  };
}
// Global copies read past a first match (windows, rules with counter-evidence); sticky ones try one start.
export const globalOf = copiesWith('g');
export const stickyOf = copiesWith('y');

/** A rule's first (unexcused) match in a view, as a finding in the original text. */
export function match(rule: InjectionRule, view: TextView, original: string): InjectionFinding | undefined {
  if (!rule.unless) {
    const found = rule.pattern.exec(view.text);
    return found ? finding(rule, view, original, found.index, found[0].length) : undefined;
  }
  const scanner = globalOf(rule);
  scanner.lastIndex = 0;
  for (let tries = 0; tries < 8; tries += 1) {
    const found = scanner.exec(view.text);
    if (!found) return undefined;
    if (!excused(rule, view.text, found.index, found[0].length))
      return finding(rule, view, original, found.index, found[0].length);
    scanner.lastIndex = found.index + 1;
  }
  return undefined;
}

/** A match of a rule in a view, as a finding in the original text. */
export function finding(
  rule: InjectionRule,
  view: TextView,
  original: string,
  first: number,
  length: number,
): InjectionFinding {
  const last = Math.max(first, first + length - 1);
  const start = view.originOf(first);
  const end = view.originOf(Math.min(last, view.text.length - 1)) + 1;
  return {
    rule: rule.id,
    category: rule.category,
    excerpt: excerptOf(original, start, end),
    start,
    end,
    weight: rule.weight,
  };
}
