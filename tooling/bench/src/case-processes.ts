import { execFileSync } from 'node:child_process';
import type { BenchResult } from './write-results.ts';

/** Options of {@link runCaseProcesses}. */
export interface CaseProcessOptions {
  /** The bench file: run as `node --import tsx <file> <case>`, it prints that case's results as its last line. */
  readonly file: string;
  /** Every case, in order; each runs in a fresh process with ours and the peer together. */
  readonly cases: readonly string[];
  /** The cases to run again with ours and the peer each alone in a process of its own. */
  readonly separate?: readonly string[];
}

function runCase(file: string, name: string, side?: 'ours' | 'peer'): BenchResult[] {
  const output = execFileSync(process.execPath, ['--import', 'tsx', file, name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: side ? { ...process.env, ORKIT_BENCH_SIDE: side } : process.env,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as BenchResult[];
}

/**
 * Runs a bench file's cases each in a fresh process, so one case's heap, JIT and timers never reach the next,
 * and the cases named in `separate` twice more: ours alone in one process and the peer alone in another. Their
 * figures go beside the same-process ones (`separateValue`, `separatePeerValue`, `separateRatio`), so a reader sees
 * whether running both in one process flattered either side.
 *
 * @example
 * const results = runCaseProcesses({ file: fileURLToPath(import.meta.url), cases: Object.keys(CASES), separate: ['opossum'] });
 */
export function runCaseProcesses(options: CaseProcessOptions): BenchResult[] {
  const results: BenchResult[] = [];
  for (const name of options.cases) {
    const together = runCase(options.file, name);
    if (!options.separate?.includes(name)) {
      results.push(...together);
      continue;
    }
    const alone = [...runCase(options.file, name, 'ours'), ...runCase(options.file, name, 'peer')];
    const aloneOf = (caseName: string, side: 'ours' | 'peer') =>
      alone.find((result) => result.case === caseName && result.side === side)?.value;
    for (const result of together) {
      const ours = aloneOf(result.case, 'ours');
      const peer = aloneOf(result.case, 'peer');
      results.push(
        result.peer && ours !== undefined && peer !== undefined && peer > 0
          ? { ...result, separateValue: ours, separatePeerValue: peer, separateRatio: ours / peer }
          : result,
      );
    }
  }
  return results;
}
