/** OpenRouter's key format: `sk-or-v1-` followed by 64 lowercase hexadecimal characters. */
export const OPENROUTER_KEY_PATTERN = /^sk-or-v1-[0-9a-f]{64}$/;

/** Where users create OpenRouter keys; every key-related message points there. */
export const OPENROUTER_KEYS_URL = 'https://openrouter.ai/settings/keys';

/**
 * Says what is wrong with a string that should be an OpenRouter API key, or `undefined` when it has the right
 * format. The answer never contains the key itself.
 *
 * @example
 * describeApiKeyProblem('"sk-or-v1-…"'); // 'is wrapped in quotes'
 * describeApiKeyProblem('sk-proj-abc');  // 'looks like an OpenAI key (sk-proj-…), not an OpenRouter key'
 */
export function describeApiKeyProblem(value: string): string | undefined {
  if (OPENROUTER_KEY_PATTERN.test(value)) return undefined;
  if (value.length === 0) return 'is empty';
  if (/^["'`].*["'`]$/s.test(value)) return 'is wrapped in quotes (remove them)';
  if (value.trim() !== value) return 'has leading or trailing whitespace (often a copied newline)';
  if (/\s/.test(value)) return 'contains whitespace';
  if (value.startsWith('sk-ant-')) return 'looks like an Anthropic key (sk-ant-…), not an OpenRouter key';
  if (value.startsWith('sk-proj-') || (value.startsWith('sk-') && !value.startsWith('sk-or-'))) {
    return 'looks like an OpenAI key (sk-…), not an OpenRouter key';
  }
  if (value.startsWith('sk-or-') && !value.startsWith('sk-or-v1-')) {
    return "starts with 'sk-or-' but not 'sk-or-v1-' (an unknown key version)";
  }
  if (value.startsWith('sk-or-v1-')) {
    const body = value.slice('sk-or-v1-'.length);
    if (/[^0-9a-f]/.test(body)) return "has characters other than 0-9 and a-f after 'sk-or-v1-'";
    return `has ${body.length} characters after 'sk-or-v1-', expected 64 (was it cut when copied?)`;
  }
  return "does not start with 'sk-or-v1-'";
}
