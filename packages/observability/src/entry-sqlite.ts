/**
 * @module
 * The embedded ledger and budgets: one SQLite file (WAL) through Node's own `node:sqlite`, shared by the
 * processes of one machine. Node prints one `ExperimentalWarning` when this entry loads
 * (`node --disable-warning=ExperimentalWarning` hides it).
 */
export { createSqliteBudgetStore } from './sqlite-budget-store.js';
export type { SqliteOptions } from './sqlite-database.js';
export { createSqliteLedger, type SqliteLedger, type SqliteLedgerOptions } from './sqlite-ledger.js';
