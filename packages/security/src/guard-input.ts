/**
 * @module
 * The guard's input side: the size limit, injection screening of user and tool content, and PII masking.
 */
import type {
  LanguageModelV4Message,
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
} from '@ai-sdk/provider';
import { countTokens } from '@orkit/config/tokens';
import {
  type DetectOptions,
  detectPromptInjection,
  type InjectionResult,
} from './detect-prompt-injection.js';
import type { GuardOptions, InjectionPolicy } from './guard-middleware.js';
import { redactPii } from './pii.js';
import { sanitizeUntrusted } from './sanitize-untrusted.js';
import { InputTooLongError, PromptInjectionError, type PromptSource } from './security-errors.js';

function textOfOutput(output: LanguageModelV4ToolResultOutput): string | undefined {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'content':
      return output.value.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    default:
      return undefined;
  }
}

/** The text of a message the model reads (its tokens are what the limit counts). */
function messageText(message: LanguageModelV4Message): string {
  if (message.role === 'system') return message.content;
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type === 'text' || part.type === 'reasoning') texts.push(part.text);
    else if (part.type === 'tool-call') texts.push(JSON.stringify(part.input ?? ''));
    else if (part.type === 'tool-result') texts.push(textOfOutput(part.output) ?? '');
  }
  return texts.join('\n');
}

/** A message's tokens, counted by orkit's tokenizer (`@orkit/config/tokens`), plus 4 for its framing. */
function messageTokens(message: LanguageModelV4Message): number {
  return 4 + countTokens(messageText(message));
}

export function truncate(
  prompt: LanguageModelV4Prompt,
  maxTokens: number,
  policy: 'error' | 'truncate',
  onEvent: GuardOptions['onEvent'],
): LanguageModelV4Prompt {
  // Every text within the limit in bytes: within it in tokens, whatever the tokenizer says (a token is a byte or more).
  const bytes = prompt.reduce((sum, message) => sum + Buffer.byteLength(messageText(message), 'utf8'), 0);
  if (bytes <= maxTokens) return prompt;
  const sizes = prompt.map(messageTokens);
  let total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= maxTokens) return prompt;
  if (policy === 'error') throw new InputTooLongError(total, maxTokens);
  const keep = prompt.map(() => true);
  const lastUser = prompt.findLastIndex((message) => message.role === 'user');
  let dropped = 0;
  for (let index = 0; index < prompt.length && total > maxTokens; index++) {
    const message = prompt[index];
    if (!message || message.role === 'system' || index >= lastUser) continue;
    keep[index] = false;
    dropped++;
    total -= sizes[index] ?? 0;
    // A tool result without the call before it is invalid: drop the results that followed a dropped call.
    while (prompt[index + 1]?.role === 'tool' && index + 1 < lastUser) {
      index++;
      keep[index] = false;
      dropped++;
      total -= sizes[index] ?? 0;
    }
  }
  if (total > maxTokens) throw new InputTooLongError(total, maxTokens);
  onEvent?.({ type: 'input-truncated', droppedMessages: dropped, estimatedTokens: total });
  return prompt.filter((_, index) => keep[index]);
}

export function screen(
  prompt: LanguageModelV4Prompt,
  policy: InjectionPolicy,
  detect: DetectOptions | undefined,
  toolResults: boolean,
  onEvent: GuardOptions['onEvent'],
  flagged: InjectionResult[],
): LanguageModelV4Prompt {
  let changed = false;
  const check = (text: string, source: PromptSource): string => {
    const result = detectPromptInjection(text, detect);
    if (result.verdict !== 'injection') return text;
    onEvent?.({ type: 'injection', policy, source, result });
    if (policy === 'block') throw new PromptInjectionError(result, source);
    flagged.push(result);
    if (policy === 'flag') return text;
    changed = true;
    return sanitizeUntrusted(text);
  };
  const next = prompt.map((message, messageIndex): LanguageModelV4Message => {
    if (message.role === 'user') {
      const content = message.content.map((part) =>
        part.type === 'text' ? { ...part, text: check(part.text, { role: 'user', messageIndex }) } : part,
      );
      return { ...message, content };
    }
    if (message.role === 'tool' && toolResults) {
      const content = message.content.map((part) => {
        if (part.type !== 'tool-result') return part;
        const text = textOfOutput(part.output);
        if (text === undefined) return part;
        const checked = check(text, { role: 'tool', messageIndex, toolName: part.toolName });
        return checked === text
          ? part
          : {
              ...part,
              output: { type: part.output.type.startsWith('error') ? 'error-text' : 'text', value: checked },
            };
      });
      return { ...message, content } as LanguageModelV4Message;
    }
    return message;
  });
  return changed ? next : prompt;
}

export function maskPii(
  prompt: LanguageModelV4Prompt,
  pii: NonNullable<GuardOptions['pii']>,
  onEvent: GuardOptions['onEvent'],
): LanguageModelV4Prompt {
  const redact = (text: string) => (pii.vault ? pii.vault.redact(text) : redactPii(text, pii));
  return prompt.map((message, messageIndex): LanguageModelV4Message => {
    if (message.role !== 'user') return message;
    let changed = false;
    const content = message.content.map((part) => {
      if (part.type !== 'text') return part;
      const text = redact(part.text);
      if (text === part.text) return part;
      changed = true;
      return { ...part, text };
    });
    if (!changed) return message;
    onEvent?.({ type: 'pii-redacted', messageIndex });
    return { ...message, content };
  });
}
