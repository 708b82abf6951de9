import { describe, expect, it } from 'vitest';
import { arrangeTiles, gridColumns, MAX_COLUMNS } from './call-layout.ts';

const tiles = ['a', 'b', 'c', 'd'].map((identity) => ({ identity }));
const id = (t: { identity: string }) => t.identity;

describe('gridColumns', () => {
  it('grows as a square so tiles stay as large as the count allows', () => {
    expect([0, 1, 2, 3, 4, 5, 9, 10, 16].map(gridColumns)).toEqual([1, 1, 2, 2, 2, 3, 3, 4, 4]);
  });

  it('stops growing at the cap, so a large group scrolls instead of shrinking to stamps', () => {
    expect(gridColumns(40)).toBe(MAX_COLUMNS);
  });
});

describe('arrangeTiles', () => {
  it('puts everyone in the grid, in order, when nobody is pinned', () => {
    expect(arrangeTiles(tiles, id, null)).toEqual({ stage: null, others: tiles, columns: 2 });
  });

  it('gives the pinned person the stage and keeps the others in their order', () => {
    const layout = arrangeTiles(tiles, id, 'c');
    expect(layout.stage).toEqual({ identity: 'c' });
    expect(layout.others.map(id)).toEqual(['a', 'b', 'd']);
  });

  it('ignores a pin for someone who is not in the call (yet, or any more)', () => {
    expect(arrangeTiles(tiles, id, 'gone').stage).toBeNull();
  });
});
