/**
 * Scores the detector on the frozen sets (`eval/frozen-set*.jsonl`, held out) and on the tuning corpus held out by
 * source. Prints tables and writes `eval/results.json`. Run: `pnpm --filter @orkit/security eval`.
 *
 * The frozen set is never tuned on: this script only reads it. Operating points below the default threshold are
 * the best threshold *for that set*, so "recall at FPR 0.03" there is an upper bound; the default threshold's row
 * is the number a user gets.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { detectPromptInjection } from '../src/index.ts';
import { DEFAULT_THRESHOLD, sentToJudge } from './routing.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

interface Row {
  readonly text: string;
  readonly label: 'injection' | 'benign';
  readonly category: string;
  readonly lang: string;
  readonly source?: string;
  readonly position?: string;
}
interface Scored extends Row {
  readonly score: number;
}

function load(path: string): Scored[] {
  return (
    readFileSync(new URL(path, import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Row)
      // A tool result is scored as the guard scores it: as supplied content.
      .map((row) => ({
        ...row,
        score: detectPromptInjection(row.text, { supplied: row.position === 'tool' }).score,
      }))
  );
}

const attacksOf = (rows: readonly Scored[]) => rows.filter((row) => row.label === 'injection');
const benignOf = (rows: readonly Scored[]) => rows.filter((row) => row.label === 'benign');
const rate = (hit: number, all: number) => (all === 0 ? Number.NaN : hit / all);
const caught = (rows: readonly Scored[], threshold: number) =>
  rows.filter((row) => row.score >= threshold).length;

/** The lowest threshold whose false-positive rate on `benign` is at most `maxFpr` (so: the highest recall). */
function thresholdFor(benign: readonly Scored[], maxFpr: number): number {
  const candidates = [...new Set(benign.map((row) => row.score))].sort((a, b) => a - b);
  for (const candidate of [0, ...candidates.map((score) => score + 1e-9)])
    if (rate(caught(benign, candidate), benign.length) <= maxFpr) return candidate;
  return 1 + 1e-9;
}

function groupBy(rows: readonly Scored[], key: (row: Scored) => string): Map<string, Scored[]> {
  const groups = new Map<string, Scored[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return new Map([...groups].sort((a, b) => b[1].length - a[1].length));
}

/** A threshold just above 0 means "any rule fired". */
const shown = (threshold: number) => (threshold > 0 && threshold < 0.001 ? 'any rule' : threshold.toFixed(3));
const fmt = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(2));
const fraction = (rows: readonly Scored[], threshold: number) => `${caught(rows, threshold)}/${rows.length}`;

