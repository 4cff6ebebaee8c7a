/**
 * @module
 * Budgets in Redis, shared by many processes (hot reservations; spend lives as long as Redis keeps it). Needs
 * `ioredis`. For spend that survives a Redis restart, use the PostgreSQL budget store.
 */
export {
  BudgetStoreUnavailableError,
  createRedisBudgetStore,
  type RedisBudgetStoreOptions,
} from './redis-budget-store.js';
