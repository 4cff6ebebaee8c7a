/**
 * @module
 * The usage dashboard: a page and a JSON API over a SQLite or PostgreSQL ledger. Also the `orkit-dashboard` bin.
 */
export {
  type ApiAnswer,
  answerApi,
  type DashboardApiOptions,
  type DashboardLedger,
  pageRecord,
  redactText,
} from './dashboard-api.js';
export type { BudgetView } from './dashboard-budgets.js';
export { type DashboardCliIo, parseBudgetFlag, runDashboardCli } from './dashboard-cli.js';
export {
  type Dashboard,
  type DashboardOptions,
  DashboardOptionsError,
  startDashboard,
} from './dashboard-server.js';
