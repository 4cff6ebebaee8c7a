import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Middleware,
  SharedV4ProviderOptions,
} from '@ai-sdk/provider';

/** Options of {@link promptCachingMiddleware}. */
export interface PromptCachingOptions {
  /**
   * Which models get explicit cache breakpoints. Default: Anthropic's and Google's Gemini models, which behind
   * OpenRouter cache only where a request marks it; OpenAI, DeepSeek and others cache a repeated prefix by
   * themselves and are left alone.
   */
  readonly models?: (modelId: string) => boolean;
  /** How long the provider keeps the cached prefix: Anthropic's default 5 minutes, or 1 hour (dearer to write). */
  readonly ttl?: '5m' | '1h';
  /** Also mark the last user message, so the next turn of a long conversation reads all of it from the cache. */
  readonly conversation?: boolean;
}

const EXPLICIT = /^(anthropic\/|google\/gemini)/;

type Message = LanguageModelV4CallOptions['prompt'][number];

function marked(message: Message): boolean {
  const options = message.providerOptions as
    | {
        openrouter?: { cacheControl?: unknown; cache_control?: unknown };
        anthropic?: { cacheControl?: unknown };
      }
    | undefined;
  return Boolean(
    options?.openrouter?.cacheControl ??
      options?.openrouter?.cache_control ??
      options?.anthropic?.cacheControl,
  );
}

function withBreakpoint(message: Message, cacheControl: { type: 'ephemeral'; ttl?: '1h' }): Message {
  if (marked(message)) return message; // the caller placed one already: theirs wins
  const providerOptions: SharedV4ProviderOptions = {
    ...message.providerOptions,
    openrouter: { ...message.providerOptions?.openrouter, cacheControl },
  };
  return { ...message, providerOptions } as Message;
}

/**
 * Prompt caching for the providers behind OpenRouter that need to be told where the stable prefix ends (Anthropic,
 * Gemini): a cache breakpoint on the last system message, which for Anthropic also covers the tool definitions
 * before it, so every later call with the same instructions and tools reads them at the cache-read price. Other
 * models pass through untouched. Breakpoints the caller set are kept. The cached and cache-write tokens of each
 * call are in its usage (and in `@orkit/observability`'s ledger).
 *
 * Why our own: the provider package takes `cacheControl` per message, but knowing which models need it and where
 * the stable prefix ends is the part that saves money, and no library we found does it for OpenRouter.
 *
 * @example
 * const model = wrapLanguageModel({ model: openrouter.chat('anthropic/claude-sonnet-5'), middleware: promptCachingMiddleware() });
 * await generateText({ model, system: longInstructions, prompt }); // the second call reads the instructions from the cache
 */
export function promptCachingMiddleware(options: PromptCachingOptions = {}): LanguageModelV4Middleware {
  const applies = options.models ?? ((modelId: string) => EXPLICIT.test(modelId));
  const cacheControl = {
    type: 'ephemeral' as const,
    ...(options.ttl === '1h' ? { ttl: '1h' as const } : {}),
  };
  return {
    specificationVersion: 'v4',
    transformParams: async ({ params, model }) => {
      if (!applies(model.modelId)) return params;
      const prompt = [...params.prompt];
      const lastSystem = prompt.findLastIndex((message) => message.role === 'system');
      if (lastSystem >= 0) prompt[lastSystem] = withBreakpoint(prompt[lastSystem] as Message, cacheControl);
      if (options.conversation) {
        const lastUser = prompt.findLastIndex((message) => message.role === 'user');
        if (lastUser >= 0) prompt[lastUser] = withBreakpoint(prompt[lastUser] as Message, cacheControl);
      }
      return { ...params, prompt };
    },
  };
}
