import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { maskUrlCredentials, parseUsd } from '@orkit/config';
import type { BudgetLimit } from './applicable-budgets.js';
import type { BudgetWindow } from './calendar-window.js';
import type { DashboardLedger } from './dashboard-api.js';
import { type Dashboard, type DashboardOptions, startDashboard } from './dashboard-server.js';

const USAGE = `Usage: orkit-dashboard (--ledger <sqlite file> | --postgres <url>) [options]

  --ledger <file>        the SQLite ledger your app writes (createSqliteLedger's path)
  --postgres <url>       a PostgreSQL ledger (createPostgresLedger's database)
  --port <n>             default 4319; 0 picks a free port
  --host <address>       default 127.0.0.1; any other address needs --token
  --token <t>            required on every request (or ORKIT_DASHBOARD_TOKEN); 16+ characters
  --budget <spec>        a budget to show, repeatable: <scope>:<window>:<usd>, e.g. global:daily:5,
                         agent=reviewer:monthly:40, agent:daily:2 (each agent); windows daily, weekly, monthly.
                         Without --budget: DAILY_BUDGET, WEEKLY_BUDGET, MONTHLY_BUDGET from the environment.
  --time-zone <tz>       the zone budget windows follow (default UTC)
`;

/** Where the CLI writes and what it reads; the real process by default. */
export interface DashboardCliIo {
  readonly out: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const WINDOWS: readonly BudgetWindow[] = ['daily', 'weekly', 'monthly'];
const SCOPES = ['global', 'key', 'agent', 'user', 'tenant', 'tag'] as const;

/**
 * One `--budget` value as a budget limit: `global:daily:5`, `agent=reviewer:monthly:40`, `user:daily:0.5`.
 *
 * @example
 * parseBudgetFlag('agent=reviewer:daily:2'); // { scope: 'agent', value: 'reviewer', window: 'daily', usd: '2' }
 */
export function parseBudgetFlag(spec: string): BudgetLimit {
  const parts = spec.split(':');
  const [scopePart = '', window = '', usd = ''] = parts;
  const [scope, value] = scopePart.split('=');
  const problem = (why: string) =>
    new Error(
      `--budget ${spec}: ${why}. Write <scope>:<window>:<usd>, e.g. global:daily:5 or agent=reviewer:monthly:40.`,
    );
  if (parts.length !== 3) throw problem('it needs three parts separated by ":"');
  if (!SCOPES.includes(scope as (typeof SCOPES)[number]))
    throw problem(`the scope must be one of ${SCOPES.join(', ')}`);
  if (!WINDOWS.includes(window as BudgetWindow))
    throw problem(`the window must be one of ${WINDOWS.join(', ')}`);
  let pico: bigint;
  try {
    pico = parseUsd(usd);
  } catch {
    throw problem(`'${usd}' is not an amount of USD`);
  }
  if (pico <= 0n) throw problem('the amount must be more than $0');
  return {
    scope: scope as BudgetLimit['scope'],
    window: window as BudgetWindow,
    usd,
    ...(value !== undefined && value !== '' ? { value } : {}),
  };
}

/**
 * The `orkit-dashboard` command: opens the ledger, serves the dashboard, prints `dashboard on <url>`, and stops
 * on SIGINT or SIGTERM. Resolves with the running dashboard; bad arguments reject with a message that says what to
 * pass instead.
 *
 * @example
 * await runDashboardCli(['--ledger', '.orkit/ledger.db', '--budget', 'global:daily:5']);
 */
export async function runDashboardCli(
  argv: readonly string[],
  io: DashboardCliIo = { out: (line) => process.stdout.write(`${line}\n`), env: process.env },
  extra: Pick<DashboardOptions, 'cacheSavings'> = {},
): Promise<Dashboard | undefined> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ledger: { type: 'string' },
      postgres: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      budget: { type: 'string', multiple: true },
      'time-zone': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(USAGE);
    return undefined;
  }
  if (!values.ledger === !values.postgres)
    throw new Error(`Pass exactly one of --ledger or --postgres.\n\n${USAGE}`);
  const port = values.port === undefined ? 4319 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port ${values.port}: a port is a whole number from 0 to 65535.`);
  const budgets = (values.budget ?? []).map(parseBudgetFlag);
  if (budgets.length === 0)
    for (const [name, window] of [
      ['DAILY_BUDGET', 'daily'],
      ['WEEKLY_BUDGET', 'weekly'],
      ['MONTHLY_BUDGET', 'monthly'],
    ] as const) {
      const usd = io.env[name];
      if (usd) budgets.push(parseBudgetFlag(`global:${window}:${usd}`));
    }

  let ledger: DashboardLedger & { close?(): unknown };
  let ledgerName: string;
  if (values.ledger) {
    if (!existsSync(values.ledger))
      throw new Error(
        `No ledger at ${values.ledger}. Point --ledger at the file your app's createSqliteLedger writes (the demo writes apps/agent-demo/.orkit/demo-ledger.db).`,
      );
    const { createSqliteLedger } = await import('./sqlite-ledger.js');
    ledger = createSqliteLedger({ path: values.ledger, backgroundCheckpoints: false });
    ledgerName = values.ledger;
  } else {
    const { createPostgresLedger } = await import('./postgres-ledger.js');
    ledger = await createPostgresLedger({ connectionString: values.postgres as string });
    ledgerName = maskUrlCredentials(values.postgres as string);
  }
  const token = values.token ?? io.env.ORKIT_DASHBOARD_TOKEN;
  let dashboard: Dashboard;
  try {
    dashboard = await startDashboard({
      ...extra,
      ledger,
      ledgerName,
      budgets,
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(token ? { token } : {}),
      ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
    });
  } catch (error) {
    await ledger.close?.();
    throw error;
  }
  io.out(`dashboard on ${dashboard.url}`);
  const stop = async () => {
    await dashboard.close();
    await ledger.close?.();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return {
    ...dashboard,
    close: stop,
  };
}
