/**
 * What the dashboard reads, computed in SQLite and in PostgreSQL, checked against the same figures computed in
 * memory from the records themselves (exact money, nearest-rank percentiles, groups past the largest as `(other)`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresLedger } from '../src/entry-postgres.js';
import { createSqliteLedger } from '../src/entry-sqlite.js';
import {
  type LedgerEvent,
  type LedgerInsights,
  LedgerQueryError,
  recordLedgerEvents,
  summarizeUsage,
  type UsageRecord,
} from '../src/index.js';
import { postgresForTests, postgresSchema } from './postgres-for-tests.js';
import { usageRecord } from './record-fixture.js';

const postgres = await postgresForTests();
const directory = mkdtempSync(join(tmpdir(), 'orkit-insights-'));
const closers: Array<() => unknown> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

type Opened = {
  insights: LedgerInsights;
  append(record: UsageRecord): Promise<void>;
  appendEvent(event: LedgerEvent): Promise<void>;
};
const ledgers: Array<[string, (() => Promise<Opened>) | undefined]> = [
  [
    'sqlite',
    async () => {
      const ledger = createSqliteLedger({
        path: join(directory, `${Math.random().toString(36).slice(2)}.db`),
      });
      closers.push(() => ledger.close());
      return ledger as Opened;
    },
  ],
  [
    `postgres ${postgres.skipReason}`,
    postgres.url
      ? async () => {
          const ledger = await createPostgresLedger({
            connectionString: await postgresSchema(postgres.url as string, 'insights'),
          });
          closers.push(() => ledger.close());
          return ledger as Opened;
        }
      : undefined,
  ],
];

const HOUR = 3_600_000;
const DAY0 = Date.UTC(2026, 11, 1);
const MODELS = ['openai/gpt-5-mini', 'anthropic/claude-sonnet-5', 'google/gemini-3-flash'];

/** A varied month: 400 calls over 3 days, 3 models, 4 agents, 12 users, a few tags, failures, TTFT on streams. */
function month(): UsageRecord[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: 400 }, (_, index) => {
    const stream = random() < 0.5;
    const failed = random() < 0.1;
    return usageRecord({
      id: `m-${index}`,
      startedAt: DAY0 + Math.floor(random() * 3 * 24 * HOUR),
      operation: stream ? 'stream' : 'generate',
      requestedModel: MODELS[index % 3] as string,
      answeredModel: MODELS[index % 3] as string,
      costUsd: formatUsd(BigInt(Math.floor(random() * 5_000_000_000))),
      latencyMs: 50 + Math.floor(random() * 2000),
      timeToFirstTokenMs: stream ? 10 + Math.floor(random() * 500) : undefined,
      outcome: failed ? 'error' : 'success',
      errorKind: failed ? 'http-503' : undefined,
      attribution: {
        agent: `agent-${index % 4}`,
        user: `user-${index % 12}`,
        ...(index % 5 === 0 ? {} : { tags: index % 2 ? ['beta', 'eu'] : ['beta'] }),
      },
    });
  });
}

const sum = (records: readonly UsageRecord[]) =>
  formatUsd(records.reduce((total, record) => total + parseUsd(record.costUsd), 0n));

