/**
 * @module
 * The built-in rule set: English (base and folded views) first, then the main phrasings in other languages.
 */
import type { InjectionRule } from './injection-rule.js';
import { ENGLISH_RULES } from './rules/english.js';
import { MULTILINGUAL_RULES } from './rules/multilingual.js';

export type { InjectionCategory, InjectionRule } from './injection-rule.js';

/** Every rule, English first. */
export const INJECTION_RULES: readonly InjectionRule[] = [...ENGLISH_RULES, ...MULTILINGUAL_RULES];
