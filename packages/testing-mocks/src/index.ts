/**
 * @module
 * A faithful OpenRouter simulator, mock AI SDK models with the same fault vocabulary, and test helpers.
 */
export type { ChaosFault, ChaosOptions } from './chaos.js';
export { countCommands, measureRoundTrips, type RoundTrips } from './count-commands.js';
export { DEFAULT_SIMULATOR_MODELS } from './default-models.generated.js';
export { faults, type LimitSource } from './faults.js';
export { type MockOpenRouterModelOptions, mockOpenRouterModel } from './mock-open-router-model.js';
export type { AttemptRecord, RequestLog, RequestOutcome, RequestRecord } from './request-log.js';
export type { PromptMatcher, ScriptHandle, ScriptRule, StepContext, StepFunction } from './script-book.js';
export { loadSimulatorConfig, SimulatorConfigError } from './simulator-config-file.js';
export { SIMULATOR_MODEL_DEFAULTS, type SimulatorModel, type SimulatorPricing } from './simulator-model.js';
export { SIMULATOR_SCENARIOS, type SimulatorScenario, simulatorScenario } from './simulator-scenario.js';
export {
  type BadBodyStep,
  type CutStep,
  type ErrorStep,
  type MalformedStep,
  type ReplyStep,
  reply,
  type SimulatorStep,
  type StallSpec,
  type StreamErrorStep,
  type ToolCallSpec,
  toolCalls,
  type UsageSpec,
} from './simulator-step.js';
export {
  type OpenRouterSimulator,
  type OpenRouterSimulatorOptions,
  SIMULATOR_API_KEY,
  startOpenRouterSimulator,
} from './start-open-router-simulator.js';
