/**
 * @module
 * The ledger and budgets for many machines: PostgreSQL through `pg` (a peer dependency: `npm i pg`).
 */
export { createPostgresBudgetStore } from './postgres-budget-store.js';
export { type PostgresOptions, PostgresUnavailableError } from './postgres-database.js';
export { createPostgresLedger, type PostgresLedger, type PostgresLedgerOptions } from './postgres-ledger.js';