for (const [name, open] of ledgers) {
  describe.skipIf(!open)(`ledger insights: ${name}`, () => {
    it('series by hour and day, stacked by each field, add up to the exact totals', async () => {
      const ledger = await (open as () => Promise<Opened>)();
      const records = month();
      await Promise.all(records.map((record) => ledger.append(record)));
      for (const bucket of ['hour', 'day'] as const) {
        const flat = await ledger.insights.series({ bucket });
        expect(flat.reduce((total, row) => total + row.calls, 0)).toBe(records.length);
        expect(formatUsd(flat.reduce((total, row) => total + parseUsd(row.costUsd), 0n))).toBe(sum(records));
        const size = bucket === 'hour' ? HOUR : 24 * HOUR;
        for (const row of flat) {
          const inside = records.filter(
            (record) => record.startedAt - (record.startedAt % size) === row.bucket,
          );
          expect(row.calls).toBe(inside.length);
          expect(row.costUsd).toBe(sum(inside));
          expect(row.failures).toBe(inside.filter((record) => record.outcome !== 'success').length);
        }
      }
      // Spend alone per bucket equals the series' spend.
      const spend = await ledger.insights.spend({ bucket: 'day' });
      const daily = await ledger.insights.series({ bucket: 'day' });
      expect(spend).toEqual(daily.map((row) => ({ bucket: row.bucket, costUsd: row.costUsd })));
      // Stacked by user (12 users): the 3 dearest keep their own series, the rest are one `(other)`.
      const byUser = await ledger.insights.series({ bucket: 'day', stack: 'user', maxGroups: 3 });
      const users = new Set(byUser.map((row) => row.group));
      expect(users.size).toBe(4);
      expect(users.has('(other)')).toBe(true);
      const spendOf = (user: string) =>
        parseUsd(sum(records.filter((record) => record.attribution.user === user)));
      const dearest = [...new Set(records.map((record) => record.attribution.user as string))]
        .sort((a, b) => (spendOf(a) < spendOf(b) ? 1 : -1))
        .slice(0, 3);
      for (const user of dearest) expect(users.has(user)).toBe(true);
      expect(formatUsd(byUser.reduce((total, row) => total + parseUsd(row.costUsd), 0n))).toBe(sum(records));
      // By tag: a call counts once per tag; untagged calls are one group.
      const byTag = await ledger.insights.series({ bucket: 'day', stack: 'tag' });
      const beta = byTag.filter((row) => row.group === 'beta');
      expect(beta.reduce((total, row) => total + row.calls, 0)).toBe(
        records.filter((record) => record.attribution.tags?.includes('beta')).length,
      );
      const untagged = byTag.filter((row) => row.group === null);
      expect(untagged.reduce((total, row) => total + row.calls, 0)).toBe(
        records.filter((record) => !record.attribution.tags).length,
      );
      // A filter narrows: one agent's calls on one day.
      const narrowed = await ledger.insights.series({
        bucket: 'hour',
        agent: 'agent-1',
        from: DAY0 + 24 * HOUR,
        to: DAY0 + 48 * HOUR,
      });
      const expected = records.filter(
        (record) =>
          record.attribution.agent === 'agent-1' &&
          record.startedAt >= DAY0 + 24 * HOUR &&
          record.startedAt < DAY0 + 48 * HOUR,
      );
      expect(narrowed.reduce((total, row) => total + row.calls, 0)).toBe(expected.length);
      expect(formatUsd(narrowed.reduce((total, row) => total + parseUsd(row.costUsd), 0n))).toBe(
        sum(expected),
      );

      // Per model: nearest-rank percentiles equal summarizeUsage's over the same records.
      const stats = await ledger.insights.modelStats({});
      expect(stats.map((row) => row.model).sort()).toEqual([...MODELS].sort());
      for (const row of stats) {
        const mine = records.filter((record) => record.requestedModel === row.model);
        const reference = summarizeUsage(mine).overall;
        expect(row.calls).toBe(mine.length);
        expect(row.costUsd).toBe(sum(mine));
        expect(row.latencyMs).toEqual({ p50: reference.latencyMs.p50, p95: reference.latencyMs.p95 });
        expect(row.timeToFirstTokenMs).toEqual({
          p50: reference.timeToFirstTokenMs?.p50,
          p95: reference.timeToFirstTokenMs?.p95,
        });
      }

      // The costliest calls, dearest first, each readable in full.
      const { records: dearestCalls, skipped } = await ledger.insights.costliest({ limit: 5 });
      expect(skipped).toBe(0);
      const sorted = [...records].sort((a, b) => (parseUsd(a.costUsd) < parseUsd(b.costUsd) ? 1 : -1));
      expect(dearestCalls.map((record) => record.id)).toEqual(sorted.slice(0, 5).map((record) => record.id));
      const detail = await ledger.insights.record(sorted[0]?.id as string);
      expect(detail && 'record' in detail && detail.record).toEqual(sorted[0]);
      expect(await ledger.insights.record('no-such-id')).toBeUndefined();
    });

    it('keeps the events worth counting and counts them per bucket', async () => {
      const ledger = await (open as () => Promise<Opened>)();
      let now = DAY0 + 5 * HOUR;
      const listen = recordLedgerEvents(ledger, { agent: 'reviewer', now: () => now });
      listen({ type: 'attempt', model: 'openrouter:openai/gpt-5', attempt: 1 });
      listen({ type: 'retry', model: 'openrouter:openai/gpt-5', attempt: 1, delayMs: 200 });
      listen({ type: 'fallback', from: 'openai/gpt-5', to: 'openai/gpt-5-mini' });
      listen({ type: 'breaker', key: 'openrouter:openai/gpt-5', from: 'closed', to: 'open' });
      now += HOUR;
      listen({ type: 'cache-hit', key: 'k', model: 'openai/gpt-5' });
      listen({ type: 'cache-miss', key: 'k', model: 'openai/gpt-5' });
      listen({
        type: 'budget-alert',
        scope: 'global',
        window: 'daily',
        threshold: 0.8,
        spentUsd: '0.82',
        limitUsd: '1',
      });
      const counts = await ledger.insights.eventSeries({ bucket: 'hour' });
      expect(counts).toEqual([
        { bucket: DAY0 + 5 * HOUR, type: 'breaker-open', count: 1 },
        { bucket: DAY0 + 5 * HOUR, type: 'fallback', count: 1 },
        { bucket: DAY0 + 5 * HOUR, type: 'retry', count: 1 },
        { bucket: DAY0 + 6 * HOUR, type: 'budget-alert', count: 1 },
        { bucket: DAY0 + 6 * HOUR, type: 'cache-hit', count: 1 },
      ]);
      const alerts = await ledger.insights.events({ type: 'budget-alert' });
      expect(alerts).toEqual([
        {
          at: DAY0 + 6 * HOUR,
          type: 'budget-alert',
          agent: 'reviewer',
          model: undefined,
          scope: 'global',
          detail: '80% of the daily $1 spent ($0.82)',
        },
      ]);
      const byModel = await ledger.insights.eventSeries({ bucket: 'day', model: 'openai/gpt-5' });
      expect(byModel.reduce((total, row) => total + row.count, 0)).toBe(4);
      const before = await ledger.insights.changeMarker(now);
      await ledger.append(usageRecord({ startedAt: now }));
      expect(await ledger.insights.changeMarker(now)).not.toBe(before);
    });

    it('refuses bad parameters with a typed error naming the parameter', async () => {
      const ledger = await (open as () => Promise<Opened>)();
      const bad = [
        () => ledger.insights.series({ bucket: 'week' as never }),
        () => ledger.insights.series({ bucket: 'day', stack: 'colour' as never }),
        () => ledger.insights.costliest({ limit: 0 }),
        () => ledger.insights.events({ type: 'nope' as never }),
        () => ledger.insights.modelStats({ from: 10, to: 5 }),
      ];
      const names = [];
      for (const call of bad) {
        const error = await call().catch((caught: unknown) => caught);
        expect(LedgerQueryError.isInstance(error)).toBe(true);
        names.push((error as LedgerQueryError).parameter);
      }
      expect(names).toEqual(['bucket', 'stack', 'limit', 'type', 'to']);
    });
  });
}

