/**
 * One soak run in a fresh process: 10^6 calls, then RSS growth and what was left open. The limits use the default
 * 60 s window: windows slide in steps and hold at most 61 numbers per key, however many calls pass.
 */
import { instantModel } from '@orkit/bench-harness';

const entry = '@orkit/resilience';
const { resilienceMiddleware } = (await import(entry)) as typeof import('../src/index.ts');

const mode = process.argv[2];
const { model, params, doGenerate } = instantModel({ provider: 'soak' });
const middleware = resilienceMiddleware({
  retry: { maxAttempts: 3 },
  breaker: {},
  rateLimit: { requestsPerWindow: 1e12, tokensPerWindow: 1e15 },
  timeout: { totalMs: 30_000 },
});
const wrap = middleware.wrapGenerate as NonNullable<typeof middleware.wrapGenerate>;
const call =
  mode === 'stack'
    ? () => wrap({ model, params, doGenerate, doStream: doGenerate as never })
    : () => doGenerate();
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
for (let index = 0; index < 10_000; index += 1) await call();
// Plateau: after the first half a million calls the process has warmed up; a leak shows as growth in the second half.
for (let index = 0; index < 500_000; index += 1) await call();
gc();
const before = process.memoryUsage();
for (let index = 0; index < 500_000; index += 1) await call();
gc();
await new Promise((resolve) => setTimeout(resolve, 50));
gc();
const after = process.memoryUsage();
const handles = (process as unknown as { getActiveResourcesInfo(): string[] })
  .getActiveResourcesInfo()
  .filter((name) => name === 'Timeout').length;
process.stdout.write(
  `${JSON.stringify({ rssGrowth: Math.max(0, after.rss - before.rss), heapGrowth: after.heapUsed - before.heapUsed, openTimers: handles })}\n`,
);
