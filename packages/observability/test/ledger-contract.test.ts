/**
 * One contract, every ledger: memory, SQLite (a real file) and PostgreSQL (the real server). Exact money, queries
 * by every field, totals computed where the records are, patches kept, damaged rows skipped and never deleted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresLedger } from '../src/entry-postgres.js';
import { createSqliteLedger } from '../src/entry-sqlite.js';
import {
  createMemoryLedger,
  importJsonLinesLedger,
  type Ledger,
  LedgerOpenError,
  LedgerQueryError,
  type ObservabilityEvent,
  totalsOf,
} from '../src/index.js';
import { postgresForTests, postgresSchema } from './postgres-for-tests.js';
import { usageRecord } from './record-fixture.js';

const postgres = await postgresForTests();
const directory = mkdtempSync(join(tmpdir(), 'orkit-ledger-'));
const closers: Array<() => unknown> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const byGroup = (rows: readonly { group: unknown }[]) =>
  [...rows].sort((a, b) => String(a.group).localeCompare(String(b.group)));

type Factory = (events: ObservabilityEvent[]) => Promise<Ledger>;
const ledgers: Array<[string, Factory | undefined]> = [
  ['memory', async () => createMemoryLedger()],
  [
    'sqlite',
    async (events) => {
      const ledger = createSqliteLedger({
        path: join(directory, `${Math.random().toString(36).slice(2)}.db`),
        onEvent: (event) => events.push(event),
      });
      closers.push(() => ledger.close());
      return ledger;
    },
  ],
  [
    `postgres ${postgres.skipReason}`,
    postgres.url
      ? async (events) => {
          const ledger = await createPostgresLedger({
            connectionString: await postgresSchema(postgres.url as string, 'ledger'),
            onEvent: (event) => events.push(event),
          });
          closers.push(() => ledger.close());
          return ledger;
        }
      : undefined,
  ],
];

describe.each(ledgers)('the %s ledger', (_name, create) => {
  it.skipIf(!create)('keeps every field, and sums money exactly where floats drift', async () => {
    const ledger = await (create as Factory)([]);
    const records = Array.from({ length: 1_000 }, (_, index) =>
      usageRecord({
        costUsd: index % 2 ? '0.001146' : '0.000000000001',
        requestedModel: index % 3 ? 'openai/gpt-5-mini' : 'anthropic/claude-sonnet-5',
        answeredModel: index % 3 ? 'openai/gpt-5-mini' : undefined,
        outcome: index % 10 === 0 ? 'error' : 'success',
        attribution:
          index % 4
            ? { agent: 'reviewer', user: `u-${index % 5}` }
            : { agent: 'writer', tags: ['beta', 'eu'] },
      }),
    );
    await Promise.all(records.map((record) => ledger.append(record)));
    const stored = await ledger.query();
    expect(stored).toEqual(records);
    const [all] = await ledger.totals();
    expect(all?.costUsd).toBe('0.5730000005');
    expect(all).toMatchObject({ calls: 1_000, failures: 100, inputTokens: 120_000, reasoningTokens: 5_000 });
    // The naive float sum is what this replaces.
    expect(records.reduce((sum, record) => sum + Number(record.costUsd), 0)).not.toBe(0.5730000005);
    for (const groupBy of ['model', 'agent', 'user', 'outcome', 'hour', 'day'] as const)
      expect(byGroup(await ledger.totals({ groupBy }))).toEqual(byGroup(totalsOf(records, groupBy)));
  });

  it.skipIf(!create)('answers queries by time, model, agent, user, tenant, tag and outcome', async () => {
    const ledger = await (create as Factory)([]);
    const t0 = Date.UTC(2026, 11, 1);
    const records = [
      usageRecord({ startedAt: t0, attribution: { agent: 'a', tenant: 't1', tags: ['x'] } }),
      usageRecord({
        startedAt: t0 + 10,
        requestedModel: 'm/asked',
        answeredModel: 'm/answered',
        attribution: { user: 'u' },
      }),
      usageRecord({
        startedAt: t0 + 20,
        outcome: 'abandoned',
        costSource: 'estimated',
        attribution: { tags: ['x', 'y'] },
      }),
    ];
    for (const record of records) await ledger.append(record);
    const ids = async (query: Parameters<Ledger['query']>[0]) => (await ledger.query(query)).map((r) => r.id);
    expect(await ids({ from: t0 + 10 })).toEqual([records[1]?.id, records[2]?.id]);
    expect(await ids({ from: t0, to: t0 + 10 })).toEqual([records[0]?.id]);
    expect(await ids({ model: 'm/answered' })).toEqual([records[1]?.id]);
    expect(await ids({ model: 'm/asked' })).toEqual([records[1]?.id]);
    expect(await ids({ agent: 'a', tenant: 't1' })).toEqual([records[0]?.id]);
    expect(await ids({ user: 'u' })).toEqual([records[1]?.id]);
    expect(await ids({ tag: 'x', from: t0 + 1 })).toEqual([records[2]?.id]);
    expect(await ids({ outcome: 'abandoned' })).toEqual([records[2]?.id]);
    await expect(ledger.query({ from: Number.NaN })).rejects.toSatisfy(
      (error) => LedgerQueryError.isInstance(error) && error.parameter === 'from',
    );
    await expect(ledger.totals({ groupBy: 'colour' as never })).rejects.toThrow(/'groupBy' must be one of/);
  });

  it.skipIf(!create)(
    'patches a record (the authoritative cost, later) and ignores a repeated append',
    async () => {
      const ledger = await (create as Factory)([]);
      const record = usageRecord({ costUsd: '0', costSource: 'none', outcome: 'aborted' });
      await ledger.append(record);
      await ledger.append(record);
      await ledger.patch(record.id, { costUsd: '0.00042', costSource: 'reported', answeredModel: 'x/y' });
      expect(await ledger.query()).toEqual([
        { ...record, costUsd: '0.00042', costSource: 'reported', answeredModel: 'x/y' },
      ]);
    },
  );
});

describe('the SQLite ledger on disk', () => {
  it('skips a damaged row with an event, and never deletes it', async () => {
    const path = join(directory, 'damaged.db');
    const events: ObservabilityEvent[] = [];
    const ledger = createSqliteLedger({ path, onEvent: (event) => events.push(event) });
    const good = [usageRecord(), usageRecord(), usageRecord()];
    for (const record of good) await ledger.append(record);
    ledger.close();
    const raw = new DatabaseSync(path);
    raw.prepare("UPDATE orkit_usage SET outcome = 'exploded' WHERE id = ?").run(good[1]?.id ?? '');
    raw.close();
    const reopened = createSqliteLedger({ path, onEvent: (event) => events.push(event) });
    expect((await reopened.query()).map((record) => record.id)).toEqual([good[0]?.id, good[2]?.id]);
    expect(events).toEqual([
      { type: 'ledger-row-skipped', recordId: good[1]?.id, reason: "unknown outcome 'exploded'" },
    ]);
    reopened.close();
    const check = new DatabaseSync(path);
    expect(check.prepare('SELECT COUNT(*) AS n FROM orkit_usage').get()).toEqual({ n: 3 });
    check.close();
  });

  it('refuses a file that is not SQLite (an orkit 0.1 JSON-lines ledger, a BOM, a blank first line) without changing a byte', () => {
    for (const content of ['{"id":"a"}\n{"id":"b"}\n', '\uFEFF{"id":"a"}\n', '\n{"id":"a"}\n', 'hello']) {
      const path = join(directory, `${Math.random().toString(36).slice(2)}.jsonl`);
      writeFileSync(path, content);
      let caught: unknown;
      try {
        createSqliteLedger({ path });
      } catch (error) {
        caught = error;
      }
      expect(LedgerOpenError.isInstance(caught)).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe(content);
    }
  });

  it('imports an orkit 0.1 JSON-lines ledger, skipping (not cutting at) bad lines', async () => {
    const path = join(directory, 'old.jsonl');
    const old = Array.from({ length: 1_005 }, (_, index) => ({
      ...usageRecord(),
      costUsd: index % 2 ? 0.001146 : 0.0001,
    }));
    const lines = old.map((record) => JSON.stringify(record));
    lines.splice(5, 0, '{"torn": ');
    writeFileSync(path, `\uFEFF${lines.join('\n')}\n{"$patch":"${old[0]?.id}","fields":{"costUsd":0.5}}\n`);
    const before = readFileSync(path, 'utf8');
    const ledger = createSqliteLedger({ path: join(directory, 'imported.db') });
    const report = await importJsonLinesLedger({ path, ledger });
    expect(report).toEqual({ imported: 1_005, patched: 1, skipped: 1, skippedLines: [6] });
    expect(readFileSync(path, 'utf8')).toBe(before);
    const [all] = await ledger.totals();
    expect(all?.costUsd).toBe('1.125492');
    ledger.close();
  });
});

describe.skipIf(!postgres.url)(`the PostgreSQL ledger's schema ${postgres.skipReason}`, () => {
  it('refuses a database whose schema is newer than this version knows', async () => {
    const url = await postgresSchema(postgres.url as string, 'newer');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE orkit_schema (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    await client.query("INSERT INTO orkit_schema VALUES ('orkit_ledger_version', 99)");
    await client.end();
    await expect(createPostgresLedger({ connectionString: url })).rejects.toThrow(
      /newer than this orkit knows/,
    );
  });
});
