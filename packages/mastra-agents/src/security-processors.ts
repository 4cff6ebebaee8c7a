import type { MastraDBMessage } from '@mastra/core/agent';
import type { InputProcessor } from '@mastra/core/processors';
import {
  type DetectOptions,
  detectPromptInjection,
  type InjectionResult,
  type PiiVault,
  type RedactPiiOptions,
  redactPii,
} from '@orkit/security';

/** Options of {@link injectionGuardProcessor}. */
export interface InjectionGuardProcessorOptions {
  /** `block` (default) trips Mastra's tripwire: the run ends with `result.tripwire` and no model call. */
  readonly policy?: 'block' | 'flag';
  readonly detect?: DetectOptions;
  /** Called for every user message judged an injection, under both policies. */
  readonly onDetected?: (result: InjectionResult, messageIndex: number) => void;
}

/** The user-written text of a stored message: its text parts, and the flat `content` copy Mastra may keep. */
function textsOf(message: MastraDBMessage): string[] {
  const texts = message.content.parts.flatMap((part) => (part.type === 'text' ? [part.text] : []));
  return texts.length > 0 || typeof message.content.content !== 'string' ? texts : [message.content.content];
}

/**
 * A Mastra input processor that screens user messages with `@orkit/security`'s local detector: no LLM call per
 * message (Mastra's `PromptInjectionDetector` makes one). Under `block` it trips the tripwire with the score and the
 * rules that matched; the developer's instructions and system messages are never screened.
 *
 * @example
 * ```ts
 * new Agent({ name, instructions, model, inputProcessors: [injectionGuardProcessor({ onDetected: (r) => log.warn(r) })] });
 * ```
 */
export function injectionGuardProcessor(options: InjectionGuardProcessorOptions = {}) {
  const policy = options.policy ?? 'block';
  if (policy !== 'block' && policy !== 'flag') {
    throw new TypeError(
      `injectionGuardProcessor: policy must be 'block' or 'flag', got '${String(policy)}'.`,
    );
  }
  return {
    id: 'orkit-injection-guard',
    name: 'orkit injection guard',
    processInput({ messages, abort }) {
      messages.forEach((message, messageIndex) => {
        if (message.role !== 'user') return;
        for (const text of textsOf(message)) {
          const result = detectPromptInjection(text, options.detect);
          if (result.verdict !== 'injection') continue;
          options.onDetected?.(result, messageIndex);
          if (policy === 'block') {
            const rules = [...new Set(result.findings.map((finding) => finding.rule))];
            abort(
              `Blocked a prompt injection (score ${result.score.toFixed(2)}; rules ${rules.slice(0, 5).join(', ')}).`,
              {
                metadata: { score: result.score, rules, messageIndex },
              },
            );
          }
        }
      });
      return messages;
    },
  } satisfies InputProcessor;
}

/** A stored message with each of its texts (the text parts, and the flat copy Mastra may keep) passed through `map`. */
export function withTexts(message: MastraDBMessage, map: (text: string) => string): MastraDBMessage {
  const parts = message.content.parts.map((part) =>
    part.type === 'text' ? { ...part, text: map(part.text) } : part,
  );
  const flat = message.content.content;
  return {
    ...message,
    content: { ...message.content, parts, ...(typeof flat === 'string' ? { content: map(flat) } : {}) },
  };
}

/** Options of {@link piiRedactionProcessor}. */
export type PiiRedactionProcessorOptions = RedactPiiOptions & {
  /** Reversible placeholders: pass the same vault to `vault.restore` on the answer. */
  readonly vault?: PiiVault;
};

/**
 * A Mastra input processor that redacts personal data (e-mails, phones, cards, IBANs, IPs, SSNs) in user messages
 * before the model sees them, locally. With a `vault`, the placeholders are reversible: `vault.restore(answer)`.
 *
 * @example
 * ```ts
 * const vault = createPiiVault();
 * const agent = new Agent({ name, instructions, model, inputProcessors: [piiRedactionProcessor({ vault })] });
 * const answer = await agent.generate('Write to jane@example.com');
 * console.log(vault.restore(answer.text));
 * ```
 */
export function piiRedactionProcessor(options: PiiRedactionProcessorOptions = {}) {
  const redact = (text: string) => (options.vault ? options.vault.redact(text) : redactPii(text, options));
  return {
    id: 'orkit-pii-redaction',
    name: 'orkit PII redaction',
    processInput({ messages }) {
      return messages.map((message) => (message.role === 'user' ? withTexts(message, redact) : message));
    },
  } satisfies InputProcessor;
}
