/**
 * One run in a fresh process: 10^6 distinct keys (one per user, as with per-user limits) through the memory store,
 * with the default 60 s windows and a clock that moves 1 ms per call, so about 60 000 keys are live at any time.
 * Prints the heap after a GC and the keys still held.
 */
const entry = '@orkit/resilience';
const { createMemoryStore, DEFAULT_BREAKER_POLICY } = (await import(
  entry
)) as typeof import('../src/index.ts');

const store = createMemoryStore();
const requests = { limit: 50, windowMs: 60_000 };
const tokens = { limit: 200_000, windowMs: 60_000, estimate: 1_024 };
const breaker = DEFAULT_BREAKER_POLICY;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const before = process.memoryUsage().heapUsed;
for (let call = 0; call < 1_000_000; call += 1) {
  const key = `user-${call}`;
  const ticket = `t${call}`;
  store.admit({ key, now: call, ticket, requests, tokens, breaker });
  store.settle({
    key,
    now: call,
    ticket,
    probe: false,
    outcome: 'success',
    actualTokens: 200,
    estimatedTokens: 1_024,
    breaker,
  });
}
gc();
const size = (
  store as unknown as { size?: () => { requestWindows: number; tokenWindows: number; circuits: number } }
).size?.() ?? { requestWindows: -1, tokenWindows: 0, circuits: 0 };
process.stdout.write(
  `${JSON.stringify({ heapGrowth: process.memoryUsage().heapUsed - before, liveKeys: size.requestWindows + size.tokenWindows + size.circuits })}\n`,
);
