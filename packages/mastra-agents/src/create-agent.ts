import type { LanguageModelV4 } from '@ai-sdk/provider';
import { Agent, type AgentConfig } from '@mastra/core/agent';
import type { ModelTiers } from '@orkit/config/tiers';
import { strategyModels, type Task } from '@orkit/model-selection';
import { type AgentStack, beforeEachCall, buildAgentModel } from './agent-model.js';
import { withCaller } from './caller-attribution.js';

/** Makes a language model for an OpenRouter id (e.g. `createOpenRouter(config).chat`). */
export type ModelFactory = (modelId: string) => LanguageModelV4;

/** Options of {@link createAgent}. */
export interface CreateAgentOptions {
  readonly name: string;
  readonly id?: string;
  readonly instructions: string;
  /** Models from a task strategy (tiers resolved), or… */
  readonly task?: Task;
  /** …an explicit chain, primary first. */
  readonly models?: readonly string[];
  /** Turns ids into models, e.g. `createOpenRouter(config).chat`. */
  readonly model: ModelFactory;
  /** Tier ids, e.g. `loadConfig().models`. Default: `@orkit/config`'s current tiers. */
  readonly tiers?: Partial<ModelTiers>;
  readonly stack?: AgentStack;
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
  /** Passed to Mastra as is. */
  readonly tools?: AgentConfig['tools'];
  readonly memory?: AgentConfig['memory'];
  readonly inputProcessors?: AgentConfig['inputProcessors'];
  readonly outputProcessors?: AgentConfig['outputProcessors'];
}

/** The model ids an agent's options resolve to. */
export function agentModelIds(options: Pick<CreateAgentOptions, 'task' | 'models' | 'tiers'>): string[] {
  if (options.models?.length) return [...options.models];
  if (options.task) return strategyModels(options.task, options.tiers ? { tiers: options.tiers } : {});
  throw new TypeError('createAgent needs either models (an explicit chain) or task (a strategy).');
}

/**
 * A Mastra `Agent` from shared pieces: its models from a task strategy or an explicit chain, wrapped in the stack
 * (guards, cache, resilience, budget, usage) in the documented order, with the agent's name as attribution. Mastra's
 * own retries are off (`maxRetries: 0`) so layers do not multiply.
 *
 * @example
 * const reviewer = createAgent({ ...CODE_REVIEW_PRESET, model: openrouter.chat, stack: { resilience: { retry: {} }, usage: { ledger } } });
 * const { text } = await reviewer.generate('Review: function add(a, b) { return a - b }');
 */
export function createAgent(options: CreateAgentOptions): Agent {
  const ids = agentModelIds(options);
  const model = keepTemperature(
    buildAgentModel(
      ids.map((id) => options.model(id)),
      options.name,
      options.stack,
    ),
    options.temperature,
  );
  return new Agent({
    id: options.id ?? options.name,
    name: options.name,
    instructions: options.instructions,
    // Resolved per call only to carry the caller (request-context `orkit.user`/`orkit.tenant`) into attribution.
    model: ({ requestContext }) => withCaller(model, requestContext),
    ...agentSettings(options),
  });
}

/**
 * Mastra drops `temperature` for every model its registry does not list as taking it (`anthropic/claude-sonnet-5`
 * and `openai/gpt-5.5` among them), without a word. OpenRouter ignores a parameter the serving provider does not
 * take, so the agent's temperature is set again below Mastra, on calls that arrive without one: the provider gets
 * what the agent says, and deterministic calls can be cached.
 *
 * @example
 * const model = keepTemperature(buildAgentModel(models, 'reviewer', stack), 0);
 */
export function keepTemperature(model: LanguageModelV4, temperature: number | undefined): LanguageModelV4 {
  if (temperature === undefined) return model;
  return beforeEachCall(model, (options) =>
    options.temperature === undefined ? { ...options, temperature } : options,
  );
}

/**
 * The settings every orkit agent shares: Mastra's own retries off (our layers decide), the preset's model
 * settings, and tools, memory and processors passed through.
 */
export function agentSettings(
  options: Pick<
    CreateAgentOptions,
    'temperature' | 'maxOutputTokens' | 'tools' | 'memory' | 'inputProcessors' | 'outputProcessors'
  >,
) {
  return {
    maxRetries: 0,
    defaultOptions: {
      modelSettings: {
        maxRetries: 0,
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
      },
    },
    ...(options.tools ? { tools: options.tools } : {}),
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.inputProcessors ? { inputProcessors: options.inputProcessors } : {}),
    ...(options.outputProcessors ? { outputProcessors: options.outputProcessors } : {}),
  };
}
