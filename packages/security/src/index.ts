/**
 * @module
 * Prompt-injection detection, secret redaction and guards for AI SDK models.
 */

export type { EncodingKind } from './decode-payloads.js';
export {
  type DetectOptions,
  detectPromptInjection,
  type InjectionFinding,
  type InjectionResult,
} from './detect-prompt-injection.js';
export {
  createCanary,
  type GuardEvent,
  type GuardOptions,
  guardMiddleware,
  type InjectionPolicy,
} from './guard-middleware.js';
export { INJECTION_RULES, type InjectionCategory, type InjectionRule } from './injection-rules.js';
export { BUILT_IN_LEXICONS } from './lexicons.js';
export { baseView, foldedView, hasInvisibleCharacters, type TextView } from './normalize-text.js';
export {
  type FindPiiOptions,
  findPii,
  type PiiFinding,
  type PiiKind,
  type PiiMode,
  type RedactPiiOptions,
  redactPii,
} from './pii.js';
export { createPiiVault, type PiiVault } from './pii-vault.js';
export {
  findSecrets,
  findSecretsInContext,
  type RedactSecretsOptions,
  redactSecrets,
  type SecretFinding,
  type SecretInContext,
  type SecretKind,
} from './redact-secrets.js';
export { type InjectionLexicon, lexiconRules } from './rules-from-lexicon.js';
export { sanitizeUntrusted } from './sanitize-untrusted.js';
export {
  createInjectionJudge,
  type InjectionJudgeOptions,
  type JudgedInjectionResult,
  type SecondOpinion,
} from './second-opinion.js';
export {
  CanaryLeakError,
  InputTooLongError,
  PromptInjectionError,
  type PromptSource,
} from './security-errors.js';
export { releasable, streamCut } from './stream-hold.js';
export {
  createToolCallChecker,
  type SensitiveTool,
  ToolCallBlockedError,
  type ToolCallChecker,
  type ToolCallContext,
  type ToolCallPolicyEvent,
  type ToolCallPolicyOptions,
  type ToolCallViolation,
} from './tool-call-checker.js';
export { toolCallPolicy } from './tool-call-policy.js';
export { ACTION_INTENTS, type ToolAction } from './tool-intents.js';
