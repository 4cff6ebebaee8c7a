import type { ChatRequest } from './chat-request.js';
import type { GenerationIdentity } from './openrouter-bodies.js';
import type { TokenCounts } from './price-usage.js';
import type { RequestRecord } from './request-log.js';
import type { ServedModel } from './simulator-state.js';
import { formatUsd } from './usd.js';

/** What `GET /generation?id=` answers for one generation, as OpenRouter shapes it. */
export function generationStats(facts: {
  identity: GenerationIdentity;
  served: ServedModel;
  request: ChatRequest;
  record: RequestRecord;
  tokens: TokenCounts;
  charged: bigint;
  finishReason: string | null;
  cancelled: boolean;
  byok: boolean;
  elapsed: number;
}) {
  const { identity, served, request, record, tokens, charged, finishReason, cancelled, byok, elapsed } =
    facts;
  return {
    id: identity.id,
    upstream_id: null,
    total_cost: Number(formatUsd(charged)),
    cache_discount: null,
    upstream_inference_cost: null,
    created_at: new Date(identity.created * 1000).toISOString(),
    model: served.model.id,
    app_id: null,
    streamed: request.stream,
    cancelled,
    provider_name: served.provider,
    latency: elapsed,
    moderation_latency: null,
    generation_time: elapsed,
    finish_reason: finishReason,
    native_finish_reason: finishReason,
    tokens_prompt: tokens.promptTokens,
    tokens_completion: tokens.completionTokens,
    native_tokens_prompt: tokens.promptTokens,
    native_tokens_completion: tokens.completionTokens,
    native_tokens_completion_images: 0,
    native_tokens_reasoning: tokens.reasoningTokens,
    native_tokens_cached: tokens.cachedTokens,
    num_media_prompt: null,
    num_input_audio_prompt: null,
    num_media_completion: 0,
    num_search_results: null,
    num_fetches: null,
    origin: '',
    usage: Number(formatUsd(charged)),
    is_byok: byok,
    api_type: 'completions',
    data_region: 'global',
    external_user: typeof request.body.user === 'string' ? request.body.user : null,
    http_referer: record.headers['http-referer'] ?? null,
    router: null,
    provider_responses: null,
    preset_id: null,
    service_tier: null,
    user_agent: record.headers['user-agent'] ?? null,
    web_search_engine: null,
    workspace_id: null,
  };
}
