/**
 * @module
 * Mastra agents assembled from orkit's pieces.
 */
export {
  ADAPTIVE_KEYS,
  type AdaptiveAgentOptions,
  adaptiveRequestContext,
  createAdaptiveAgent,
} from './adaptive-agent.js';
export { type AgentStack, buildAgentModel } from './agent-model.js';
export {
  type AgentPreset,
  CODE_REVIEW_PRESET,
  CONTENT_WRITER_PRESET,
  DATA_ANALYST_PRESET,
} from './agent-presets.js';
export { CALLER_KEYS, callerRequestContext } from './caller-attribution.js';
export { agentModelIds, type CreateAgentOptions, createAgent, type ModelFactory } from './create-agent.js';
export { AgentStreamError, type StreamAgentTextOptions, streamAgentText } from './stream-agent-text.js';
export { toMastraModel } from './to-mastra-model.js';
