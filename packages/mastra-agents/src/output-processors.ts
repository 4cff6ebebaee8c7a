import type { OutputProcessor, ProcessOutputStreamArgs } from '@mastra/core/processors';
import { findSecretsInContext, redactSecrets, streamCut } from '@orkit/security';
import { withTexts } from './security-processors.js';

type Part = ProcessOutputStreamArgs['part'];

// Mastra's well-known state key (`@mastra/core/processors/stream-reprocess`, not exported): a part stored under it
// is sent through the output chain again right after the part the processor returned. It is how a processor emits
// two parts for one (the held text, then the part that ended it), as Mastra's own PII detector does.
const REPROCESS_PART_KEY = '__mastraReprocessPart';

/** Parts that may come between two pieces of one text without ending it. */
const PASSING = new Set(['response-metadata', 'raw', 'step-start', 'text-start']);

/** Options of {@link secretRedactionProcessor}. */
export interface SecretRedactionProcessorOptions {
  /**
   * Canary tokens planted in the instructions: an answer that contains one trips Mastra's tripwire (`block`, the
   * default) or has it redacted (`flag`).
   */
  readonly canaries?: readonly string[];
  readonly canaryPolicy?: 'block' | 'flag';
  /**
   * Characters held back at most while a secret could still be forming at the end of the streamed text (2,048 by
   * default, as `guardMiddleware`); raise it if models may print whole private keys.
   */
  readonly streamHoldChars?: number;
}

interface HoldState {
  held?: string;
  template?: Extract<Part, { type: 'text-delta' }>;
}

/**
 * A Mastra output processor that redacts secrets (API keys, tokens, URL passwords, private keys) from the answer,
 * in `generate` and in streams, and catches canary tokens. A stream is held back only while a secret could still be
 * forming at the end of the text (a partial word, a line that names a credential), so the reader still gets the
 * answer in pieces. The same rules as `guardMiddleware`'s output side, for agents that configure processors rather
 * than model middleware.
 *
 * @example
 * ```ts
 * new Agent({ name, instructions, model, outputProcessors: [secretRedactionProcessor({ canaries: [canary] })] });
 * ```
 */
export function secretRedactionProcessor(options: SecretRedactionProcessorOptions = {}): OutputProcessor {
  const canaries = options.canaries ?? [];
  const canaryPolicy = options.canaryPolicy ?? 'block';
  if (canaryPolicy !== 'block' && canaryPolicy !== 'flag')
    throw new TypeError(
      `secretRedactionProcessor: canaryPolicy must be 'block' or 'flag', got '${String(canaryPolicy)}'.`,
    );
  const hold = Math.max(options.streamHoldChars ?? 2_048, ...canaries.map((canary) => canary.length));
  const clean = (text: string): string => {
    let out = redactSecrets(text);
    for (const canary of canaries) out = out.replaceAll(canary, '[REDACTED:canary]');
    return out;
  };
  const leaked = (text: string) => canaries.find((canary) => text.includes(canary));
  const trip = (abort: (reason: string) => never, canary: string): never =>
    abort(`The answer contained a canary token (${canary.slice(0, 4)}…): the instructions leaked.`);

  return {
    id: 'orkit-secret-redaction',
    name: 'orkit secret redaction',
    async processOutputStream({ part, state, abort, writer }) {
      const hold$ = state as HoldState;
      const differentText =
        part.type === 'text-delta' &&
        hold$.template !== undefined &&
        hold$.template.payload.id !== part.payload.id;
      if (part.type === 'text-delta' && !differentText) {
        const buffer = (hold$.held ?? '') + part.payload.text;
        const canary = canaryPolicy === 'block' ? leaked(buffer) : undefined;
        if (canary !== undefined) trip(abort, canary);
        const findings = findSecretsInContext(buffer);
        // Without a writer Mastra cannot take a second part: nothing is held, each piece is screened alone.
        const cut = writer ? streamCut(buffer, { final: false, hold, findings, canaries }) : buffer.length;
        hold$.held = buffer.slice(cut);
        hold$.template = part;
        if (cut === 0) return null;
        const out = buffer.slice(0, cut);
        // The scan above found what there is to redact: most pieces hold nothing, and go out without a second one.
        const dirty = findings.some((finding) => finding.end <= cut) || canaries.some((c) => out.includes(c));
        return { ...part, payload: { ...part.payload, text: dirty ? clean(out) : out } };
      }
      const held = hold$.held;
      // Metadata between two pieces of text (the provider sends some with every chunk) does not end the text.
      if (!held || !hold$.template || (!differentText && PASSING.has(part.type))) return part;
      // The text ended (or something else came): the held text goes first, then this part, sent through again.
      hold$.held = '';
      state[REPROCESS_PART_KEY] = part;
      return { ...hold$.template, payload: { ...hold$.template.payload, text: clean(held) } };
    },
    processOutputResult({ messages, abort }) {
      return messages.map((message) =>
        message.role === 'assistant'
          ? withTexts(message, (text) => {
              const canary = canaryPolicy === 'block' ? leaked(text) : undefined;
              if (canary !== undefined) trip(abort, canary);
              return clean(text);
            })
          : message,
      );
    },
  };
}
