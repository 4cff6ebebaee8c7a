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
import type { GuardOptions, InjectionPolicy } from './guard-options.js';
import { redactPii } from './pii.js';
import { sanitizeUntrusted } from './sanitize-untrusted.js';
import type { createInjectionJudge } from './second-opinion.js';
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

/** How {@link screen} decides: the policy, the local detector, and an optional capped LLM judge. */
export interface ScreenOptions {
  readonly policy: InjectionPolicy;
  readonly detect: DetectOptions | undefined;
  readonly toolResults: boolean;
  readonly onEvent: GuardOptions['onEvent'];
  readonly flagged: InjectionResult[];
  readonly judge?: {
    readonly ask: ReturnType<typeof createInjectionJudge>;
    readonly suppliedContent: boolean;
    /** Judge every user message the local rules did not flag, not only the uncertain band. */
    readonly allUserTurns: boolean;
    /** The judge runs beside the call: `screen` pushes its verdicts to `deferred` instead of awaiting them. */
    readonly concurrent: boolean;
    readonly maxCalls: number;
    /** The uncertain band of local scores, `[from, to)`. */
    readonly from: number;
    readonly to: number;
  };
  readonly abortSignal?: AbortSignal | undefined;
  /**
   * Set when the judge runs beside the model call (`concurrent`): judge verdicts are not awaited here but pushed,
   * each settling to the text or rejecting with the policy's error.
   */
  readonly deferred?: Promise<unknown>[];
}

export async function screen(
  prompt: LanguageModelV4Prompt,
  options: ScreenOptions,
): Promise<LanguageModelV4Prompt> {
  const { policy, detect, onEvent, flagged, judge } = options;
  let changed = false;
  let judged = 0;
  /** The local verdict: a tool result is supplied content, where an instruction addressed to the assistant is one. */
  const localOf = (text: string, source: PromptSource): InjectionResult =>
    detectPromptInjection(text, source.role === 'tool' ? { ...detect, supplied: true } : detect);
  /** The judge's verdict, when the guard routes this text to it; undefined when the local verdict stands. */
  const askJudge = (
    text: string,
    source: PromptSource,
    local: InjectionResult,
  ): Promise<InjectionResult> | undefined => {
    if (!judge || local.verdict === 'injection') return undefined;
    const supplied = source.role === 'tool' && judge.suppliedContent && local.score === 0;
    const userTurn = source.role === 'user' && judge.allUserTurns;
    const doubtful = local.score >= judge.from && local.score < judge.to;
    if (!supplied && !userTurn && !doubtful) return undefined;
    if (judged >= judge.maxCalls) {
      onEvent?.({ type: 'second-opinion-skipped', source, reason: 'call-cap' });
      return undefined;
    }
    // Taken before the call, so calls in flight together keep to the cap; a remembered answer gives it back.
    judged += 1;
    return judge
      .ask(text, {
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        always: supplied || userTurn,
        supplied: source.role === 'tool',
      })
      .then((result) => {
        if (result.secondOpinion?.cached) judged -= 1;
        if (result.secondOpinion)
          onEvent?.({
            type: 'second-opinion',
            source,
            localScore: local.score,
            opinion: result.secondOpinion,
          });
        return result;
      });
  };
  /** What the policy does with a verdict: the text to send on, or a throw under `block`. */
  const decide = (result: InjectionResult, source: PromptSource, text: string): string => {
    if (result.verdict !== 'injection') return text;
    onEvent?.({ type: 'injection', policy, source, result });
    if (policy === 'block') throw new PromptInjectionError(result, source);
    flagged.push(result);
    if (policy === 'flag') return text;
    changed = true;
    return sanitizeUntrusted(text);
  };
  const check = async (text: string, source: PromptSource): Promise<string> => {
    const local = localOf(text, source);
    const asking = askJudge(text, source, local);
    if (asking && options.deferred) {
      // The call goes ahead with the text as it is; the wrapper waits for this verdict before it answers.
      options.deferred.push(asking.then((result) => decide(result, source, text)));
      return text;
    }
    return decide(asking ? await asking : local, source, text);
  };
  const next: LanguageModelV4Message[] = [];
  for (const [messageIndex, message] of prompt.entries()) {
    if (message.role === 'user') {
      const content = [];
      for (const part of message.content)
        content.push(
          part.type === 'text'
            ? { ...part, text: await check(part.text, { role: 'user', messageIndex }) }
            : part,
        );
      next.push({ ...message, content });
      continue;
    }
    if (message.role === 'tool' && options.toolResults) {
      const content = [];
      for (const part of message.content) {
        if (part.type !== 'tool-result') {
          content.push(part);
          continue;
        }
        const text = textOfOutput(part.output);
        if (text === undefined) {
          content.push(part);
          continue;
        }
        const checked = await check(text, { role: 'tool', messageIndex, toolName: part.toolName });
        content.push(
          checked === text
            ? part
            : {
                ...part,
                output: {
                  type: part.output.type.startsWith('error') ? 'error-text' : 'text',
                  value: checked,
                },
              },
        );
      }
      next.push({ ...message, content } as LanguageModelV4Message);
      continue;
    }
    next.push(message);
  }
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
