/**
 * Running the rules over a text's two views, fast: the prefilter skips rules whose required words are absent and
 * runs the others only around where those words are, and on the folded view a rule that failed on the base view
 * reads only around what folding changed. Every shortcut gives the same findings as running each rule over each whole view.
 */

import { CAESAR_SHIFTED_WORDS } from './decode-payloads.js';
import type { InjectionFinding } from './detect-prompt-injection.js';
import { INJECTION_RULES, type InjectionRule } from './injection-rules.js';
import { baseView, foldedView, invisibleIn, type TextView } from './normalize-text.js';
import { maxMatchSpan } from './pattern-span.js';
import { createRuleGate, type RulePlan, type StartRanges } from './rule-prefilter.js';
import { intersectWindows } from './start-windows.js';

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
function excused(rule: InjectionRule, text: string, first: number, length: number): boolean {
  if (!rule.unless) return false;
  let from = first;
  while (from > 0 && first - from < REACH && !isSentenceEnd(text.charCodeAt(from - 1))) from -= 1;
  let to = first + length;
  while (to < text.length && to - first - length < REACH && !isSentenceEnd(text.charCodeAt(to))) to += 1;
  return rule.unless.test(text.slice(from, to));
}

// A global copy of each rule's pattern, made when the rule first runs (compiling all 495 at load cost 165 ms, and
// most rules never run on a given text): windows and rules with counter-evidence read past a first match.
const GLOBAL = new WeakMap<InjectionRule, RegExp>();
const globalOf = (rule: InjectionRule) => {
  let scanner = GLOBAL.get(rule);
  if (!scanner) {
    scanner = new RegExp(rule.pattern.source, `${rule.pattern.flags}g`);
    GLOBAL.set(rule, scanner);
  }
  return scanner;
};

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

function finding(
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

// A sticky copy of each rule's pattern, for trying single start positions.
const STICKY = new WeakMap<InjectionRule, RegExp>();
const stickyOf = (rule: InjectionRule) => {
  let scanner = STICKY.get(rule);
  if (!scanner) {
    scanner = new RegExp(rule.pattern.source, `${rule.pattern.flags}y`);
    STICKY.set(rule, scanner);
  }
  return scanner;
};

// Measured on this kind of machine: trying one start position costs about 60 ns, a scanning pattern about 4.5 ns
// per character it passes. A scan past a window runs on until a match or `reach` beyond it; trying each start of
// a narrow window reads nothing past it.
const TRY_COST = 14;
// The most excused matches read per window before giving up on it (as `match` does over a whole view).
const TRIES = 8;

/**
 * Rule `index`'s first unexcused match starting in one of `regions` (in order and apart). Windows close together
 * are read in one scan (a scan from one would run on through the next anyway); a narrow window alone is read by
 * trying each of its starts.
 */
function matchNear(
  index: number,
  view: TextView,
  original: string,
  regions: StartRanges,
): InjectionFinding | undefined {
  const rule = INJECTION_RULES[index] as InjectionRule;
  const { text } = view;
  const reach = Math.min(SPANS[index] as number, text.length) + SLACK;
  let first = 0;
  while (first < regions.length) {
    // A cluster: the windows from `first` to `last`, each starting within `reach` of the one before's end.
    let last = first;
    let starts =
      (regions[first] as readonly [number, number])[1] - (regions[first] as readonly [number, number])[0] + 1;
    while (
      last + 1 < regions.length &&
      (regions[last + 1] as readonly [number, number])[0] <=
        (regions[last] as readonly [number, number])[1] + reach
    ) {
      last += 1;
      starts +=
        (regions[last] as readonly [number, number])[1] - (regions[last] as readonly [number, number])[0] + 1;
    }
    const from = (regions[first] as readonly [number, number])[0];
    const to = (regions[last] as readonly [number, number])[1];
    const found =
      starts * TRY_COST < to - from + reach
        ? tryStarts(rule, view, original, regions, first, last)
        : scanCluster(rule, view, original, regions, first, last, reach);
    if (found) return found;
    first = last + 1;
  }
  return undefined;
}

/** The first unexcused match starting in `regions[first..last]`, trying each start on its own. */
function tryStarts(
  rule: InjectionRule,
  view: TextView,
  original: string,
  regions: StartRanges,
  first: number,
  last: number,
): InjectionFinding | undefined {
  const scanner = stickyOf(rule);
  for (let region = first; region <= last; region += 1) {
    const [from, to] = regions[region] as readonly [number, number];
    let tries = 0;
    for (let start = from; start <= to && tries < TRIES; start += 1) {
      scanner.lastIndex = start;
      const found = scanner.exec(view.text);
      if (!found) continue;
      if (!excused(rule, view.text, start, found[0].length))
        return finding(rule, view, original, start, found[0].length);
      tries += 1;
    }
  }
  return undefined;
}

/** The first unexcused match starting in `regions[first..last]`, from one scan over a slice holding them all. */
function scanCluster(
  rule: InjectionRule,
  view: TextView,
  original: string,
  regions: StartRanges,
  first: number,
  last: number,
  reach: number,
): InjectionFinding | undefined {
  const { text } = view;
  const scanner = globalOf(rule);
  // The slice holds everything a match starting in a window, and its lookarounds, can read.
  const sliceStart = Math.max(0, (regions[first] as readonly [number, number])[0] - reach);
  const slice = text.slice(
    sliceStart,
    Math.min(text.length, (regions[last] as readonly [number, number])[1] + reach),
  );
  let region = first;
  let tries = 0;
  scanner.lastIndex = (regions[first] as readonly [number, number])[0] - sliceStart;
  for (;;) {
    const found = scanner.exec(slice);
    if (!found) return undefined;
    const start = found.index + sliceStart;
    // No match starts between where the scan began and `start`: windows ending before it are done.
    while (region <= last && (regions[region] as readonly [number, number])[1] < start) {
      region += 1;
      tries = 0;
    }
    if (region > last) return undefined;
    const [from] = regions[region] as readonly [number, number];
    if (start < from) {
      // Between windows: go on from the next one.
      scanner.lastIndex = from - sliceStart;
      continue;
    }
    if (!excused(rule, text, start, found[0].length))
      return finding(rule, view, original, start, found[0].length);
    tries += 1;
    if (tries >= TRIES) {
      region += 1;
      tries = 0;
      if (region > last) return undefined;
      scanner.lastIndex = Math.max(start + 1, (regions[region] as readonly [number, number])[0]) - sliceStart;
    } else scanner.lastIndex = found.index + 1;
  }
}

// Built-in rules run only where the prefilter says their required words are (the extra rules always run). The
// Caesar telltale words are found by the same pass.
const GATE = createRuleGate(INJECTION_RULES, CAESAR_SHIFTED_WORDS);
const WORD_UNIT = /\w/;

/** The first Caesar-shifted telltale word standing as a word in a base view, or `null`. */
function firstShiftedWord(plan: RulePlan, text: string): string | null {
  let first: number | undefined;
  let word: string | null = null;
  CAESAR_SHIFTED_WORDS.forEach((shifted, index) => {
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
  });
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
  return {
    findings,
    foldedOnly,
    shiftedWord: firstShiftedWord(onBase, base.text),
    invisible: invisibleIn(base),
  };
}

/** A built-in rule's first match in a view: where the prefilter says it may start, or anywhere. */
function run(
  index: number,
  view: TextView,
  original: string,
  starts: StartRanges | undefined,
): InjectionFinding | undefined {
  return starts
    ? matchNear(index, view, original, starts)
    : match(INJECTION_RULES[index] as InjectionRule, view, original);
}
