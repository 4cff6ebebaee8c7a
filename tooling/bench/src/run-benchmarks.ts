import { Bench } from 'tinybench';
import { median } from './median.ts';
import { type BenchResult, formatResults, writeResults } from './write-results.ts';

type Operation = () => unknown;

/** A case: our operation and, where one exists, the best peer's doing the same work. */
export interface BenchCase {
  readonly name: string;
  readonly fn: Operation;
  readonly peer?: { readonly name: string; readonly fn: Operation };
}

/** Options of {@link runBenchmarks}. */
export interface BenchOptions {
  /** Separate runs per case; the median of their medians is reported. Default 5. */
  readonly runs?: number;
  /** Measuring time per run in ms. Default 300. */
  readonly timeMs?: number;
}

interface Latency {
  readonly p50: number;
  readonly mean: number;
  readonly p99: number;
}

async function latencyNs(fn: Operation, timeMs: number): Promise<Latency> {
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs) });
  bench.add('case', fn);
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (!result || !('latency' in result)) {
    const error = result && 'error' in result ? result.error : undefined;
    throw new Error(`Benchmark failed: ${String(error ?? 'no result')}`);
  }
  return { p50: result.latency.p50 * 1e6, mean: result.latency.mean * 1e6, p99: result.latency.p99 * 1e6 };
}

/**
 * Which side this process measures alone, if `runCaseProcesses` started it for one: a case timed by hand measures
 * only that side and marks its result with `side`, as {@link measureCase} does.
 *
 * @example
 * const side = sideAlone();
 * if (side !== 'peer') oursRuns.push(await opsPerSecond(ours));
 */
export function sideAlone(): 'ours' | 'peer' | undefined {
  const side = process.env.ORKIT_BENCH_SIDE;
  return side === 'ours' || side === 'peer' ? side : undefined;
}

/**
 * Measures one case (ours and peer interleaved) and returns its result in ns/op. In a process started by
 * {@link runCaseProcesses} to measure one side alone (`ORKIT_BENCH_SIDE=ours` or `peer`), only that side runs, and
 * the result says which (`side`).
 */
export async function measureCase(benchCase: BenchCase, options: BenchOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 5;
  const timeMs = options.timeMs ?? 300;
  const side = benchCase.peer ? sideAlone() : undefined;
  const ours: Latency[] = [];
  const peers: Latency[] = [];
  for (let run = 0; run < runs; run += 1) {
    if (side !== 'peer') ours.push(await latencyNs(benchCase.fn, timeMs));
    if (benchCase.peer && side !== 'ours') peers.push(await latencyNs(benchCase.peer.fn, timeMs));
  }
  // The median over the runs of each statistic: the median (value), the mean and the 99th percentile.
  const of = (latencies: Latency[], key: keyof Latency) => median(latencies.map((latency) => latency[key]));
  if (side === 'peer' && benchCase.peer)
    return { case: benchCase.name, unit: 'ns/op', value: of(peers, 'p50'), side, peer: benchCase.peer.name };
  const value = of(ours, 'p50');
  const mine = { mean: of(ours, 'mean'), p99: of(ours, 'p99') };
  if (side === 'ours') return { case: benchCase.name, unit: 'ns/op', value, ...mine, side };
  if (!benchCase.peer) return { case: benchCase.name, unit: 'ns/op', value, ...mine };
  const peerValue = of(peers, 'p50');
  return {
    case: benchCase.name,
    unit: 'ns/op',
    value,
    ...mine,
    peer: benchCase.peer.name,
    peerValue,
    peerMean: of(peers, 'mean'),
    peerP99: of(peers, 'p99'),
    ratio: value / peerValue,
  };
}

/**
 * Runs every case, adds any extra results measured by hand (throughput, memory), writes
 * `bench/results/<packageName>.json` and prints the table.
 *
 * @example
 * await runBenchmarks('config', [{ name: 'loadConfig', fn: () => loadConfig({ env }) }]);
 */
export async function runBenchmarks(
  packageName: string,
  cases: readonly BenchCase[],
  options: BenchOptions & { readonly extra?: readonly BenchResult[] } = {},
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const benchCase of cases) results.push(await measureCase(benchCase, options));
  results.push(...(options.extra ?? []));
  const file = writeResults(packageName, results);
  process.stdout.write(`${formatResults(`@orkit/${packageName} (${file})`, results)}\n`);
  return results;
}
