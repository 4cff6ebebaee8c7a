/**
 * @module
 * Normalising text before the rules read it: the base view (`base-view.ts`), the folded view (`folded-view.ts`)
 * and what they share (`text-view.ts`).
 */
export { baseView, baseViewWithOrigins, invisibleIn } from './base-view.js';
export { foldedByUnits, foldedView } from './folded-view.js';
export { hasInvisibleCharacters, INVISIBLE_CHARACTERS, type TextView } from './text-view.js';
