/**
 * @module
 * OpenRouter-aware resilience for AI SDK models, as middleware that composes in one list.
 */
export { type AttemptBudget, currentAttemptBudget, withAttemptBudget } from './attempt-budget.js';
export { fullJitterDelay } from './backoff.js';
export type { BulkheadPolicy } from './bulkhead.js';
export { type CacheOptions, cacheMiddleware } from './cache-middleware.js';
export { type CachedResponse, type CacheStore, createMemoryCacheStore } from './cache-store.js';
export {
  type ClassificationOverrides,
  classifyError,
  DEFAULT_ERROR_TABLE,
  type ErrorClassification,
  type ErrorKind,
  retryAfterFromHeaders,
} from './classify-error.js';
export { isContentPart } from './guarded-stream.js';
export { createMemoryStore, type MemoryResilienceStore, type MemoryStoreSize } from './memory-store.js';
export {
  type AttemptFailure,
  AttemptsExhaustedError,
  BulkheadRejectedError,
  CircuitOpenError,
  type ExhaustedReason,
  IncompleteStreamError,
  type LimitDimension,
  MidStreamError,
  ModelTimeoutError,
  RateLimitExceededError,
  ResilienceError,
  type TimeoutKind,
} from './resilience-errors.js';
export type { ResilienceEvent, ResilienceEventListener } from './resilience-events.js';
export {
  bulkheadMiddleware,
  circuitBreakerMiddleware,
  rateLimitMiddleware,
  resilienceMiddleware,
  retryMiddleware,
  timeoutMiddleware,
} from './resilience-middleware.js';
export {
  DEFAULT_BREAKER_POLICY,
  type RateLimitPolicy,
  type ResilienceOptions,
  type RetryPolicy,
  type TimeoutPolicy,
} from './resilience-options.js';
export type {
  Admission,
  AdmissionRequest,
  BreakerPolicy,
  BreakerSnapshot,
  BreakerState,
  BreakerTransition,
  ResilienceStore,
  SettleRequest,
} from './resilience-store.js';
export { type FallbackOptions, withFallback } from './with-fallback.js';
