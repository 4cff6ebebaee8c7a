import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
} from '@ai-sdk/provider';

/**
 * A model that answers at once with a fixed result, so a benchmark measures the middleware around it and
 * nothing else. `usageRaw` is what the provider would put in `usage.raw` (e.g. OpenRouter's `cost`).
 *
 * @example
 * const { model, doGenerate, params } = instantModel({ provider: 'bench' });
 * await wrapGenerate({ model, params, doGenerate, doStream: doGenerate as never });
 */
export function instantModel(options: {
  readonly provider: string;
  readonly usageRaw?: Record<string, unknown>;
}) {
  const result: LanguageModelV4GenerateResult = {
    content: [{ type: 'text', text: 'ok' }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: {
      inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 2, text: 2, reasoning: 0 },
      ...(options.usageRaw ? { raw: options.usageRaw as never } : {}),
    },
    warnings: [],
  };
  const doGenerate = async () => result;
  const model = {
    specificationVersion: 'v4',
    provider: options.provider,
    modelId: 'instant',
    supportedUrls: {},
    doGenerate,
    doStream: async () => ({ stream: new ReadableStream() }),
  } as unknown as LanguageModelV4;
  const params: LanguageModelV4CallOptions = {
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
  };
  return { model, doGenerate, result, params };
}
