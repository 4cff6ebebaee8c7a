/**
 * @module
 * The benchmark harness every @orkit package uses: each case runs several times (ours and the peer
 * interleaved, so drift hits both alike), the median of the run medians is reported, and the results land in
 * `bench/results/<package>.json` in the format the root README documents.
 */

export { type CaseProcessOptions, runCaseProcesses } from './case-processes.ts';
export { instantModel } from './instant-model.ts';
export { median } from './median.ts';
export { type OutageRun, redisKilledMidRun } from './redis-killed-mid-run.ts';
export {
  type BenchCase,
  type BenchOptions,
  measureCase,
  runBenchmarks,
  sideAlone,
} from './run-benchmarks.ts';
export { type BenchResult, formatResults, writeResults } from './write-results.ts';
