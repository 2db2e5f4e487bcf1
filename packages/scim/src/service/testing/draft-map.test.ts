import { describe, expect, it } from 'vitest';
import { DraftMap } from './draft-map.ts';

describe('DraftMap', () => {
  it('reads through to the base, keeps its changes apart until commit, then writes them in', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const draft = new DraftMap(base);
    draft.set('b', 20);
    draft.set('d', 4);
    expect(draft.delete('a')).toBe(true);
    expect(draft.delete('x')).toBe(false);

    expect([draft.get('a'), draft.get('b'), draft.get('c'), draft.get('d')]).toEqual([undefined, 20, 3, 4]);
    expect([draft.has('a'), draft.has('c'), draft.has('d')]).toEqual([false, true, true]);
    expect([...draft.values()]).toEqual([20, 3, 4]);
    expect([...base]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);

    draft.commit();
    expect([...base]).toEqual([
      ['b', 20],
      ['c', 3],
      ['d', 4],
    ]);
  });

  it('sees a key deleted and set again as set', () => {
    const base = new Map([['a', 1]]);
    const draft = new DraftMap(base);
    draft.delete('a');
    draft.set('a', 5);
    expect([draft.get('a'), draft.has('a'), [...draft.values()]]).toEqual([5, true, [5]]);
    draft.commit();
    expect([...base]).toEqual([['a', 5]]);
  });
});
