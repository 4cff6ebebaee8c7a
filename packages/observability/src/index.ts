/**
 * @module
 * Exact usage and cost for AI SDK calls, a ledger that persists, hard budgets, request logs and OpenTelemetry.
 */
export { type ApplicableBudget, applicableBudgets, type BudgetLimit } from './applicable-budgets.js';
export { type BudgetMiddleware, type BudgetOptions, budgetMiddleware } from './budget-middleware.js';
export {
  type BudgetKey,
  type BudgetSnapshot,
  type BudgetStore,
  createMemoryBudgetStore,
  FINISHED_ID_MEMORY_MS,
  type ReservationResult,
} from './budget-store.js';
export { type BudgetWindow, type WindowSpan, windowSpan } from './calendar-window.js';
export { attributionOf } from './call-attribution.js';
export { emitSafely, type SafeEmitter } from './emit-safely.js';
export {
  type HttpBatchSink,
  type HttpBatchSinkOptions,
  type HttpBatchSinkStats,
  httpBatchSink,
} from './http-batch-sink.js';
export { importJsonLinesLedger, type JsonLinesImport } from './import-json-lines-ledger.js';
export { type JsonLinesSinkOptions, jsonLinesSink } from './json-lines-sink.js';
export {
  createMemoryLedger,
  type Ledger,
  type LedgerGroupBy,
  type LedgerQuery,
  type LedgerTotals,
  type RecordPatch,
  sumTotals,
  totalsOf,
} from './ledger.js';
export {
  type EventLedger,
  LEDGER_EVENT_TYPES,
  type LedgerEvent,
  type LedgerEventType,
  ledgerEventOf,
  recordLedgerEvents,
} from './ledger-events.js';
export {
  type EventCount,
  type LedgerInsights,
  type ModelStats,
  type RecordDetail,
  SERIES_BUCKETS,
  SERIES_STACKS,
  type SeriesBucket,
  type SeriesRow,
  type SeriesStack,
} from './ledger-insights.js';
export {
  BudgetExceededError,
  BudgetUnavailableError,
  LedgerOpenError,
  LedgerQueryError,
  ObservabilityError,
} from './observability-errors.js';
export type { ObservabilityEvent, ObservabilityEventListener } from './observability-events.js';
export { type OpenTelemetrySinkOptions, openTelemetrySink } from './open-telemetry-sink.js';
export type { OpenTelemetryOptions } from './open-telemetry-span.js';
export { type ReconcileOptions, reconcileCosts } from './reconcile-costs.js';
export { type ReportedCost, reportedCost } from './reported-cost.js';
export {
  type ResilienceEventLike,
  type ResilienceSummary,
  summarizeUsage,
  type UsageSummary,
} from './summarize-usage.js';
export { usageMiddleware } from './usage-middleware.js';
export type { UsageOptions } from './usage-options.js';
export {
  type Attribution,
  CALL_OUTCOMES,
  type CallOutcome,
  COST_SOURCES,
  type CostSource,
  type UsageRecord,
} from './usage-record.js';
export {
  DEFAULT_ABANDON_AFTER_MS,
  StreamAbandonedError,
  type StreamEnd,
  watchStream,
} from './watch-stream.js';
