import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, settle } from './chat-response.js';
import { handleChat, refuse } from './handle-chat.js';
import { modelBody } from './openrouter-bodies.js';
import type { RequestRecord } from './request-log.js';
import type { SimulatorState } from './simulator-state.js';
import { usdToNumber } from './usd.js';

/** Larger chat bodies get OpenRouter's 413. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Serves one request: chat completions, `/models`, `/generation` and `/key`, with OpenRouter's errors for a
 * missing key, an unknown path or a bad body. The request is in the log before anything else happens.
 */
export function routeRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  record: RequestRecord,
  url: URL,
  text: string,
  size: number,
): void {
  state.log.add(record);
  const path = url.pathname.replace(/\/+$/, '');
  const authorization = request.headers.authorization ?? '';
  const key = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? '';
  if (!['/api/v1/chat/completions', '/api/v1/models', '/api/v1/generation', '/api/v1/key'].includes(path)) {
    return refuse(state, response, record, 404, `Not found: ${request.method} ${url.pathname}`, 'not-found');
  }
  // OpenRouter serves the model list without a key; everything else needs one.
  if (path !== '/api/v1/models' && !state.acceptsKey(key)) {
    return refuse(
      state,
      response,
      record,
      401,
      key ? 'User not found.' : 'No auth credentials found',
      'unauthorized',
    );
  }
  if (path === '/api/v1/chat/completions') {
    if (request.method !== 'POST')
      return refuse(state, response, record, 405, 'Use POST for /chat/completions.', 'bad-request');
    if (size > MAX_BODY_BYTES)
      return refuse(state, response, record, 413, 'Request body too large.', 'bad-request');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      (record as { body: unknown }).body = text;
      return refuse(state, response, record, 400, 'Invalid JSON in request body.', 'bad-request');
    }
    Object.assign(record, {
      body,
      stream: (body as { stream?: unknown } | null)?.stream === true,
      requestedModel:
        typeof (body as { model?: unknown } | null)?.model === 'string'
          ? (body as { model: string }).model
          : undefined,
    });
    return handleChat(state, response, record, body, key);
  }
  if (path === '/api/v1/models') {
    sendJson(response, 200, {
      data: [...state.models.values()].map((served) => modelBody(served.model)),
      links: { next: null },
      total_count: state.models.size,
    });
    return settle(state, record, 200, 'ok');
  }
  if (path === '/api/v1/generation') {
    const stats = state.generations.get(url.searchParams.get('id') ?? '');
    if (!stats) return refuse(state, response, record, 404, 'Generation not found', 'not-found');
    sendJson(response, 200, { data: stats });
    return settle(state, record, 200, 'ok');
  }
  const account = state.accounts.get(key);
  const usage = usdToNumber(account?.usage ?? 0n);
  const limit = state.keyLimitUsd === undefined ? null : usdToNumber(state.keyLimitUsd);
  sendJson(response, 200, {
    data: {
      label: `${key.slice(0, 12)}...${key.slice(-3)}`,
      limit,
      limit_remaining:
        limit === null ? null : Math.max(0, usdToNumber((state.keyLimitUsd ?? 0n) - (account?.usage ?? 0n))),
      limit_reset: null,
      include_byok_in_limit: false,
      usage,
      usage_daily: usage,
      usage_weekly: usage,
      usage_monthly: usage,
      byok_usage: 0,
      byok_usage_daily: 0,
      byok_usage_weekly: 0,
      byok_usage_monthly: 0,
      is_free_tier: false,
      is_provisioning_key: false,
      is_management_key: false,
      rate_limit: { requests: 1000, interval: '10s', note: 'Simulated rate limit.' },
      allowed_data_regions: ['global'],
      creator_user_id: null,
      organization_id: null,
      workspace_id: null,
      free_model_daily_requests: { limit: 1000, remaining: 1000, used: 0 },
    },
  });
  settle(state, record, 200, 'ok');
}