// --- The frozen sets
function report(file: string) {
  const frozen = load(file);
  const attacks = attacksOf(frozen);
  const benign = benignOf(frozen);
  const points = [
    { name: `default threshold ${DEFAULT_THRESHOLD}`, threshold: DEFAULT_THRESHOLD },
    ...[0.01, 0.03, 0.05].map((fpr) => ({
      name: `best threshold for FPR <= ${fpr}`,
      threshold: thresholdFor(benign, fpr),
    })),
  ];
  print(
    `\n${file}: ${attacks.length} attacks, ${benign.length} hard negatives, ${new Set(frozen.map((row) => row.lang)).size} languages\n`,
  );
  print('| operating point | threshold | recall | false-positive rate |');
  print('|---|---|---|---|');
  const operatingPoints = points.map(({ name, threshold }) => {
    const recall = rate(caught(attacks, threshold), attacks.length);
    const fpr = rate(caught(benign, threshold), benign.length);
    print(
      `| ${name} | ${shown(threshold)} | ${fmt(recall)} (${fraction(attacks, threshold)}) | ${fmt(fpr)} (${fraction(benign, threshold)}) |`,
    );
    return { name, threshold, recall, fpr };
  });

  const byCategory = (rows: readonly Scored[]) =>
    [...groupBy(rows, (row) => row.category)].map(([category, group]) => ({
      category,
      rows: group.length,
      atPoints: points.map(({ threshold }) => caught(group, threshold)),
    }));
  print(`\n| category | ${points.map((point) => point.name).join(' | ')} |`);
  print(`|---|${points.map(() => '---').join('|')}|`);
  const attackCategories = byCategory(attacks);
  const benignCategories = byCategory(benign);
  for (const { category, rows, atPoints } of [...attackCategories, ...benignCategories])
    print(`| ${category} | ${atPoints.map((hit) => `${hit}/${rows}`).join(' | ')} |`);

  const languages = [...groupBy(frozen, (row) => row.lang)].map(([lang, group]) => ({
    lang,
    attacks: fraction(attacksOf(group), DEFAULT_THRESHOLD),
    falsePositives: fraction(benignOf(group), DEFAULT_THRESHOLD),
  }));
  print('\nBy language at the default threshold (attacks caught; negatives flagged):');
  print(
    languages.map(({ lang, attacks, falsePositives }) => `${lang} ${attacks}; ${falsePositives}`).join(' · '),
  );
  const positions = [...groupBy(frozen, (row) => `${row.label} in ${row.position}`)].map(([name, group]) => ({
    name,
    flagged: fraction(group, DEFAULT_THRESHOLD),
  }));
  print(
    `By position at the default threshold (flagged): ${positions.map(({ name, flagged }) => `${name} ${flagged}`).join(' · ')}`,
  );
  const silent = attacks.filter((row) => row.score === 0).length;
  print(`Attacks that fire no rule at all: ${silent}/${attacks.length}`);
  // What the guard's second opinion could add at most: a judge that is always right, asked about the texts the
  // guard sends it (the local verdict stands for the rest).
  const flaggedLocally = (row: Scored) => row.score >= DEFAULT_THRESHOLD;
  const routings = {
    uncertain: (row: Scored) => sentToJudge(row, row.score, 'uncertain'),
    allUserTurns: (row: Scored) => sentToJudge(row, row.score, 'all'),
  };
  const judgeCeiling = Object.fromEntries(
    Object.entries(routings).map(([routing, sent]) => {
      const reach = attacks.filter((row) => flaggedLocally(row) || sent(row)).length;
      return [
        routing,
        {
          recallCeiling: rate(reach, attacks.length),
          negativesSent: rate(benign.filter(sent).length, benign.length),
        },
      ];
    }),
  );
  print(
    `With a second opinion that is always right: ${Object.entries(judgeCeiling)
      .map(
        ([routing, { recallCeiling, negativesSent }]) =>
          `${routing} routing, recall at most ${fmt(recallCeiling)} (${fmt(negativesSent)} of negatives sent to the judge)`,
      )
      .join('; ')}`,
  );
  return { operatingPoints, attackCategories, benignCategories, languages, positions, silent, judgeCeiling };
}
const first = report('./frozen-set.jsonl');
const second = report('./frozen-set-2.jsonl');
const third = report('./frozen-set-3.jsonl');

// --- The corpus, held out by source: the threshold is chosen on the other sources, scored on the one left out.
const corpus = load('../corpus/dataset.jsonl');
const repositoryOf = (row: Scored) => (row.source ?? '?').split(':')[0] as string;
print('\nCorpus, leave one source out (threshold for FPR <= 0.03 chosen on the other repositories):\n');
print('| held out | rows | threshold | recall | false-positive rate |');
print('|---|---|---|---|---|');
const leaveOneOut = [...groupBy(corpus, repositoryOf)].map(([source, heldOut]) => {
  const threshold = thresholdFor(benignOf(corpus.filter((row) => repositoryOf(row) !== source)), 0.03);
  const recall = rate(caught(attacksOf(heldOut), threshold), attacksOf(heldOut).length);
  const fpr = rate(caught(benignOf(heldOut), threshold), benignOf(heldOut).length);
  print(
    `| ${source} | ${heldOut.length} | ${shown(threshold)} | ${fmt(recall)} (${fraction(attacksOf(heldOut), threshold)}) | ${fmt(fpr)} (${fraction(benignOf(heldOut), threshold)}) |`,
  );
  return { source, rows: heldOut.length, threshold, recall, fpr };
});

writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ frozenSet: first, frozenSet2: second, frozenSet3: third, leaveOneOut }, null, 2)}\n`,
);
