/**
 * @module
 * What `guardMiddleware` takes and reports.
 */
import type { LanguageModel } from 'ai';
import type { DetectOptions, InjectionResult } from './detect-prompt-injection.js';
import type { RedactPiiOptions } from './pii.js';
import type { PiiVault } from './pii-vault.js';
import type { SecretKind } from './redact-secrets.js';
import type { SecondOpinion } from './second-opinion.js';
import type { PromptSource } from './security-errors.js';

/** What the guard does with an injection: refuse the call, let it through and report, or neutralise the text. */
export type InjectionPolicy = 'block' | 'flag' | 'sanitize';

/** What {@link guardMiddleware} reports. */
export type GuardEvent =
  | {
      readonly type: 'injection';
      readonly policy: InjectionPolicy;
      readonly source: PromptSource;
      readonly result: InjectionResult;
    }
  | { readonly type: 'input-truncated'; readonly droppedMessages: number; readonly estimatedTokens: number }
  | { readonly type: 'secret-redacted'; readonly kinds: readonly SecretKind[] }
  | { readonly type: 'canary-leaked'; readonly canary: string; readonly policy: 'block' | 'flag' }
  | { readonly type: 'pii-redacted'; readonly messageIndex: number }
  | {
      readonly type: 'second-opinion';
      readonly source: PromptSource;
      readonly localScore: number;
      readonly opinion: SecondOpinion;
    }
  | { readonly type: 'second-opinion-skipped'; readonly source: PromptSource; readonly reason: 'call-cap' };

/** An LLM judge for what the local rules are unsure of (see `createInjectionJudge`). */
export interface GuardSecondOpinion {
  /** A cheap model, e.g. `openrouter.chat('google/gemini-3.5-flash')`. Each judgement is one short call. */
  readonly model: LanguageModel;
  /** Local scores sent to the judge: `[from, to)`. Default the suspicious band, `[0.3, 0.45)`. */
  readonly band?: { readonly from?: number; readonly to?: number };
  /** Also judge tool results the local rules found nothing in (indirect injection in new wording). Default true. */
  readonly suppliedContent?: boolean;
  /**
   * Which user messages go to the judge. `'uncertain'` (default): those whose local score is in `band`. `'all'`:
   * every user message the local rules did not flag, so an attack in wording no rule knows (most of them, on sets
   * written by people who have not seen the rules) is judged too. Each distinct text is judged once (cached), so a
   * conversation costs one judge call per new user message; cached answers do not count against
   * `maxCallsPerRequest`.
   */
  readonly userTurns?: 'uncertain' | 'all';
  /**
   * Run the judge beside the model call instead of before it, so it adds no time to the answer when it agrees:
   * nothing of the call's answer or stream is handed on until every verdict is in, and a verdict of injection under
   * `block` aborts the call and throws. The model does read the text, and the call is billed. Needs policy `block`
   * or `flag`. Default false.
   */
  readonly concurrent?: boolean;
  /** At most this many judge calls per guarded call; the rest keep the local verdict (an event says so). Default 2. */
  readonly maxCallsPerRequest?: number;
  /** Default 10 000 ms; a judge that does not answer keeps the local verdict. */
  readonly timeoutMs?: number;
}

/** Options of {@link guardMiddleware}. */
export interface GuardOptions {
  /** Prompt-injection screening of user messages and tool results. `false` turns it off. Default: policy `block`. */
  readonly injection?:
    | false
    | {
        readonly policy?: InjectionPolicy;
        readonly detect?: DetectOptions;
        /** Screen tool results too (indirect injection via documents, web pages). Default true. */
        readonly toolResults?: boolean;
        /** Off by default: an LLM judge for uncertain scores and for supplied content, with a per-call cap. */
        readonly secondOpinion?: GuardSecondOpinion;
      };
  /** Prompt size limit in tokens, counted by orkit's tokenizer (`@orkit/config/tokens`, o200k). Default: no limit. */
  readonly maxInputTokens?: number;
  /** Over the limit: throw {@link InputTooLongError} (default), or drop the oldest non-system messages. */
  readonly tooLong?: 'error' | 'truncate';
  /** Redact credentials the model writes (see `redactSecrets`). Default true. */
  readonly redactOutputSecrets?: boolean;
  /** Canary tokens planted in the system prompt (see {@link createCanary}); seeing one in output means a leak. */
  readonly canaries?: readonly string[];
  /** On a leaked canary: fail the call with {@link CanaryLeakError} (default) or redact it and report. */
  readonly canaryPolicy?: 'block' | 'flag';
  /**
   * Streamed text is released as soon as no secret or canary can be forming at its end: everything up to the last
   * word, unless that line names a credential (`password`, `Bearer`, `://`…) or a private key is open. This is the
   * most ever held back. Default 2048.
   */
  readonly streamHoldChars?: number;
  /**
   * Redact personal data in user messages before they reach the model (see `redactPii`). With a `vault`
   * (`createPiiVault()`, one per conversation) the placeholders are reversible and the model's answer is un-masked
   * on the way back, in `generate` and in streams.
   */
  readonly pii?: RedactPiiOptions & { readonly vault?: PiiVault };
  readonly onEvent?: (event: GuardEvent) => void;
}
