import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexInSorted, isListed, packGroups, packLists, sortNumbers } from './sorted-lists.js';

describe('number lists', () => {
  it('sorts short and long lists as the native sort does, and finds their members', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }), (values) => {
        const list = [...values];
        sortNumbers(list);
        expect(list).toEqual([...values].sort((x, y) => x - y));
        for (const value of values) {
          expect(isListed(list, value)).toBe(true);
          expect(list[indexInSorted(list, value)]).toBe(value);
        }
        expect(isListed(list, -1)).toBe(false);
        expect(indexInSorted(list, 5_001)).toBe(-1);
      }),
    );
  });

  it('packs lists and groups flat, each readable back from its start', () => {
    expect(packLists([[4, 5], [], [6]])).toEqual({
      start: Int32Array.from([0, 2, 2, 3]),
      data: Int32Array.from([4, 5, 6]),
    });
    const { start, data } = packGroups([[[7, 1, 2], [8]], [], [[9, 3]]]);
    expect([...start]).toEqual([0, 6, 6, 9]);
    expect([...data]).toEqual([7, 2, 1, 2, 8, 0, 9, 1, 3]);
  });
});
