/**
 * PATCH on very large groups does work in proportion to the members it touches. Every comparison of two
 * elements goes through `sameElement`, which is counted here: a linear search per added or removed member (the
 * quadratic step `ElementIndex` exists to avoid) would make hundreds of millions of comparisons for these
 * sizes, where the index makes a few per member. Counting, not timing, so a loaded machine cannot fail it and a
 * fast one cannot hide a regression.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CORE_GROUP, PATCH_OP, patch } from './test-fixtures.ts';

/**
 * A plain count, not a `vi.fn` (which keeps every call's arguments: a quadratic regression's hundreds of millions
 * of calls ran the worker out of memory instead of failing the assertion), and a budget that stops the run at the
 * first comparison past the bound, so a regression fails in a second rather than after minutes of searching.
 */
const comparisons = vi.hoisted(() => ({ count: 0, budget: Number.POSITIVE_INFINITY }));

vi.mock('./values.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./values.ts')>();
  return {
    ...actual,
    sameElement: (...args: Parameters<typeof actual.sameElement>) => {
      comparisons.count += 1;
      if (comparisons.count > comparisons.budget) {
        throw new Error(
          `sameElement called more than ${comparisons.budget} times: a linear search per member?`,
        );
      }
      return actual.sameElement(...args);
    },
  };
});

/** Starts counting afresh, stopping the run once `budget` comparisons have been made. */
function countFrom(budget: number): void {
  comparisons.count = 0;
  comparisons.budget = budget;
}

const SIZE = 20_000;
/** At most this many comparisons per member an operation carries or holds; a linear search needs ~SIZE. */
const PER_MEMBER = 4;

// The groups each test builds first are held to the largest bound in this file, so a regression stops there too.
beforeEach(() => {
  countFrom(PER_MEMBER * 2 * SIZE);
});

const members = Array.from({ length: SIZE }, (_, index) => ({ value: `member-${index}` }));
const empty = { schemas: [CORE_GROUP], id: 'g', displayName: 'big', members: [] };
const add = (value: unknown) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: 'add', path: 'members', value }],
});

describe('PATCH on a group of 20,000 members', () => {
  it('adds them all with a bounded number of comparisons per member', () => {
    countFrom(PER_MEMBER * SIZE);
    const filled = patch(empty, add(members), 'Group');
    expect(filled.resource.members).toHaveLength(SIZE);
    expect(comparisons.count).toBeLessThanOrEqual(PER_MEMBER * SIZE);
  });

  it('re-adds all of them and 100 new ones: every old one found, only the new ones appended', () => {
    const filled = patch(empty, add(members), 'Group').resource;
    countFrom(PER_MEMBER * (SIZE + 100));
    const more = [...members, ...Array.from({ length: 100 }, (_, index) => ({ value: `new-${index}` }))];
    const added = patch(filled, add(more), 'Group');
    expect(added.resource.members).toHaveLength(SIZE + 100);
    // Each re-added member is compared with the one stored member of the same value: at least once each.
    expect(comparisons.count).toBeGreaterThanOrEqual(SIZE);
    expect(comparisons.count).toBeLessThanOrEqual(PER_MEMBER * (SIZE + 100));
  });

  it('removes half of them by value', () => {
    const filled = patch(empty, add(members), 'Group').resource;
    countFrom(PER_MEMBER * SIZE);
    const half = members.filter((_, index) => index % 2 === 0);
    const removed = patch(
      filled,
      { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members', value: half }] },
      'Group',
    );
    expect(removed.resource.members).toHaveLength(SIZE / 2);
    expect(removed.warnings).toEqual([]);
    expect(comparisons.count).toBeLessThanOrEqual(PER_MEMBER * SIZE);
  });

  it('collapses stored duplicates (from an older version) to one entry each on the next write', () => {
    countFrom(PER_MEMBER * 2 * SIZE);
    const collapsed = patch({ ...empty, members: [...members, ...members] }, add([{ value: 'x' }]), 'Group');
    expect(collapsed.resource.members).toHaveLength(SIZE + 1);
    expect(comparisons.count).toBeLessThanOrEqual(PER_MEMBER * 2 * SIZE);
  });
});
