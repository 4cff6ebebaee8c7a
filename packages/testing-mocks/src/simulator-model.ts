/** Prices as OpenRouter's `/models` serves them: decimal strings in USD per token (per request/image for those). */
export interface SimulatorPricing {
  readonly prompt: string;
  readonly completion: string;
  readonly request?: string;
  readonly image?: string;
  readonly inputCacheRead?: string;
  readonly inputCacheWrite?: string;
  readonly internalReasoning?: string;
  readonly webSearch?: string;
}

/** A model the simulator serves. */
export interface SimulatorModel {
  /** The OpenRouter id, e.g. `anthropic/claude-sonnet-5`. */
  readonly id: string;
  readonly name?: string;
  /** Default 200 000 tokens. */
  readonly contextLength?: number;
  /** Default 32 000 tokens. */
  readonly maxCompletionTokens?: number;
  readonly pricing: SimulatorPricing;
  /** Default `['text']`. */
  readonly inputModalities?: readonly string[];
  /** Default `['text']`. */
  readonly outputModalities?: readonly string[];
  /** Default: tools, tool_choice, temperature, top_p, max_tokens, stop, seed, response_format, structured_outputs, reasoning. */
  readonly supportedParameters?: readonly string[];
  /** The upstream provider named in responses (`provider`); default derived from the vendor, e.g. `Anthropic`. */
  readonly provider?: string;
}

/** The defaults every model gets, so a scripted catalog needs only ids and prices. */
export const SIMULATOR_MODEL_DEFAULTS = {
  contextLength: 200_000,
  maxCompletionTokens: 32_000,
  supportedParameters: [
    'tools',
    'tool_choice',
    'temperature',
    'top_p',
    'max_tokens',
    'stop',
    'seed',
    'response_format',
    'structured_outputs',
    'reasoning',
  ],
} as const;

const VENDOR_NAMES: Readonly<Record<string, string>> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  google: 'Google',
  deepseek: 'DeepSeek',
  'meta-llama': 'Meta',
  qwen: 'Alibaba',
  'x-ai': 'xAI',
  mistralai: 'Mistral',
};

/** The provider name shown for a model. */
export function providerNameOf(model: SimulatorModel): string {
  if (model.provider !== undefined) return model.provider;
  const vendor = model.id.split('/')[0] ?? '';
  return VENDOR_NAMES[vendor] ?? vendor;
}
