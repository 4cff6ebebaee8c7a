/**
 * How `guardMiddleware` routes a text to its second opinion, with the defaults (band `[0.3, 0.45)`, supplied content
 * on), for the evaluation scripts: `evaluate.ts` (what a perfect judge could reach) and `judge.ts` (a real one).
 */

/** `detectPromptInjection`'s default `threshold`: at or above it the local verdict stands. */
export const DEFAULT_THRESHOLD = 0.45;
/** The bottom of the default uncertain band. */
const SUSPICIOUS = 0.3;

/** Whether the guard would ask the judge about a text with this local score (`'all'`: `userTurns: 'all'`). */
export function sentToJudge(
  row: { readonly position?: string },
  score: number,
  routing: 'uncertain' | 'all',
): boolean {
  if (score >= DEFAULT_THRESHOLD) return false;
  const uncertain = score >= SUSPICIOUS;
  const silentToolResult = row.position === 'tool' && score === 0;
  return uncertain || silentToolResult || (routing === 'all' && row.position === 'user');
}
