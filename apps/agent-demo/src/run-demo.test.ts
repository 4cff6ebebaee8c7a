import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseUsd } from '@orkit/config/usd';
import { createSqliteLedger } from '@orkit/observability/sqlite';
import { describe, expect, it } from 'vitest';
import { renderSummary } from './render-summary.js';
import { runDemo } from './run-demo.js';

const run = promisify(execFile);
const MAIN = new URL('./main.ts', import.meta.url).pathname;
const offline = { ...process.env, OPENROUTER_API_KEY: '', REDIS_URL: '' };
const directory = mkdtempSync(join(tmpdir(), 'orkit-demo-'));
const freshLedger = () => join(directory, `${Math.random().toString(36).slice(2)}.db`);

describe('the demo, end to end on the simulator', () => {
  it.each(['calm', 'flaky', 'outage'] as const)(
    '%s: every task answered; counts match the simulator request log',
    async (scenario) => {
      const ledgerPath = freshLedger();
      const summary = await runDemo({ scenario, env: offline, write: () => undefined, ledgerPath });
      expect(summary.completed).toBe(summary.tasks);
      expect(summary.failed).toEqual([]);
      expect(summary.totals.requests).toBe(summary.simulatorRequests);
      expect(summary.rows.reduce((sum, row) => sum + row.requests, 0)).toBe(summary.simulatorRequests);
      expect(parseUsd(summary.totals.costUsd)).toBeGreaterThan(0n);
      expect(parseUsd(summary.totals.budgetLeftUsd)).toBe(
        parseUsd(summary.totals.budgetUsd) - parseUsd(summary.totals.costUsd),
      );
      // The ledger file has exactly what the summary reports, after the demo closed it.
      const ledger = createSqliteLedger({ path: ledgerPath });
      const [totals] = await ledger.totals();
      ledger.close();
      expect(totals?.costUsd).toBe(summary.totals.costUsd);
      expect(totals?.calls).toBe(summary.simulatorRequests);
      if (scenario === 'flaky') expect(summary.rows.reduce((sum, row) => sum + row.retries, 0)).toBe(2);
      // The code reviewer's second task reads its long instructions from the provider's cache (gpt-5.3-codex caches
      // a repeated prefix by itself), and the simulator billed those tokens at the cache-read price.
      if (scenario === 'calm') {
        expect(summary.promptCaching.cacheReadTokens).toBeGreaterThanOrEqual(1_024);
        // $0.00000175 input, $0.000000175 cache read: each cached token saved $0.000001575.
        expect(parseUsd(summary.promptCaching.savedUsd)).toBe(
          BigInt(summary.promptCaching.cacheReadTokens) * parseUsd('0.000001575'),
        );
        expect(renderSummary(summary)).toContain(`saved $${summary.promptCaching.savedUsd}`);
      }
      if (scenario === 'outage') {
        const down = summary.rows.find((row) => row.model === 'anthropic/claude-sonnet-5');
        expect(down).toMatchObject({ breaker: 'open', failed: 2, fallbacksAway: 2 });
      }
      expect(renderSummary(summary)).toContain(`scenario ${scenario}, offline`);
    },
    120_000,
  );

  it('the CLI prints one JSON object on its last line with --json and exits 0', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', MAIN, '--scenario', 'calm', '--json', '--ledger', freshLedger()],
      { env: offline },
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      scenario: string;
      completed: number;
      tasks: number;
      totals: { requests: number };
      simulatorRequests: number;
    };
    expect(summary).toMatchObject({ scenario: 'calm', completed: 8, tasks: 8 });
    expect(summary.totals.requests).toBe(summary.simulatorRequests);
  }, 120_000);

  it('attack: the guard blocks both injected requests before any model call; the honest work still runs', async () => {
    const summary = await runDemo({
      scenario: 'attack',
      env: offline,
      write: () => undefined,
      ledgerPath: freshLedger(),
    });
    expect(summary.blockedInjections).toBe(4); // two injected requests, two rounds
    expect(summary.tasks).toBe(12);
    expect(summary.completed).toBe(8);
    expect(summary.failed).toEqual([]);
    // The blocked requests never reached the network: the simulator saw only the honest ones, less the code
    // reviewer's two identical second-round tasks (temperature 0), which the cache answered.
    expect(summary.simulatorRequests).toBe(6);
    expect(summary.totals.requests).toBe(6);
    expect(summary.rows.reduce((hits, row) => hits + row.cacheHits, 0)).toBe(2);
    expect(renderSummary(summary)).toContain('Blocked injections: 4.');
  }, 120_000);

  it('refuses an unknown scenario and a malformed key, with a clear message and a non-zero code', async () => {
    const unknown = await run(process.execPath, ['--import', 'tsx', MAIN, '--scenario', 'storm'], {
      env: offline,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(unknown).toMatchObject({ code: 2 });
    expect((unknown as { stderr: string }).stderr).toContain('calm, flaky, outage or attack');
    const badKey = await run(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...offline, OPENROUTER_API_KEY: 'sk-proj-not-an-openrouter-key' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(badKey).toMatchObject({ code: 3 });
    expect((badKey as { stderr: string }).stderr).toContain('OPENROUTER_API_KEY looks like an OpenAI key');
  }, 120_000);
});
