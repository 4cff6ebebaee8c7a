import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { faults, startOpenRouterSimulator } from '@orkit/testing-mocks';
import { redisForTests } from '@orkit/testing-mocks/vitest';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const redis = await redisForTests();
const simulator = await startOpenRouterSimulator();
afterAll(() => simulator.close());
const WORKER = new URL('./fixtures/redis-worker.ts', import.meta.url).pathname;

async function worker(
  mode: 'limit' | 'breaker',
  count: number,
  env: Record<string, string>,
): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, mode, String(count)], {
    env: {
      ...process.env,
      REDIS_URL: redis.url as string,
      SIM_BASE_URL: simulator.baseURL,
      SIM_API_KEY: simulator.apiKey,
      ...env,
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe.skipIf(!redis.url)(`across processes through Redis ${redis.skipReason}`, () => {
  it('4 worker processes sharing a limit of N requests per window: the simulator never sees more than N in a window', async () => {
    const LIMIT = 4;
    const WINDOW_MS = 1_500;
    const prefix = `orkit-mp-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        worker('limit', 4, { ORKIT_PREFIX: prefix, LIMIT: String(LIMIT), WINDOW_MS: String(WINDOW_MS) }),
      ),
    );
    expect(results.flat()).toEqual(Array(16).fill('ok'));
    const arrivals = simulator.requests
      .chats()
      .map((record) => record.startedAt)
      .sort((a, b) => a - b);
    expect(arrivals).toHaveLength(16);
    // Admission is exact on Redis's clock; arrival is stamped here, after the request's trip from its worker:
    // tens of ms, and several hundred when a parallel build loads the machine (seen: 7 arrivals within 1.35 s
    // with a 150 ms allowance). So: never more than N arrivals within the window less a third of it...
    const JITTER_MS = 500;
    let worst = 0;
    for (const [index, start] of arrivals.entries()) {
      const inWindow = arrivals.slice(index).filter((time) => time < start + WINDOW_MS - JITTER_MS).length;
      worst = Math.max(worst, inWindow);
    }
    if (worst > LIMIT)
      process.stdout.write(
        `arrivals (ms from first): ${arrivals.map((time) => time - (arrivals[0] ?? 0)).join(' ')}\n`,
      );
    expect(worst).toBeLessThanOrEqual(LIMIT);
    // ...and the limit did bind: 16 calls at 4 per window take at least three windows (a per-process limiter
    // would let all 16 through at once).
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThan(3 * WINDOW_MS - JITTER_MS);
  }, 60_000);

  it('a circuit opened by one process is seen open by another', async () => {
    simulator.reset();
    simulator.script({ model: 'anthropic/claude-sonnet-5', steps: faults.unavailable() });
    const prefix = `orkit-cb-${Date.now()}`;
    expect(await worker('breaker', 2, { ORKIT_PREFIX: prefix })).toEqual([
      'AI_APICallError',
      'AI_APICallError',
    ]);
    expect(simulator.requests.chats()).toHaveLength(2);
    expect(await worker('breaker', 3, { ORKIT_PREFIX: prefix })).toEqual([
      'CircuitOpenError',
      'CircuitOpenError',
      'CircuitOpenError',
    ]);
    expect(simulator.requests.chats()).toHaveLength(2);
  }, 60_000);
});