describe('schema version 2', () => {
  it('a version-1 SQLite ledger opens as version 2 with its records intact and nothing else changed', async () => {
    const path = join(directory, 'version-1.db');
    // A file as orkit's version-1 ledger left it: its tables, its indexes, one row, version 1.
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const { ledgerSchema } = await import('../src/ledger-sql.js');
    const { recordToRow, LEDGER_COLUMNS } = await import('../src/ledger-row.js');
    const old = new DatabaseSync(path);
    old.exec('CREATE TABLE orkit_schema (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    for (const statement of ledgerSchema({ placeholder: () => '?', bigint: 'INTEGER' })) old.exec(statement);
    old.exec("INSERT INTO orkit_schema VALUES ('orkit_ledger_version', 1)");
    const kept = usageRecord({ costUsd: '0.123456789012', attribution: { agent: 'reviewer' } });
    // Version 1 had no call_id column: its rows are the first columns of today's.
    const v1 = LEDGER_COLUMNS.filter((column) => column !== 'call_id');
    old
      .prepare(`INSERT INTO orkit_usage (${v1.join(', ')}) VALUES (${v1.map(() => '?').join(', ')})`)
      .run(...(recordToRow(kept).slice(0, v1.length) as Array<string | number | bigint | null>));
    old.close();

    const ledger = createSqliteLedger({ path });
    expect(await ledger.query()).toEqual([kept]);
    await ledger.appendEvent({ at: kept.startedAt, type: 'retry', model: 'openai/gpt-5' });
    expect(await ledger.insights.events({})).toHaveLength(1);
    // Resolves once the reading threads have let go of the file too: another connection can take it at once.
    await ledger.close();
    const check = new DatabaseSync(path);
    expect(
      check.prepare("SELECT version FROM orkit_schema WHERE name = 'orkit_ledger_version'").get(),
    ).toEqual({ version: 2 });
    const indexes = check
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'orkit_usage_started%'")
      .all();
    expect(indexes).toEqual([{ name: 'orkit_usage_started_cost' }]);
    check.close();
  });
});
