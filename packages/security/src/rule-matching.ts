/**
 * Running the rules over a text's two views, fast: the trigram gate skips rules whose required words are absent,
 * long texts are gated per chunk, and on the folded view a rule that failed on the base view reads only around
 * what folding changed. Every shortcut gives the same findings as running each rule over each whole view.
 */
import type { InjectionFinding } from './detect-prompt-injection.js';
import { INJECTION_RULES, type InjectionRule } from './injection-rules.js';
import { baseView, foldedView, type TextView } from './normalize-text.js';
import { maxMatchSpan } from './pattern-span.js';
import { createRuleGate } from './rule-prefilter.js';

/** The original text of a finding, cut at 120 characters. */
export function excerptOf(text: string, start: number, end: number): string {
  const slice = text.slice(start, Math.min(end, start + 120));
  return end - start > 120 ? `${slice}…` : slice;
}

const SENTENCE_END = /[.!?。！？।\n]/;
const REACH = 160;

/** Whether the sentence around a match (up to 160 characters either side) holds the rule's counter-evidence. */
function excused(rule: InjectionRule, text: string, first: number, length: number): boolean {
  if (!rule.unless) return false;
  let from = first;
  while (from > 0 && first - from < REACH && !SENTENCE_END.test(text[from - 1] as string)) from -= 1;
  let to = first + length;
  while (to < text.length && to - first - length < REACH && !SENTENCE_END.test(text[to] as string)) to += 1;
  return rule.unless.test(text.slice(from, to));
}

// Rules with counter-evidence look past an excused match: a global copy of the pattern per rule.
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
  const start = view.origin[first] ?? 0;
  const end = (view.origin[Math.min(last, view.origin.length - 1)] ?? start) + 1;
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
// positions only; the others, and rules that run on the folded view alone, read the whole view.
const WINDOW = 400;
const SPANS = INJECTION_RULES.map((injectionRule) => maxMatchSpan(injectionRule.pattern));
const SCANNERS = INJECTION_RULES.map(
  (injectionRule) => new RegExp(injectionRule.pattern.source, `${injectionRule.pattern.flags}g`),
);

const CHUNK = 2_048;

/** Where a match of rule `index` can start: from WINDOW before each chunk holding its required words to its end. */
function chunkRegions(chunks: readonly boolean[][], index: number, length: number): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  chunks.forEach((candidates, chunk) => {
    if (!candidates[index]) return;
    const from = Math.max(0, chunk * CHUNK - WINDOW);
    const to = Math.min(length, (chunk + 1) * CHUNK) - 1;
    const last = regions.at(-1);
    if (last && from <= last[1] + 1) last[1] = to;
    else regions.push([from, to]);
  });
  return regions;
}

/** Where a folded-only match can start: around each changed position, merged. */
function startRegions(changed: Int32Array): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  for (const position of changed) {
    const from = position - WINDOW;
    const to = position + WINDOW;
    const last = regions.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else regions.push([Math.max(0, from), to]);
  }
  return regions;
}

function matchNear(
  index: number,
  view: TextView,
  original: string,
  regions: ReadonlyArray<readonly [number, number]>,
): InjectionFinding | undefined {
  const scanner = SCANNERS[index] as RegExp;
  for (const [from, to] of regions) {
    // The slice holds everything a match starting in [from, to] and its lookarounds can read.
    const sliceStart = Math.max(0, from - WINDOW);
    const slice = view.text.slice(sliceStart, Math.min(view.text.length, to + WINDOW + 4));
    scanner.lastIndex = from - sliceStart;
    const rule = INJECTION_RULES[index] as InjectionRule;
    for (let tries = 0; tries < 8; tries += 1) {
      const found = scanner.exec(slice);
      if (!found || found.index + sliceStart > to) break;
      if (!excused(rule, view.text, found.index + sliceStart, found[0].length))
        return finding(rule, view, original, found.index + sliceStart, found[0].length);
      scanner.lastIndex = found.index + 1;
    }
  }
  return undefined;
}

// Built-in rules run only where the trigram gate says their required words may be (the extra rules always run).
const GATE = createRuleGate(INJECTION_RULES);

/** Every rule's first match in the base and folded views of a text; `foldedOnly` when folding was needed. */
export function rulesFindings(
  text: string,
  rules: readonly InjectionRule[],
): { findings: InjectionFinding[]; foldedOnly: boolean } {
  const base = baseView(text);
  const folded = foldedView(base);
  // Plain text folds to itself: a rule that already failed on the base view would fail again.
  const same = folded.text === base.text;
  const onBaseText = GATE.candidates(base.text);
  // A long text is also gated per chunk, each chunk read with the WINDOW characters before it: a match spanning
  // at most WINDOW lies whole in the chunk where it ends, so a rule then reads only around its candidate chunks.
  const chunks = base.text.length > CHUNK ? GATE.chunkCandidates(base.text, CHUNK, WINDOW) : undefined;
  const onFoldedText = same ? onBaseText : GATE.candidates(folded.text);
  const findings: InjectionFinding[] = [];
  let foldedOnly = false;
  let regions: Array<[number, number]> | undefined;
  for (let index = 0; index < rules.length; index += 1) {
    const rule = rules[index] as InjectionRule;
    const gated = index < INJECTION_RULES.length;
    const onBase =
      rule.view === 'folded' || (gated && !onBaseText[index])
        ? undefined
        : chunks && gated && (SPANS[index] as number) <= WINDOW
          ? matchNear(index, base, text, chunkRegions(chunks, index, base.text.length))
          : match(rule, base, text);
    if (onBase) {
      findings.push(onBase);
      continue;
    }
    if (rule.view === 'base' || (same && rule.view !== 'folded')) continue;
    if (gated && !onFoldedText[index]) continue;
    const near = gated && rule.view === 'both' && folded.changed && (SPANS[index] as number) <= WINDOW;
    regions ??= folded.changed ? startRegions(folded.changed) : [];
    const onFolded = near ? matchNear(index, folded, text, regions) : match(rule, folded, text);
    if (onFolded) {
      findings.push(onFolded);
      foldedOnly = true;
    }
  }
  return { findings, foldedOnly };
}
