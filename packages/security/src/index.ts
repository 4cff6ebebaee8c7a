/**
 * @module
 * Prompt-injection detection, secret redaction and guards for AI SDK models.
 */
export {
  type DetectOptions,
  detectPromptInjection,
  type InjectionFinding,
  type InjectionResult,
} from './detect-prompt-injection.js';
export { INJECTION_RULES, type InjectionCategory, type InjectionRule } from './injection-rules.js';
export { baseView, foldedView, hasInvisibleCharacters, type TextView } from './normalize-text.js';
