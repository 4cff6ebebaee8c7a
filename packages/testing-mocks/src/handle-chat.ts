import type { ServerResponse } from 'node:http';
import { answer } from './answer-chat.js';
import { isChatRequestProblem, parseChatRequest } from './chat-request.js';
import { sendJson, settle } from './chat-response.js';
import { faults } from './faults.js';
import { errorBody } from './openrouter-bodies.js';
import type { RequestOutcome, RequestRecord } from './request-log.js';
import { SIMULATOR_MODEL_DEFAULTS } from './simulator-model.js';
import type { ServedModel, SimulatorState } from './simulator-state.js';
import type { SimulatorStep } from './simulator-step.js';

const FREE: ServedModel['pricing'] = {
  prompt: 0n,
  completion: 0n,
  request: 0n,
  cacheRead: 0n,
  cacheWrite: 0n,
  reasoning: 0n,
};

/** The served model for an id, variants included: `:free` is billed at zero, other variants at the base price. */
function resolveModel(state: SimulatorState, id: string): ServedModel | undefined {
  const direct = state.models.get(id);
  if (direct) return direct;
  const [base = '', variant] = id.split(':');
  const served = state.models.get(base);
  if (!served || variant === undefined) return undefined;
  return variant === 'free' ? { ...served, pricing: FREE } : served;
}

/** Sends OpenRouter's error for a request that never reached a model. */
export function refuse(
  state: SimulatorState,
  response: ServerResponse,
  record: RequestRecord,
  status: number,
  message: string,
  outcome: RequestOutcome,
): void {
  sendJson(response, status, errorBody(status, message));
  settle(state, record, status, outcome);
}

function failsBeforeContent(step: SimulatorStep): boolean {
  return step.type === 'error' || (step.type === 'stream-error' && step.afterChunks === 0);
}

/** Handles `POST /chat/completions` for an authenticated key. Never throws. */
export function handleChat(
  state: SimulatorState,
  response: ServerResponse,
  record: RequestRecord,
  body: unknown,
  apiKey: string,
): void {
  const parsed = parseChatRequest(body);
  if (isChatRequestProblem(parsed))
    return refuse(state, response, record, 400, parsed.message, 'bad-request');
  const candidates = parsed.candidates.length > 0 ? parsed.candidates : [state.defaultModel];
  const served = candidates.map((id) => resolveModel(state, id));
  const unknown = candidates.find((_, index) => served[index] === undefined);
  if (unknown !== undefined)
    return refuse(state, response, record, 400, `${unknown} is not a valid model ID`, 'bad-request');

  const account = state.accounts.get(apiKey) ?? { usage: 0n, requests: 0 };
  state.accounts.set(apiKey, account);
  account.requests += 1;
  if (state.keyLimitUsd !== undefined && account.usage >= state.keyLimitUsd) {
    const step = faults.insufficientCredits({ limitSource: 'openrouter_key_limit' });
    return answer(state, response, record, parsed, served[0] as ServedModel, step, apiKey);
  }
  for (let index = 0; index < candidates.length; index += 1) {
    const model = served[index] as ServedModel;
    const id = candidates[index] as string;
    const contextLength = model.model.contextLength ?? SIMULATOR_MODEL_DEFAULTS.contextLength;
    const context = { model: id, prompt: parsed.prompt, body: parsed.body, stream: parsed.stream };
    const step: SimulatorStep =
      parsed.promptTokens + (parsed.maxTokens ?? 0) > contextLength
        ? faults.contextLength({
            maxContext: contextLength,
            requested: parsed.promptTokens + (parsed.maxTokens ?? 0),
          })
        : (state.scripts.next(context) ?? state.chaos?.next(id) ?? { type: 'reply' });
    if (index < candidates.length - 1 && failsBeforeContent(step)) {
      const status = step.type === 'error' ? step.status : step.type === 'stream-error' ? step.code : 0;
      record.attempts.push({
        model: model.model.id,
        outcome: step.type === 'error' ? 'http-error' : 'stream-error',
        status,
      });
      continue;
    }
    return answer(state, response, record, parsed, model, step, apiKey);
  }
}
