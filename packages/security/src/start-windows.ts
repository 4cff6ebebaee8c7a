/**
 * @module
 * Where a rule's matches can start, from where its required strings are: each occurrence of a string bounds the
 * start of any match holding it, and a match holds one string of every required set.
 */

/** `[from, to]` ranges of start positions, in order and apart. */
export type Windows = Array<[number, number]>;

/**
 * The starts of matches that hold one of the strings found at `places` (`[position, length]` pairs): a match
 * spanning at most `span` characters, whose string sits at most `before` characters into it, starts in
 * [max(p + length - span, p - before), p]. Overlapping ranges are merged.
 *
 * @example
 * windowsOf([40, 8, 45, 8], 100, 10); // [[30, 45]]
 */
export function windowsOf(places: readonly number[], span: number, before: number): Windows {
  const found: Windows = [];
  for (let at = 0; at < places.length; at += 2) {
    const position = places[at] as number;
    found.push([Math.max(0, position + (places[at + 1] as number) - span, position - before), position]);
  }
  // One string's places come in order; several strings' are merged by sorting.
  let ordered = true;
  for (let at = 1; ordered && at < found.length; at += 1)
    ordered = (found[at - 1] as [number, number])[0] <= (found[at] as [number, number])[0];
  if (!ordered) found.sort((x, y) => x[0] - y[0]);
  const merged: Windows = [];
  for (const range of found) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

/**
 * The positions in both lists of windows.
 *
 * @example
 * intersectWindows([[0, 10], [20, 30]], [[5, 25]]); // [[5, 10], [20, 25]]
 */
export function intersectWindows(
  a: ReadonlyArray<readonly [number, number]>,
  b: ReadonlyArray<readonly [number, number]>,
): Windows {
  const both: Windows = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [fromA, toA] = a[i] as readonly [number, number];
    const [fromB, toB] = b[j] as readonly [number, number];
    const from = Math.max(fromA, fromB);
    const to = Math.min(toA, toB);
    if (from <= to) both.push([from, to]);
    if (toA < toB) i += 1;
    else j += 1;
  }
  return both;
}
