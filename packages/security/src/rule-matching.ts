/**
 * Running the rules over a text's two views, fast: the prefilter skips rules whose required words are absent and
 * runs the others only around where those words are, and on the folded view a rule that failed on the base view
 * reads only around what folding changed. Every shortcut gives the same findings as running each rule over each whole view.
 */

import { CAESAR_SHIFTED_WORDS } from './caesar-shift.js';
import type { InjectionFinding } from './detect-prompt-injection.js';
import { INJECTION_RULES, type InjectionRule } from './injection-rules.js';
import { matchInWindows } from './match-in-windows.js';
import { baseView, foldedView, invisibleIn, type TextView } from './normalize-text.js';
import { maxMatchSpan } from './pattern-span.js';
import { match } from './rule-match.js';
import { createRuleGate, type RulePlan, type StartRanges } from './rule-prefilter.js';
import { intersectWindows } from './start-windows.js';

export { excerptOf, match } from './rule-match.js';

// On the folded view, a rule that failed on the base view can only match near a position folding changed. Rules
// whose matches (with what their lookarounds read) span at most WINDOW characters are run on windows around those
// positions only; the others, and rules that run on the folded view alone, read where the prefilter says.
const WINDOW = 400;
const SPANS = INJECTION_RULES.map((injectionRule) => maxMatchSpan(injectionRule.pattern));
// What a rule reads past its span: `\b` looks one character beyond a match and counts nothing in the span.
const SLACK = 4;

/** Where a folded-only match can start: within `reach` of each changed position, merged. */
function startRegions(changed: Int32Array, reach: number): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  for (const position of changed) {
    const from = position - reach;
    const to = position + reach;
    const last = regions.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else regions.push([Math.max(0, from), to]);
  }
  return regions;
}

// Built-in rules run only where the prefilter says their required words are (the extra rules always run). The
// Caesar telltale words are found by the same pass.
// Names of a shift, found by the same pass: a text that names none needs no second look for one.
const SHIFT_NAMES = ['rot13', 'rot-13', 'caesar'];
const GATE = createRuleGate(INJECTION_RULES, [...CAESAR_SHIFTED_WORDS, ...SHIFT_NAMES]);
const WORD_UNIT = /\w/;

/**
 * The first Caesar-shifted telltale word standing as a word in a base view, or `null`, from the extra strings the
 * plan found (looking only at those: asking for each of the 175 cost 2 µs a text).
 */
function firstShiftedWord(plan: RulePlan, extras: readonly number[], text: string): string | null {
  let first: number | undefined;
  let word: string | null = null;
  for (const index of extras) {
    if (index >= CAESAR_SHIFTED_WORDS.length) break;
    const shifted = CAESAR_SHIFTED_WORDS[index] as string;
    for (const position of plan.extra(index)) {
      if (first !== undefined && position >= first) break;
      const end = position + shifted.length;
      if (
        (position === 0 || !WORD_UNIT.test(text[position - 1] as string)) &&
        (end === text.length || !WORD_UNIT.test(text[end] as string))
      ) {
        first = position;
        word = shifted;
        break;
      }
    }
  }
  return word;
}

/** Every rule's first match in the base and folded views of a text; `foldedOnly` when folding was needed. */
export function rulesFindings(
  text: string,
  rules: readonly InjectionRule[],
): {
  findings: InjectionFinding[];
  foldedOnly: boolean;
  shiftedWord: string | null;
  /** Whether the text may name rot13 or a Caesar cipher (its base view does). */
  shiftNamed: boolean;
  invisible: boolean | undefined;
} {
  const base = baseView(text);
  const folded = foldedView(base);
  // Plain text folds to itself: a rule that already failed on the base view would fail again.
  const same = folded === base;
  const onBase = GATE.plan(base.text);
  // A folded-only match of a rule spanning at most WINDOW starts within WINDOW of a changed position: the folded
  // view is searched for required words only there (from WINDOW before to two WINDOWs after each).
  const near = !same && folded.changed ? startRegions(folded.changed, WINDOW) : undefined;
  let onFolded: RulePlan | undefined;
  let wholeFolded: RulePlan | undefined;
  const findings: InjectionFinding[] = [];
  let foldedOnly = false;
  // Text that folds to itself needs only the rules the prefilter lets through (and the extra ones); otherwise
  // every rule may still match on the folded view.
  const order = same ? [...onBase.candidates] : rules.map((_, index) => index);
  if (same) for (let index = INJECTION_RULES.length; index < rules.length; index += 1) order.push(index);
  for (const index of order) {
    const rule = rules[index] as InjectionRule;
    const gated = index < INJECTION_RULES.length;
    if (rule.view !== 'folded') {
      const found = !gated
        ? match(rule, base, text)
        : onBase.may(index)
          ? run(index, base, text, onBase.starts(index))
          : undefined;
      if (found) {
        findings.push(found);
        continue;
      }
    }
    if (rule.view === 'base' || (same && rule.view !== 'folded')) continue;
    let found: InjectionFinding | undefined;
    const span = SPANS[index] as number;
    if (!gated) found = match(rule, folded, text);
    else if (same || rule.view === 'folded' || !near) {
      // The folded view alone (or a view that folds to itself): every required word counts.
      wholeFolded ??= same ? onBase : GATE.plan(folded.text);
      const whole = wholeFolded;
      if (whole.may(index)) found = run(index, folded, text, whole.starts(index));
    } else if (span <= WINDOW) {
      onFolded ??= GATE.plan(
        folded.text,
        near.map(([from, to]) => [from - SLACK, to + WINDOW + SLACK] as const),
      );
      if (!onFolded.may(index)) continue;
      found = run(
        index,
        folded,
        text,
        intersectWindows(onFolded.starts(index) ?? [[0, folded.text.length]], near),
      );
    } else {
      // Longer rules read around the changed positions as far as they reach (unbounded ones, everywhere).
      const changed = folded.changed as Int32Array;
      found = run(
        index,
        folded,
        text,
        Number.isFinite(span) ? startRegions(changed, span + SLACK) : undefined,
      );
    }
    if (found) {
      findings.push(found);
      foldedOnly = true;
    }
  }
  const extras = onBase.extrasFound();
  return {
    findings,
    foldedOnly,
    shiftedWord: firstShiftedWord(onBase, extras, base.text),
    shiftNamed: extras.some((index) => index >= CAESAR_SHIFTED_WORDS.length),
    invisible: invisibleIn(base),
  };
}

/**
 * The first match of each of the first `count` built-in rules in a view, in rule order, each read only where the
 * prefilter says it may match: what {@link match} gives for each rule over the whole view.
 *
 * @example
 * firstMatchesOf(baseView('ignore all previous instructions'), text, 60); // [{ rule: 'override.ignore-previous', … }]
 */
export function firstMatchesOf(view: TextView, original: string, count: number): InjectionFinding[] {
  const plan = GATE.plan(view.text);
  const findings: InjectionFinding[] = [];
  for (const index of plan.candidates) {
    if (index >= count) break;
    const found = run(index, view, original, plan.starts(index));
    if (found) findings.push(found);
  }
  return findings;
}

/** A built-in rule's first match in a view: where the prefilter says it may start, or anywhere. */
function run(
  index: number,
  view: TextView,
  original: string,
  starts: StartRanges | undefined,
): InjectionFinding | undefined {
  const rule = INJECTION_RULES[index] as InjectionRule;
  return starts
    ? matchInWindows(rule, view, original, starts, Math.min(SPANS[index] as number, view.text.length) + SLACK)
    : match(rule, view, original);
}
