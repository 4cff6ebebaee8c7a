import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { pipeStage } from '@orkit/config/part-pipe';
import type { LanguageModelMiddleware } from 'ai';
import { cacheKey } from './cache-key.js';
import { type CachedResponse, type CacheStore, createMemoryCacheStore } from './cache-store.js';
import type { ResilienceEventListener } from './resilience-events.js';

/** Options of {@link cacheMiddleware}. */
export interface CacheOptions {
  /** Default: an in-process LRU of 1 000 entries. */
  readonly store?: CacheStore;
  /** Default 1 hour. */
  readonly ttlMs?: number;
  /** Keeps tenants apart: answers are cached per scope. */
  readonly scope?: (params: LanguageModelV4CallOptions) => string | undefined;
  /** Cache only deterministic calls (temperature 0 or a seed). Default true. */
  readonly deterministicOnly?: boolean;
  readonly onEvent?: ResilienceEventListener;
}

/** The raw usage the provider returned, with its money set to zero (tokens stay: they describe the answer). */
function uncharged(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || !('cost' in raw)) return raw;
  const { cost_details: details, ...rest } = raw as { cost_details?: unknown };
  return {
    ...rest,
    cost: 0,
    ...(typeof details === 'object' && details !== null
      ? { cost_details: { ...details, upstream_inference_cost: 0 } }
      : {}),
  };
}

/**
 * Nothing was charged for a cached answer: say so everywhere a cost is read (the provider's metadata and the raw
 * usage), so neither the ledger nor a budget counts it twice.
 */
function markHit<
  T extends {
    providerMetadata?: Record<string, Record<string, unknown>> | undefined;
    usage?: { raw?: unknown } | undefined;
  },
>(value: T): T {
  const openrouter = value.providerMetadata?.openrouter as { usage?: { cost?: number } } | undefined;
  return {
    ...value,
    ...(value.usage ? { usage: { ...value.usage, raw: uncharged(value.usage.raw) } } : {}),
    providerMetadata: {
      ...value.providerMetadata,
      ...(openrouter
        ? {
            openrouter: {
              ...openrouter,
              ...(openrouter.usage ? { usage: { ...openrouter.usage, cost: 0 } } : {}),
            },
          }
        : {}),
      orkit: { cache: 'hit', originalCost: openrouter?.usage?.cost ?? null },
    },
  };
}

/**
 * Caches complete, successful answers by an exact key (model + prompt + every output-affecting setting +
 * optional tenant scope). Only deterministic calls by default. A cached stream replays as a stream. Errors and
 * partial streams are never stored. A hit reports `cost: 0` and `providerMetadata.orkit.cache = 'hit'`.
 *
 * @example
 * wrapLanguageModel({ model, middleware: [cacheMiddleware({ ttlMs: 600_000, scope: (p) => tenantOf(p) }), resilienceMiddleware(...)] });
 */
export function cacheMiddleware(options: CacheOptions = {}): LanguageModelMiddleware {
  const store = options.store ?? createMemoryCacheStore();
  const ttlMs = options.ttlMs ?? 3_600_000;
  const unavailable = (operation: string, error: unknown) =>
    options.onEvent?.({
      type: 'store-unavailable',
      store: 'cache',
      operation,
      error: error instanceof Error ? error : new Error(String(error)),
    });
  /**
   * A lookup that never fails a call: a store that throws, or an entry that does not parse, is a miss. A local
   * store answers synchronously (no promise), a remote one with a promise.
   */
  const lookup = (key: string): CachedResponse | undefined | Promise<CachedResponse | undefined> => {
    const missed = (error: unknown) => {
      unavailable('get', error);
      return undefined;
    };
    try {
      const found = store.get(key);
      return found instanceof Promise ? found.catch(missed) : found;
    } catch (error) {
      return missed(error);
    }
  };
  /** Stored behind the answer: the caller never waits for it, and a failure is an event, never a lost answer. */
  const storeBehind = (key: string, value: CachedResponse, model: string) => {
    Promise.resolve()
      .then(() => store.set(key, value, ttlMs))
      .then(
        () => options.onEvent?.({ type: 'cache-store', key, model }),
        (error: unknown) => unavailable('set', error),
      );
  };
  const eligible = (params: LanguageModelV4CallOptions) =>
    !(options.deterministicOnly ?? true) || params.temperature === 0 || params.seed !== undefined;
  return {
    specificationVersion: 'v4',
    async wrapGenerate({ model, params, doGenerate }): Promise<LanguageModelV4GenerateResult> {
      if (!eligible(params)) return doGenerate();
      const key = cacheKey(model as LanguageModelV4, params, options.scope?.(params));
      const found = lookup(key);
      const cached = found instanceof Promise ? await found : found;
      if (cached?.kind === 'generate') {
        options.onEvent?.({ type: 'cache-hit', key, model: model.modelId });
        // Stored already marked as a hit; each caller gets its own top-level object.
        return { ...(cached.result as LanguageModelV4GenerateResult) };
      }
      options.onEvent?.({ type: 'cache-miss', key, model: model.modelId });
      const result = await doGenerate();
      const finished =
        result.finishReason.unified !== 'error' && !result.content.some((part) => part.type === 'file');
      if (finished) {
        const { request: _request, response, ...rest } = result;
        storeBehind(
          key,
          { kind: 'generate', result: markHit({ ...rest, response: { ...response, body: undefined } }) },
          model.modelId,
        );
      }
      return result;
    },
    async wrapStream({ model, params, doStream }): Promise<LanguageModelV4StreamResult> {
      if (!eligible(params)) return doStream();
      const key = cacheKey(model as LanguageModelV4, params, options.scope?.(params));
      const found = lookup(key);
      const cached = found instanceof Promise ? await found : found;
      if (cached?.kind === 'stream') {
        options.onEvent?.({ type: 'cache-hit', key, model: model.modelId });
        // Stored already marked as a hit.
        const parts = cached.parts as LanguageModelV4StreamPart[];
        return {
          stream: new ReadableStream({
            start(controller) {
              for (const part of parts) controller.enqueue(part);
              controller.close();
            },
          }),
        };
      }
      options.onEvent?.({ type: 'cache-miss', key, model: model.modelId });
      const result = await doStream();
      const parts: LanguageModelV4StreamPart[] = [];
      let complete = true;
      const stream = pipeStage(result.stream, {
        part(part, emit) {
          if (
            part.type === 'error' ||
            (part.type === 'finish' && part.finishReason.unified === 'error') ||
            part.type === 'file'
          )
            complete = false;
          if (complete && part.type !== 'raw') parts.push(part);
          emit(part);
        },
        done() {
          if (complete && parts.some((part) => part.type === 'finish')) {
            const marked = parts.map((part) => (part.type === 'finish' ? markHit(part) : part));
            storeBehind(key, { kind: 'stream', parts: marked }, model.modelId);
          }
        },
      });
      return { ...result, stream };
    },
  };
}
