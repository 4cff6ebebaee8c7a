/**
 * @module
 * Lists of numbers: a plan's candidate rules (short, ascending), and lists of lists packed flat.
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
 * Where `value` is in the ascending list `list` (binary search), or -1.
 *
 * @example
 * indexInSorted([1, 4, 9], 9); // 2
 */
export function indexInSorted(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = list[middle] as number;
    if (at === value) return middle;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * Whether `value` is in the ascending list `list` (binary search).
 *
 * @example
 * isListed([1, 4, 9], 4); // true
 */
export function isListed(list: readonly number[], value: number): boolean {
  return indexInSorted(list, value) >= 0;
}

/** Number lists packed in one typed array: list i is `data[start[i], start[i + 1])`. */
export interface PackedLists {
  readonly start: Int32Array;
  readonly data: Int32Array;
}

/**
 * Packs number lists into two typed arrays (read in a hot loop, nested arrays cost a cache miss per level).
 *
 * @example
 * const { start, data } = packLists([[4, 5], [], [6]]);
 * // start is [0, 2, 2, 3]; data is [4, 5, 6]
 */
export function packLists(lists: ReadonlyArray<readonly number[]>): PackedLists {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, index) => {
    start[index + 1] = (start[index] as number) + list.length;
  });
  const data = new Int32Array(start[lists.length] as number);
  lists.forEach((list, index) => {
    data.set(list, start[index] as number);
  });
  return { start, data };
}

/** Lists of number lists, packed in one typed array: owner i's groups lie in `data[start[i], start[i + 1])`. */
export interface PackedGroups {
  readonly start: Int32Array;
  /** Each group as its head, how many members follow, then the members. */
  readonly data: Int32Array;
}

/**
 * Packs per owner its groups (`[head, member, member, …]`) into two typed arrays: read in a hot loop, they cost one
 * memory fetch per owner where nested arrays cost three or four, each a likely cache miss.
 *
 * @example
 * const { start, data } = packGroups([[[7, 1, 2]], []]);
 * // start is [0, 4, 4]; data is [7, 2, 1, 2]: head 7, two members, 1 and 2
 */
export function packGroups(owners: ReadonlyArray<ReadonlyArray<readonly number[]>>): PackedGroups {
  const start = new Int32Array(owners.length + 1);
  const data: number[] = [];
  owners.forEach((groups, owner) => {
    for (const [head, ...members] of groups) data.push(head as number, members.length, ...members);
    start[owner + 1] = data.length;
  });
  return { start, data: Int32Array.from(data) };
}
