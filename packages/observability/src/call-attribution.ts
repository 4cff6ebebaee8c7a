import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { Attribution } from './usage-record.js';

/**
 * The attribution of a call: what the caller put in `providerOptions.orkit` (agent, user, tenant, key, tags),
 * over the defaults. Other providers ignore the `orkit` namespace.
 *
 * @example
 * generateText({ model, prompt, providerOptions: { orkit: { agent: 'reviewer', user: 'u-42', tags: ['beta'] } } });
 */
export function attributionOf(params: LanguageModelV4CallOptions, defaults: Attribution = {}): Attribution {
  const given = (params.providerOptions?.orkit ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const tags = Array.isArray(given.tags)
    ? given.tags.filter((tag): tag is string => typeof tag === 'string')
    : defaults.tags;
  const attribution: { -readonly [K in keyof Attribution]: Attribution[K] } = {};
  const agent = text(given.agent) ?? defaults.agent;
  const user = text(given.user) ?? defaults.user;
  const tenant = text(given.tenant) ?? defaults.tenant;
  const key = text(given.key) ?? defaults.key;
  const callId = text(given.callId) ?? defaults.callId;
  if (agent) attribution.agent = agent;
  if (user) attribution.user = user;
  if (tenant) attribution.tenant = tenant;
  if (key) attribution.key = key;
  if (tags?.length) attribution.tags = tags;
  if (callId) attribution.callId = callId;
  return attribution;
}
