/**
 * @module
 * Redis-backed ledger and budgets, shared by many processes. Needs `ioredis`.
 */
export {
  BudgetStoreUnavailableError,
  createRedisBudgetStore,
  type RedisBudgetStoreOptions,
} from './redis-budget-store.js';
export { createRedisLedger } from './redis-ledger.js';
