import { type FindPiiOptions, findPii, label, type PiiKind } from './pii.js';

/** Reversible redaction: see {@link createPiiVault}. */
export interface PiiVault {
  /** Replaces personal data with numbered placeholders (`[EMAIL_1]`); the same value always gets the same one. */
  redact(text: string): string;
  /** Puts the original values back into a text (e.g. the model's answer) that quotes the placeholders. */
  restore(text: string): string;
  /** How many distinct values the vault holds. */
  readonly size: number;
}

/**
 * Reversible placeholders: redact personal data before a prompt leaves the process, then un-mask the model's answer
 * for the user. The mapping lives only in this object (in memory); keep one vault per conversation.
 *
 * @example
 * ```ts
 * const vault = createPiiVault();
 * const prompt = vault.redact('Write to jane@example.com about her order'); // 'Write to [EMAIL_1] about her order'
 * const answer = await generateText({ model, prompt });
 * console.log(vault.restore(answer.text)); // 'Dear jane@example.com, …'
 * ```
 */
export function createPiiVault(options: FindPiiOptions = {}): PiiVault {
  const byValue = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  const counters = new Map<PiiKind, number>();
  return {
    redact(text) {
      const findings = findPii(text, options);
      if (findings.length === 0) return text;
      let out = '';
      let cursor = 0;
      for (const finding of findings) {
        let placeholder = byValue.get(finding.value);
        if (placeholder === undefined) {
          const next = (counters.get(finding.kind) ?? 0) + 1;
          counters.set(finding.kind, next);
          placeholder = `[${label(finding.kind)}_${next}]`;
          byValue.set(finding.value, placeholder);
          byPlaceholder.set(placeholder, finding.value);
        }
        out += text.slice(cursor, finding.start) + placeholder;
        cursor = finding.end;
      }
      return out + text.slice(cursor);
    },
    restore(text) {
      if (byPlaceholder.size === 0) return text;
      return text.replace(
        /\[[A-Z_]{2,8}_\d{1,6}\]/g,
        (placeholder) => byPlaceholder.get(placeholder) ?? placeholder,
      );
    },
    get size() {
      return byValue.size;
    },
  };
}
