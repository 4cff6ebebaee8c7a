import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { MastraModelConfig } from '@mastra/core/llm';

/**
 * The one adapter between `ai` v7 models and Mastra's `model` option. Mastra 1.71 bundles an older
 * `@ai-sdk/provider` whose `finishReason` lacks `'interrupted'`, so a v7 model does not type-check as
 * `MastraModelConfig` although it runs correctly. This is the only place that bridges the two types.
 *
 * @example
 * new Agent({ name: 'support', instructions, model: toMastraModel(withFallback([...])) });
 */
export function toMastraModel(model: LanguageModelV4): MastraModelConfig {
  if (model.specificationVersion !== 'v4') {
    throw new TypeError(
      `toMastraModel expects an AI SDK v4-spec language model, got specificationVersion '${String(model.specificationVersion)}'.`,
    );
  }
  return model as unknown as MastraModelConfig;
}
