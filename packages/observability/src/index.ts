/**
 * @module
 * Exact usage and cost for AI SDK calls, a ledger that persists, hard budgets, request logs and OpenTelemetry.
 */
export { type BudgetLimit, type BudgetOptions, budgetMiddleware } from './budget-middleware.js';
export {
  type BudgetKey,
  type BudgetSnapshot,
  type BudgetStore,
  createMemoryBudgetStore,
  type ReservationResult,
} from './budget-store.js';
export { type BudgetWindow, type WindowSpan, windowSpan } from './calendar-window.js';
export { attributionOf } from './call-attribution.js';
export { createFileLedger, type FileLedgerOptions } from './file-ledger.js';
export {
  type HttpBatchSink,
  type HttpBatchSinkOptions,
  type HttpBatchSinkStats,
  httpBatchSink,
} from './http-batch-sink.js';
export { type JsonLinesSinkOptions, jsonLinesSink } from './json-lines-sink.js';
export { createMemoryLedger, type Ledger, type LedgerQuery, type RecordPatch } from './ledger.js';
export { BudgetExceededError, BudgetUnavailableError, ObservabilityError } from './observability-errors.js';
export type { ObservabilityEvent, ObservabilityEventListener } from './observability-events.js';
export { type OpenTelemetrySinkOptions, openTelemetrySink } from './open-telemetry-sink.js';
export { type ReconcileOptions, reconcileCosts } from './reconcile-costs.js';
export { type ReportedCost, reportedCost, toNanoUsd } from './reported-cost.js';
export {
  type ResilienceEventLike,
  type ResilienceSummary,
  summarizeUsage,
  type UsageSummary,
} from './summarize-usage.js';
export { type UsageOptions, usageMiddleware } from './usage-middleware.js';
export type { Attribution, CallOutcome, UsageRecord } from './usage-record.js';
