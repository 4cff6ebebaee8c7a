import type { LanguageModelV4 } from '@ai-sdk/provider';
import { RequestContext } from '@mastra/core/request-context';
import { beforeEachCall } from './agent-model.js';
import { toMastraModel } from './to-mastra-model.js';

/** Request-context keys that attribute a call's usage and budget to a caller. */
export const CALLER_KEYS = { user: 'orkit.user', tenant: 'orkit.tenant' } as const;

/**
 * The agent's model for one call, carrying the caller from Mastra's request context (`orkit.user`,
 * `orkit.tenant`) into `providerOptions.orkit`, where usage and budget middleware read attribution. Without a
 * caller the shared model is used as it is.
 */
export function withCaller(model: LanguageModelV4, requestContext: RequestContext) {
  const user = requestContext.get(CALLER_KEYS.user) as string | undefined;
  const tenant = requestContext.get(CALLER_KEYS.tenant) as string | undefined;
  if (!user && !tenant) return toMastraModel(model);
  const caller = { ...(user ? { user } : {}), ...(tenant ? { tenant } : {}) };
  return toMastraModel(
    beforeEachCall(model, (options) => ({
      ...options,
      providerOptions: {
        ...options.providerOptions,
        orkit: { ...(options.providerOptions?.orkit ?? {}), ...caller },
      },
    })),
  );
}

/**
 * A request context that attributes a call's usage and budget to a user and/or tenant, for agents made by
 * `createAgent` (adaptive agents take the same keys through `adaptiveRequestContext`).
 *
 * @example
 * ```ts
 * await agent.generate(prompt, { requestContext: callerRequestContext({ user: 'u-42', tenant: 'acme' }) });
 * ```
 */
export function callerRequestContext(caller: {
  readonly user?: string;
  readonly tenant?: string;
}): RequestContext {
  const context = new RequestContext();
  if (caller.user) context.set(CALLER_KEYS.user, caller.user);
  if (caller.tenant) context.set(CALLER_KEYS.tenant, caller.tenant);
  return context;
}
