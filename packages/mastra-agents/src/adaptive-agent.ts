import type { LanguageModelV4 } from '@ai-sdk/provider';
import { Agent } from '@mastra/core/agent';
import { RequestContext } from '@mastra/core/request-context';
import { type Complexity, classifyTask, strategyModels, type Task } from '@orkit/model-selection';
import { buildAgentModel } from './agent-model.js';
import { CALLER_KEYS, withCaller } from './caller-attribution.js';
import { agentSettings, type CreateAgentOptions, keepTemperature } from './create-agent.js';

/** Request-context keys the adaptive agent reads. */
export const ADAPTIVE_KEYS = {
  task: 'orkit.task',
  complexity: 'orkit.complexity',
  user: CALLER_KEYS.user,
  tenant: CALLER_KEYS.tenant,
} as const;

/** Options of {@link createAdaptiveAgent}. */
export type AdaptiveAgentOptions = Omit<CreateAgentOptions, 'task' | 'models'> & {
  /** Used when a call names no task. Default `complex`. */
  readonly defaultTask?: Task;
};

/**
 * A Mastra `Agent` that picks its models **per call** from the task and complexity in the call's request
 * context (see {@link adaptiveRequestContext}), through Mastra's dynamic `model`. Nothing on the shared agent
 * changes, so concurrent calls never run on each other's model. Chains are built once per order of models and
 * share the stack's state (breakers, limits, budgets); with `stack.health`, unhealthy models go last.
 *
 * @example
 * const agent = createAdaptiveAgent({ name: 'assistant', instructions, model: openrouter.chat, stack });
 * const prompt = 'Prove that the square root of 2 is irrational';
 * await agent.generate(prompt, { requestContext: adaptiveRequestContext(prompt, { user: 'u-42' }) });
 */
export function createAdaptiveAgent(options: AdaptiveAgentOptions): Agent {
  const chains = new Map<string, LanguageModelV4>();
  const chainFor = (task: Task, complexity: Complexity) => {
    const chosen = strategyModels(task, { complexity, ...(options.tiers ? { tiers: options.tiers } : {}) });
    // With a health tracker, models that are failing or slow right now are tried last.
    const ids = options.stack?.health ? options.stack.health.order(chosen) : chosen;
    const key = ids.join('|');
    let chain = chains.get(key);
    if (!chain) {
      chain = keepTemperature(
        buildAgentModel(
          ids.map((id) => options.model(id)),
          options.name,
          options.stack,
        ),
        options.temperature,
      );
      chains.set(key, chain);
    }
    return chain;
  };
  return new Agent({
    id: options.id ?? options.name,
    name: options.name,
    instructions: options.instructions,
    model: ({ requestContext }) => {
      const task =
        (requestContext.get(ADAPTIVE_KEYS.task) as Task | undefined) ?? options.defaultTask ?? 'complex';
      const complexity = (requestContext.get(ADAPTIVE_KEYS.complexity) as Complexity | undefined) ?? 'medium';
      return withCaller(chainFor(task, complexity), requestContext);
    },
    ...agentSettings(options),
  });
}

/**
 * The request context for one adaptive call: task and complexity (classified from the prompt unless given)
 * and, optionally, the user for attribution.
 *
 * @example
 * agent.generate(prompt, { requestContext: adaptiveRequestContext(prompt, { complexity: 'high' }) });
 */
export function adaptiveRequestContext(
  prompt: string,
  options: { task?: Task; complexity?: Complexity; user?: string; tenant?: string } = {},
): RequestContext {
  const classified = options.task && options.complexity ? undefined : classifyTask(prompt);
  const context = new RequestContext();
  context.set(ADAPTIVE_KEYS.task, options.task ?? classified?.task ?? 'complex');
  context.set(ADAPTIVE_KEYS.complexity, options.complexity ?? classified?.complexity ?? 'medium');
  if (options.user) context.set(ADAPTIVE_KEYS.user, options.user);
  if (options.tenant) context.set(ADAPTIVE_KEYS.tenant, options.tenant);
  return context;
}
