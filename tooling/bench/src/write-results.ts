import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One measured figure; `ratio` is ours / peer (lower is better for times, higher for throughput). */
export interface BenchResult {
  readonly case: string;
  readonly unit: 'ns/op' | 'ops/s' | 'ms' | 'bytes' | 'count';
  readonly value: number;
  readonly peer?: string;
  readonly peerValue?: number;
  readonly ratio?: number;
  /** For times: the mean and the 99th percentile beside the median `value` (ours, then the peer's). */
  readonly mean?: number;
  readonly p99?: number;
  readonly peerMean?: number;
  readonly peerP99?: number;
  /** Set only in a process that measured one side alone (see `runCaseProcesses`); never written to results. */
  readonly side?: 'ours' | 'peer';
  /**
   * Ours and the peer each measured in a process of its own (no shared JIT, heap or timers), beside the figures
   * above, which come from one process that ran both.
   */
  readonly separateValue?: number;
  readonly separatePeerValue?: number;
  readonly separateRatio?: number;
}

function workspaceRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No pnpm-workspace.yaml above ${from}: run benchmarks inside the orkit repo.`);
    dir = parent;
  }
  return dir;
}

/** Writes `bench/results/<packageName>.json` (the short name, e.g. `resilience`) and returns its path. */
export function writeResults(packageName: string, results: readonly BenchResult[]): string {
  const directory = join(workspaceRoot(process.cwd()), 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${packageName}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

function figure(value: number | undefined): string {
  if (value === undefined) return '';
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** A plain-text table of results. */
export function formatResults(title: string, results: readonly BenchResult[]): string {
  const rows = [
    [
      'case',
      'value',
      'mean',
      'p99',
      'unit',
      'peer',
      'peer value',
      'peer mean',
      'peer p99',
      'ratio',
      'ratio, separate processes',
    ],
    ...results.map((result) => [
      result.case,
      figure(result.value),
      figure(result.mean),
      figure(result.p99),
      result.unit,
      result.peer ?? '',
      figure(result.peerValue),
      figure(result.peerMean),
      figure(result.peerP99),
      result.ratio === undefined ? '' : `${result.ratio.toFixed(2)}x`,
      result.separateRatio === undefined
        ? ''
        : `${result.separateRatio.toFixed(2)}x (${figure(result.separateValue)} vs ${figure(result.separatePeerValue)})`,
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return [`# ${title}`, ...lines].join('\n');
}
