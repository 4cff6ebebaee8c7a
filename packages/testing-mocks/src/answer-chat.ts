import type { ServerResponse } from 'node:http';
import { countTokens } from 'gpt-tokenizer';
import { badBody } from './bad-bodies.js';
import { chargeFor, replyContent, replyJson, type StreamEnding, streamEvents } from './chat-answer.js';
import type { ChatRequest } from './chat-request.js';
import { sendJson, settle } from './chat-response.js';
import { generationStats } from './generation-stats.js';
import { errorBody, type GenerationIdentity } from './openrouter-bodies.js';
import { priceUsage, type TokenCounts } from './price-usage.js';
import { withPromptCache } from './prompt-cache.js';
import type { RequestOutcome, RequestRecord } from './request-log.js';
import type { ServedModel, SimulatorState } from './simulator-state.js';
import type { ReplyStep, SimulatorStep } from './simulator-step.js';
import { type SseEnding, sseHeaders, writeSse } from './sse-writer.js';
import { formatUsd } from './usd.js';

const noop = () => undefined;

/**
 * Answers one chat request with the step the script, chaos or an error case chose: JSON or SSE, the usage and
 * cost OpenRouter would report, and the request log settled however the answer ends.
 */
export function answer(
  state: SimulatorState,
  response: ServerResponse,
  record: RequestRecord,
  request: ChatRequest,
  served: ServedModel,
  step: SimulatorStep,
  apiKey: string,
): void {
  state.generationCounter += 1;
  const identity: GenerationIdentity = {
    id: `gen-${Date.now()}-${state.generationCounter}`,
    model: served.model.id,
    provider: served.provider,
    created: Math.floor(Date.now() / 1000),
  };
  const attempt = (outcome: RequestOutcome, status: number) => {
    record.attempts.push({ model: served.model.id, outcome, status });
  };
  const startedAt = performance.now();
  const fallbackText = state.defaultReply({
    model: served.model.id,
    prompt: request.prompt,
    body: request.body,
    stream: request.stream,
    attempt: 0,
  });

  /** Charges the key for what was generated and records the generation. */
  const bill = (
    tokens: TokenCounts,
    charged: bigint,
    finishReason: string | null,
    cancelled: boolean,
    byok: boolean,
  ) => {
    const account = state.accounts.get(apiKey);
    if (account) account.usage += charged;
    record.answeredBy = served.model.id;
    record.generationId = identity.id;
    record.chargedUsd = formatUsd(charged);
    if (state.generations.size >= state.maxGenerations) {
      const oldest = state.generations.keys().next().value;
      if (oldest !== undefined) state.generations.delete(oldest);
    }
    const elapsed = Math.round(performance.now() - startedAt);
    state.generations.set(
      identity.id,
      generationStats({
        identity,
        served,
        request,
        record,
        tokens,
        charged,
        finishReason,
        cancelled,
        byok,
        elapsed,
      }),
    );
  };

  /** For a stream that stopped early: bill the prompt and the content actually sent. */
  const billPartial = (sentText: string, cancelled: boolean) => {
    const tokens: TokenCounts = {
      promptTokens: request.promptTokens,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      completionTokens: countTokens(sentText),
      reasoningTokens: 0,
    };
    bill(tokens, priceUsage(served.pricing, tokens).total, cancelled ? null : 'error', cancelled, false);
  };

  const stream = (
    replyStep: ReplyStep,
    text: string,
    stopAfter: number | undefined,
    ending: StreamEnding,
    outcome: RequestOutcome,
    onDone?: () => void,
  ) => {
    let sent = '';
    response.writeHead(200, sseHeaders(identity.id));
    writeSse(response, streamEvents(identity, replyStep, text, stopAfter, ending), {
      timers: state.timers,
      keepAliveIntervalMs: state.keepAliveIntervalMs,
      onContent: (content) => {
        sent += content;
        record.chunksSent += 1;
      },
      onEnd: (how: SseEnding) => {
        if (how === 'client-aborted') {
          billPartial(sent, true);
          attempt('client-aborted', 200);
          return settle(state, record, 200, 'client-aborted');
        }
        if (onDone) onDone();
        else if (sent !== '') billPartial(sent, false);
        attempt(outcome, 200);
        settle(state, record, 200, outcome);
      },
    });
  };

  if (step.type === 'reply' && step.headersDelayMs) {
    // Accept the connection and say nothing, not even headers; then answer as asked (if anyone still listens).
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      if (!response.destroyed)
        answer(state, response, record, request, served, { ...step, headersDelayMs: 0 }, apiKey);
    }, step.headersDelayMs);
    state.timers.add(timer);
    response.on('close', () => {
      if (record.outcome !== undefined || response.headersSent) return;
      clearTimeout(timer);
      state.timers.delete(timer);
      attempt('client-aborted', 0);
      settle(state, record, 0, 'client-aborted');
    });
    return;
  }

  switch (step.type) {
    case 'bad-body': {
      // Plain JSON is the right answer to a JSON request: a bad body only where a stream was asked for.
      if (step.body === 'json' && !request.stream)
        return answer(
          state,
          response,
          record,
          request,
          served,
          { type: 'reply', text: step.text ?? fallbackText },
          apiKey,
        );
      attempt('bad-body', 200);
      const replyStep: ReplyStep = { type: 'reply', text: step.text ?? fallbackText };
      if (step.body === 'no-finish' && request.stream)
        return stream(
          replyStep,
          replyStep.text as string,
          undefined,
          { kind: 'unfinished' },
          'bad-body',
          noop,
        );
      if (step.body === 'wrong-shape' && request.stream)
        return stream(replyStep, '', 0, { kind: 'wrong-shape' }, 'bad-body', noop);
      const plainJson = () => {
        const content = replyContent(replyStep, request, fallbackText);
        const { usage } = chargeFor(served, content.tokens, false, state.byokFeeRate);
        return JSON.stringify(replyJson(identity, replyStep, content, usage));
      };
      const [contentType, body] = badBody(step.body, request.stream, plainJson);
      response.writeHead(200, { 'content-type': contentType }).end(body);
      return settle(state, record, 200, 'bad-body');
    }
    case 'error': {
      if (step.inBand) {
        attempt('in-band-error', 200);
        if (request.stream) {
          return stream(
            { type: 'reply' },
            '',
            0,
            { kind: 'error', code: step.status, message: step.message, metadata: step.metadata },
            'in-band-error',
            () => undefined,
          );
        }
        sendJson(response, 200, errorBody(step.status, step.message, step.metadata));
        return settle(state, record, 200, 'in-band-error');
      }
      const headers: Record<string, string> = { ...step.headers };
      if (step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
      attempt('http-error', step.status);
      sendJson(response, step.status, errorBody(step.status, step.message, step.metadata), headers);
      return settle(state, record, step.status, 'http-error');
    }
    case 'stream-error': {
      if (!request.stream) {
        attempt('in-band-error', 200);
        sendJson(response, 200, errorBody(step.code, step.message, step.metadata));
        return settle(state, record, 200, 'in-band-error');
      }
      const ending: StreamEnding = {
        kind: 'error',
        code: step.code,
        message: step.message,
        metadata: step.metadata,
      };
      return stream({ type: 'reply' }, step.text ?? fallbackText, step.afterChunks, ending, 'stream-error');
    }
    case 'cut': {
      if (!request.stream) {
        attempt('cut', 0);
        response.socket?.destroy();
        return settle(state, record, 0, 'cut');
      }
      return stream({ type: 'reply' }, step.text ?? fallbackText, step.afterChunks, { kind: 'cut' }, 'cut');
    }
    case 'malformed': {
      if (!request.stream) {
        attempt('malformed', 200);
        response.writeHead(200, { 'content-type': 'application/json', 'x-generation-id': identity.id });
        response.end(`{"id":"${identity.id}","object":"chat.completion","choices":[{"message":`);
        return settle(state, record, 200, 'malformed');
      }
      return stream(
        { type: 'reply' },
        fallbackText,
        step.afterChunks ?? 0,
        { kind: 'malformed' },
        'malformed',
      );
    }
    case 'reply': {
      const scripted = replyContent(step, request, fallbackText);
      // The provider's prompt cache, unless the script says what was cached.
      const content =
        state.promptCache &&
        step.usage?.cachedTokens === undefined &&
        step.usage?.cacheWriteTokens === undefined
          ? {
              ...scripted,
              tokens: withPromptCache(
                state.promptCache,
                served,
                request.cacheable,
                scripted.tokens,
                Date.now(),
              ),
            }
          : scripted;
      const byok = step.usage?.byok ?? false;
      const { charged, usage } = chargeFor(served, content.tokens, byok, state.byokFeeRate);
      const complete = () => bill(content.tokens, charged, content.finishReason, false, byok);
      if (request.stream) {
        return stream(
          step,
          content.text,
          undefined,
          { kind: 'finish', usage, finishReason: content.finishReason },
          'ok',
          complete,
        );
      }
      const send = () => {
        complete();
        attempt('ok', 200);
        sendJson(response, 200, replyJson(identity, step, content, usage), {
          'x-generation-id': identity.id,
        });
        settle(state, record, 200, 'ok');
      };
      const delay = (step.firstChunkDelayMs ?? 0) + (step.stall?.ms ?? 0);
      if (delay === 0) return send();
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        if (!response.destroyed) send();
      }, delay);
      state.timers.add(timer);
      response.on('close', () => {
        if (record.outcome === undefined) {
          clearTimeout(timer);
          state.timers.delete(timer);
          attempt('client-aborted', 0);
          settle(state, record, 0, 'client-aborted');
        }
      });
      return;
    }
  }
}
