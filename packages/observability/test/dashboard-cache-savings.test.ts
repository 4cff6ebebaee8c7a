/**
 * What prompt caching saved, on the dashboard: the ledger has the cache tokens, the caller passes the prices
 * (`cacheSavings`), and the summary carries the saving per model and in total, exactly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import { afterAll, describe, expect, it } from 'vitest';
import { type Dashboard, runDashboardCli, startDashboard } from '../src/entry-dashboard.js';
import { createSqliteLedger } from '../src/entry-sqlite.js';
import { usageRecord } from './record-fixture.js';

const directory = mkdtempSync(join(tmpdir(), 'orkit-cache-savings-'));
const closers: Array<() => unknown> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

// Per token: what a cache read saves, and what a cache write costs beyond the input price (Anthropic-like).
const PRICES: Record<string, { read: bigint; write: bigint }> = {
  'anthropic/claude-sonnet-5': { read: parseUsd('0.0000018'), write: parseUsd('0.0000005') },
  'openai/gpt-5-mini': { read: parseUsd('0.000000225'), write: 0n },
};
const cacheSavings = (model: string, tokens: { cacheReadTokens: number; cacheWriteTokens: number }) => {
  const prices = PRICES[model];
  if (!prices) return undefined;
  return formatUsd(
    BigInt(tokens.cacheReadTokens) * prices.read - BigInt(tokens.cacheWriteTokens) * prices.write,
  );
};

async function ledgerWithCalls() {
  const path = join(directory, `${Math.random().toString(36).slice(2)}.db`);
  const ledger = createSqliteLedger({ path });
  closers.push(() => ledger.close());
  const anthropic = {
    requestedModel: 'anthropic/claude-sonnet-5',
    answeredModel: 'anthropic/claude-sonnet-5',
  };
  await ledger.append(
    usageRecord({ ...anthropic, inputTokens: 1_500, cacheReadTokens: 0, cacheWriteTokens: 1_400 }),
  );
  await ledger.append(
    usageRecord({ ...anthropic, inputTokens: 1_520, cacheReadTokens: 1_400, cacheWriteTokens: 0 }),
  );
  await ledger.append(usageRecord({ inputTokens: 2_000, cacheReadTokens: 1_024 }));
  await ledger.append(
    usageRecord({ requestedModel: 'acme/unknown', answeredModel: 'acme/unknown', cacheReadTokens: 64 }),
  );
  await ledger.flush();
  return { ledger, path };
}

async function summaryOf(dashboard: Dashboard) {
  const response = await fetch(`${dashboard.url}/api/summary`);
  return (await response.json()) as {
    totals: { cacheReadTokens: number; cacheSavedUsd?: string };
    models: Array<{ model: string; cacheSavedUsd?: string }>;
  };
}

describe('the dashboard shows what prompt caching saved', () => {
  it('per model and in total, exact, from the cache tokens and the prices it is given', async () => {
    const { ledger } = await ledgerWithCalls();
    const dashboard = await startDashboard({ ledger, port: 0, cacheSavings });
    closers.push(() => dashboard.close());
    const summary = await summaryOf(dashboard);
    const saved = Object.fromEntries(summary.models.map((row) => [row.model, row.cacheSavedUsd]));
    // Anthropic: 1,400 read x $0.0000018 - 1,400 written x $0.0000005; OpenAI: 1,024 x $0.000000225.
    expect(saved).toEqual({
      'acme/unknown': undefined,
      'anthropic/claude-sonnet-5': '0.00182',
      'openai/gpt-5-mini': '0.0002304',
    });
    expect(summary.totals.cacheSavedUsd).toBe('0.0020504');
    expect(summary.totals.cacheReadTokens).toBe(1_400 + 1_024 + 64);
  });

  it('says nothing about savings without prices, and the CLI passes them through', async () => {
    const { ledger, path } = await ledgerWithCalls();
    const plain = await startDashboard({ ledger, port: 0 });
    closers.push(() => plain.close());
    expect((await summaryOf(plain)).totals.cacheSavedUsd).toBeUndefined();
    const cli = await runDashboardCli(
      ['--ledger', path, '--port', '0'],
      { out: () => undefined, env: {} },
      { cacheSavings },
    );
    closers.push(() => cli?.close());
    expect((await summaryOf(cli as Dashboard)).totals.cacheSavedUsd).toBe('0.0020504');
  });
});
