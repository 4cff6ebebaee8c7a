/**
 * @module
 * Short ascending lists of numbers: a plan's candidate rules.
 */

/**
 * Sorts a list of numbers in place, ascending (short ones by insertion: no comparator calls).
 *
 * @example
 * const list = [3, 1, 2];
 * sortNumbers(list); // list is [1, 2, 3]
 */
export function sortNumbers(list: number[]): void {
  // Insertion sort is quadratic: longer lists (the strings found in a long text) go to the native sort.
  if (list.length > 48) {
    list.sort((first, second) => first - second);
    return;
  }
  for (let at = 1; at < list.length; at += 1) {
    const value = list[at] as number;
    let to = at - 1;
    while (to >= 0 && (list[to] as number) > value) {
      list[to + 1] = list[to] as number;
      to -= 1;
    }
    list[to + 1] = value;
  }
}

/**
 * Whether `value` is in the ascending list `list` (binary search).
 *
 * @example
 * isListed([1, 4, 9], 4); // true
 */
export function isListed(list: readonly number[], value: number): boolean {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = list[middle] as number;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
