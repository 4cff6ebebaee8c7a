import type { InjectionRule } from '../injection-rule.js';
import { ENGLISH_DISGUISE_RULES } from './english-disguises.js';
import { ENGLISH_REQUEST_RULES } from './english-requests.js';
import { ENGLISH_SCENARIO_RULES } from './english-scenarios.js';
import { ENGLISH_STANDING_ORDER_RULES } from './english-standing-orders.js';

/** English rules (base and folded views, so obfuscated English is caught too), in this order. */
export const ENGLISH_RULES: readonly InjectionRule[] = [
  ...ENGLISH_REQUEST_RULES,
  ...ENGLISH_DISGUISE_RULES,
  ...ENGLISH_SCENARIO_RULES,
  ...ENGLISH_STANDING_ORDER_RULES,
];
