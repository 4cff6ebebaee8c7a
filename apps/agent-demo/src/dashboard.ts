/**
 * `pnpm dashboard`: the usage dashboard on the ledger the demo wrote (`.orkit/demo-ledger.db`), with the demo's
 * daily budget (DAILY_BUDGET, default $1), and what prompt caching saved at the catalog's prices. Extra arguments
 * go to `orkit-dashboard` (e.g. `--port 0`, `--ledger`).
 */
import { runDashboardCli } from '@orkit/observability/dashboard';
import { demoCacheSavings } from './cache-savings.js';

try {
  await runDashboardCli(
    [
      '--ledger',
      '.orkit/demo-ledger.db',
      '--budget',
      `global:daily:${process.env.DAILY_BUDGET || '1'}`,
      ...process.argv.slice(2),
    ],
    undefined,
    { cacheSavings: demoCacheSavings },
  );
} catch (error) {
  console.error(`orkit dashboard: ${(error as Error).message}`);
  process.exit(2);
}
