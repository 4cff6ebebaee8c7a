/**
 * The dashboard's JSON API over real HTTP, on a SQLite file and on PostgreSQL: exact money, filters, the full
 * record, bad parameters named, secrets never sent, tokens, an empty ledger, a ledger that stops answering, and
 * the live stream announcing new records.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { formatUsd, parseUsd } from '@orkit/config/usd';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Dashboard,
  type DashboardLedger,
  DashboardOptionsError,
  parseBudgetFlag,
  runDashboardCli,
  startDashboard,
} from '../src/entry-dashboard.js';
import { createPostgresLedger } from '../src/entry-postgres.js';
import { createSqliteLedger } from '../src/entry-sqlite.js';
import type { UsageRecord } from '../src/index.js';
import { postgresForTests, postgresSchema } from './postgres-for-tests.js';
import { usageRecord } from './record-fixture.js';

const postgres = await postgresForTests();
const directory = mkdtempSync(join(tmpdir(), 'orkit-dashboard-'));
const closers: Array<() => unknown> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const SECRET_KEY = `sk-or-v1-${'ab'.repeat(32)}`;
const NOW = Date.UTC(2026, 11, 7, 15, 30);
const HOUR = 3_600_000;

type Appendable = DashboardLedger & { append(record: UsageRecord): Promise<void> };
const ledgers: Array<[string, (() => Promise<Appendable>) | undefined]> = [
  [
    'sqlite',
    async () => {
      const ledger = createSqliteLedger({
        path: join(directory, `${Math.random().toString(36).slice(2)}.db`),
      });
      closers.push(() => ledger.close());
      return ledger as Appendable;
    },
  ],
  [
    `postgres ${postgres.skipReason}`,
    postgres.url
      ? async () => {
          const ledger = await createPostgresLedger({
            connectionString: await postgresSchema(postgres.url as string, 'dashboard'),
          });
          closers.push(() => ledger.close());
          return ledger as Appendable;
        }
      : undefined,
  ],
];

async function serve(ledger: DashboardLedger, extra: Partial<Parameters<typeof startDashboard>[0]> = {}) {
  const dashboard = await startDashboard({
    ledger,
    port: 0,
    now: () => NOW,
    budgets: [{ scope: 'global', window: 'daily', usd: '0.01' }],
    pollMs: 20,
    ...extra,
  });
  closers.push(() => dashboard.close());
  return dashboard;
}

async function get(dashboard: Dashboard, path: string, init: RequestInit = {}) {
  const response = await fetch(`${dashboard.url}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: text.startsWith('{') ? JSON.parse(text) : undefined,
    response,
  };
}

const sum = (records: readonly UsageRecord[]) =>
  formatUsd(records.reduce((total, record) => total + parseUsd(record.costUsd), 0n));

function seed(): UsageRecord[] {
  return [
    usageRecord({ startedAt: NOW - 5 * HOUR, costUsd: '0.001146', latencyMs: 300 }),
    usageRecord({
      startedAt: NOW - 4 * HOUR,
      costUsd: '0.0025',
      requestedModel: 'anthropic/claude-sonnet-5',
      answeredModel: 'anthropic/claude-sonnet-5',
    }),
    usageRecord({
      startedAt: NOW - 2 * HOUR,
      costUsd: '0.000000000001',
      outcome: 'error',
      errorKind: 'http-401',
      errorMessage: `Upstream https://admin:hunter2secret@proxy.example/v1 refused Bearer ${SECRET_KEY}`,
      attribution: { agent: 'writer', user: 'u-2', key: SECRET_KEY },
    }),
    usageRecord({ startedAt: NOW - HOUR, costUsd: '0.004', attribution: { agent: 'writer', user: 'u-2' } }),
  ];
}

for (const [name, open] of ledgers) {
  describe.skipIf(!open)(`dashboard API over HTTP: ${name}`, () => {
    it('answers exact figures, narrows by filters, opens a full record, and never sends a secret', async () => {
      const ledger = await (open as () => Promise<Appendable>)();
      const records = seed();
      for (const record of records) await ledger.append(record);
      const dashboard = await serve(ledger);

      const summary = await get(dashboard, '/api/summary');
      expect(summary.status).toBe(200);
      expect(summary.body.totals.costUsd).toBe(sum(records));
      expect(summary.body.totals.calls).toBe(4);
      expect(summary.body.totals.failures).toBe(1);
      expect(summary.body.models.map((row: { model: string }) => row.model)).toEqual([
        'anthropic/claude-sonnet-5',
        'openai/gpt-5-mini',
      ]);

      const writer = await get(
        dashboard,
        `/api/summary?agent=writer&from=${new Date(NOW - 3 * HOUR).toISOString()}`,
      );
      expect(writer.body.totals.costUsd).toBe(sum(records.slice(2)));
      const series = await get(dashboard, '/api/series?bucket=hour&stack=agent');
      expect(series.body.series).toHaveLength(4);
      expect(
        formatUsd(
          series.body.series.reduce((t: bigint, row: { costUsd: string }) => t + parseUsd(row.costUsd), 0n),
        ),
      ).toBe(sum(records));

      const calls = await get(dashboard, '/api/calls?limit=2');
      expect(calls.body.records.map((record: UsageRecord) => record.costUsd)).toEqual(['0.004', '0.0025']);
      const failed = records[2] as UsageRecord;
      const detail = await get(dashboard, `/api/calls/${encodeURIComponent(failed.id)}`);
      expect(detail.body.record.costUsd).toBe('0.000000000001');
      expect(detail.body.record.errorKind).toBe('http-401');
      expect(detail.body.patches).toEqual([]);
      expect(detail.body.attempts.map((attempt: UsageRecord) => attempt.id)).toEqual([failed.id]);
      for (const path of [
        '/api/calls?limit=10',
        `/api/calls/${encodeURIComponent(failed.id)}`,
        '/api/summary',
      ]) {
        const { text } = await get(dashboard, path);
        expect(text).not.toContain('hunter2secret');
        expect(text).not.toContain('ab'.repeat(32));
      }
      expect(detail.body.record.errorMessage).toContain('https://***@proxy.example/v1');
      expect(detail.body.record.attribution.key).toBe('sk-or-v1-…(73 chars)');

      // The budget: $0.007646 of $0.01 spent by 15:30 in the UTC day, so it runs out later today at this rate.
      const budgets = await get(dashboard, '/api/budgets');
      const [budget] = budgets.body.budgets;
      expect(budget.spentUsd).toBe(sum(records));
      expect(budget.limitUsd).toBe('0.01');
      expect(budget.burn.at(-1).spentUsd).toBe(sum(records));
      const rate = Number(parseUsd(sum(records))) / (NOW - Date.UTC(2026, 11, 7));
      expect(budget.projectedExhaustionAt).toBeCloseTo(
        NOW + Number(parseUsd('0.01') - parseUsd(sum(records))) / rate,
        -3,
      );

      // A call with a retry: both attempts open together, oldest first.
      const retried = [
        usageRecord({
          startedAt: NOW - 30 * 60_000,
          outcome: 'error',
          errorKind: 'http-503',
          attribution: { agent: 'writer', callId: 'call-retried' },
        }),
        usageRecord({
          startedAt: NOW - 30 * 60_000 + 700,
          attribution: { agent: 'writer', callId: 'call-retried' },
        }),
      ];
      for (const record of retried) await ledger.append(record);
      const chain = await get(dashboard, `/api/calls/${encodeURIComponent(retried[1]?.id as string)}`);
      expect(chain.body.attempts.map((attempt: UsageRecord) => [attempt.id, attempt.outcome])).toEqual([
        [retried[0]?.id, 'error'],
        [retried[1]?.id, 'success'],
      ]);
    });

    it('refuses bad parameters with 400 naming the parameter, and unknown paths with 404', async () => {
      const ledger = await (open as () => Promise<Appendable>)();
      const dashboard = await serve(ledger);
      const cases: Array<[string, string]> = [
        ['/api/summary?from=yesterday', 'from'],
        ['/api/summary?from=100&to=50', 'to'],
        ['/api/summary?outcome=exploded', 'outcome'],
        ['/api/summary?colour=red', 'colour'],
        ['/api/series?bucket=week', 'bucket'],
        ['/api/series?stack=planet', 'stack'],
        ['/api/calls?limit=-1', 'limit'],
        ['/api/calls?limit=100000', 'limit'],
        ['/api/events?type=party', 'type'],
        [`/api/summary?agent=${'x'.repeat(300)}`, 'agent'],
      ];
      for (const [path, parameter] of cases) {
        const answer = await get(dashboard, path);
        expect({ path, status: answer.status, parameter: answer.body.error.parameter }).toEqual({
          path,
          status: 400,
          parameter,
        });
        expect(answer.body.error.code).toBe('bad-parameter');
      }
      expect((await get(dashboard, '/api/nothing')).status).toBe(404);
      expect((await get(dashboard, '/api/calls/no-such-call')).status).toBe(404);
      expect((await get(dashboard, '/../../etc/passwd')).status).toBe(404);
      expect((await get(dashboard, '/api/summary', { method: 'POST' })).status).toBe(405);
      // An empty ledger is an empty answer, not an error.
      const empty = await get(dashboard, '/api/summary');
      expect(empty.status).toBe(200);
      expect(empty.body.totals).toMatchObject({ calls: 0, costUsd: '0' });
      expect((await get(dashboard, '/api/series')).body.series).toEqual([]);
      expect((await get(dashboard, '/')).text).toContain('<title>orkit usage');
    });

    it('announces new records on the live stream', async () => {
      const ledger = await (open as () => Promise<Appendable>)();
      const dashboard = await serve(ledger, { now: Date.now });
      const response = await fetch(`${dashboard.url}/api/stream`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let seen = '';
      const until = async (needle: string) => {
        while (!seen.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before '${needle}'`);
          seen += decoder.decode(value);
        }
      };
      // `ready` comes once the server knows what is there, so the record written next is a change.
      await until('event: ready');
      await ledger.append(usageRecord({ startedAt: Date.now() }));
      await until('event: change');
      await reader.cancel();
    });
  });
}

describe('dashboard access', () => {
  it('needs a token beyond loopback, checks it on every request, and trades it for a cookie', async () => {
    const ledger = createSqliteLedger({ path: join(directory, 'access.db') });
    closers.push(() => ledger.close());
    await expect(startDashboard({ ledger, host: '0.0.0.0', port: 0 })).rejects.toThrow(DashboardOptionsError);
    await expect(startDashboard({ ledger, host: '0.0.0.0', port: 0, token: 'short' })).rejects.toThrow(
      /16 characters/,
    );
    const token = 'a-token-that-is-long-enough';
    const dashboard = await serve(ledger, { host: '0.0.0.0', token });
    const at = { url: `http://127.0.0.1:${dashboard.port}` } as Dashboard;
    expect((await get(at, '/api/summary')).status).toBe(401);
    expect((await get(at, '/')).status).toBe(401);
    expect(
      (await get(at, '/api/summary', { headers: { authorization: 'Bearer wrong-token-wrong-token' } }))
        .status,
    ).toBe(401);
    expect((await get(at, '/api/summary', { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );
    const traded = await get(at, `/?token=${token}`);
    expect(traded.status).toBe(303);
    expect(traded.response.headers.get('location')).toBe('/');
    const cookie = (traded.response.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(traded.response.headers.get('set-cookie')).toContain('HttpOnly');
    expect((await get(at, '/', { headers: { cookie } })).status).toBe(200);
  });

  it('on loopback, refuses requests that name another host (DNS rebinding)', async () => {
    const ledger = createSqliteLedger({ path: join(directory, 'rebind.db') });
    closers.push(() => ledger.close());
    const dashboard = await serve(ledger);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      request(`${dashboard.url}/api/summary`, { headers: { host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
    const page = await get(dashboard, '/');
    expect(page.response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('says so when the ledger cannot be read, and shows damaged rows as skipped', async () => {
    const path = join(directory, 'damaged.db');
    const ledger = createSqliteLedger({ path });
    const good = [usageRecord({ costUsd: '0.5' }), usageRecord({ costUsd: '0.25' })];
    for (const record of good) await ledger.append(record);
    const raw = new DatabaseSync(path);
    raw.prepare("UPDATE orkit_usage SET outcome = 'exploded' WHERE id = ?").run(good[0]?.id ?? '');
    raw.close();
    const dashboard = await serve(ledger);
    const calls = await get(dashboard, '/api/calls');
    expect(calls.body).toMatchObject({ skipped: 1, records: [{ id: good[1]?.id }] });
    expect((await get(dashboard, `/api/calls/${good[0]?.id}`)).body.damaged).toMatch(/unknown outcome/);
    ledger.close();
    const gone = await get(dashboard, '/api/summary');
    expect(gone.status).toBe(503);
    expect(gone.body.error.code).toBe('ledger-unavailable');
  });
});

describe('orkit-dashboard command', () => {
  it('reads budgets and refuses bad arguments with what to pass instead', async () => {
    expect(parseBudgetFlag('agent=reviewer:monthly:40')).toEqual({
      scope: 'agent',
      value: 'reviewer',
      window: 'monthly',
      usd: '40',
    });
    expect(() => parseBudgetFlag('global:hourly:5')).toThrow(/window must be one of daily, weekly, monthly/);
    expect(() => parseBudgetFlag('global:daily:lots')).toThrow(/not an amount/);
    expect(() => parseBudgetFlag('global:daily:0')).toThrow(/more than \$0/);
    const io = { out: () => undefined, env: {} };
    await expect(runDashboardCli([], io)).rejects.toThrow(/exactly one of --ledger or --postgres/);
    await expect(runDashboardCli(['--ledger', join(directory, 'missing.db')], io)).rejects.toThrow(
      /No ledger at/,
    );
    await expect(runDashboardCli(['--ledger', 'x', '--port', 'http'], io)).rejects.toThrow(/--port http/);
    await expect(runDashboardCli(['--colour', 'red'], io)).rejects.toThrow(/colour/);
  });

  it('serves a ledger file and prints where', async () => {
    const path = join(directory, 'cli.db');
    const writer = createSqliteLedger({ path });
    await writer.append(usageRecord({ costUsd: '0.125' }));
    writer.close();
    const lines: string[] = [];
    const dashboard = await runDashboardCli(['--ledger', path, '--port', '0'], {
      out: (line) => lines.push(line),
      env: { DAILY_BUDGET: '2' },
    });
    closers.push(() => dashboard?.close());
    expect(lines).toEqual([`dashboard on ${dashboard?.url}`]);
    expect(dashboard?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const summary = await get(dashboard as Dashboard, '/api/summary');
    expect(summary.body.totals.costUsd).toBe('0.125');
    const budgets = await get(dashboard as Dashboard, '/api/budgets');
    expect(budgets.body.budgets[0]).toMatchObject({ scope: 'global', window: 'daily', limitUsd: '2' });
  });
});
