/** Edit distance with a cap: returns `cap + 1` as soon as the distance must exceed it. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > cap) return cap + 1;
    previous = current;
  }
  return previous[b.length] ?? cap + 1;
}

/** The known ids closest to `id` (same vendor first, then by edit distance), at most `limit`. */
export function closestIds(id: string, known: Iterable<string>, limit = 3): string[] {
  const target = id.toLowerCase();
  const slug = target.split('/').pop() ?? target;
  const cap = Math.max(3, Math.ceil(target.length / 3));
  const scored: Array<{ id: string; score: number }> = [];
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const whole = distance(target, lower, cap);
    const bySlug = distance(slug, lower.split('/').pop() ?? lower, cap);
    const score = Math.min(whole, bySlug + 1);
    if (score <= cap) scored.push({ id: candidate, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((entry) => entry.id);
}
