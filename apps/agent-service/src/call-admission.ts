import type { Agent } from '@mastra/core/agent';
import type { ResilienceStore } from '@orkit/resilience';
import type { z } from 'zod';
import { fail, type HttpError } from './http-errors.js';
import type { Tenant } from './tenants.js';

/**
 * The checks every agent call passes, in this order: the agent exists for this tenant (404), the body is JSON (415,
 * 400), it has the right shape (400, naming the field), and the tenant has room in its rate (429 with the wait).
 * Only a valid request counts against the rate. Answers the agent and the parsed body, or the refusal.
 *
 * @example
 * const admitted = await admitCall({ agents, limiter }, request, generateBody);
 * if ('code' in admitted) return errorResponse(c, admitted);
 */
export async function admitCall<T>(
  service: { readonly agents: Readonly<Record<string, Agent>>; readonly limiter: ResilienceStore },
  request: {
    readonly tenant: Tenant;
    readonly agentId: string;
    readonly contentType: string | undefined;
    readonly json: () => Promise<unknown>;
    readonly requestId: string;
  },
  schema: z.ZodType<T>,
): Promise<{ agent: Agent; body: T; tenant: Tenant } | HttpError> {
  const { tenant, agentId } = request;
  const agent = service.agents[agentId];
  if (!agent || (tenant.agents && !tenant.agents.includes(agentId)))
    return fail(404, 'unknown_agent', `No agent '${agentId}' for this key. See GET /v1/agents.`);
  if (!/^application\/json\b/i.test(request.contentType ?? ''))
    return fail(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  let json: unknown;
  try {
    json = await request.json();
  } catch (error) {
    return fail(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    return fail(400, 'invalid_body', `${where}: ${issue?.message ?? 'is invalid'}`);
  }
  const limit = tenant.rateLimit;
  if (limit) {
    const admission = await service.limiter.admit({
      key: `tenant:${tenant.id}`,
      now: Date.now(),
      ticket: request.requestId,
      requests: { limit: limit.requests, windowMs: limit.windowMs },
    });
    if (!admission.ok)
      return {
        ...fail(
          429,
          'rate_limited',
          `Tenant '${tenant.id}' may start ${limit.requests} calls per ${limit.windowMs} ms; wait and retry.`,
        ),
        retryAfterSeconds: Math.max(1, Math.ceil(admission.retryAfterMs / 1000)),
      };
  }
  return { agent, body: parsed.data, tenant };
}
