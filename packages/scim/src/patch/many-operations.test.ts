/**
 * One PATCH of many operations on one large multi-valued attribute does work in proportion to the operations
 * (issue #13): the attribute's list and its indexes are kept across the operations of the request, and a
 * `value eq` filter finds its element by value instead of testing every element. Counted, not timed: the
 * element filter's tests are counted, which a scan per operation would make operations x members.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as elementFilter from './element-filter.ts';
import { CORE_GROUP, CORE_USER, PATCH_OP, patch } from './test-fixtures.ts';

let tests = 0;
vi.mock('./element-filter.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof elementFilter>();
  return {
    ...actual,
    elementPredicate: (...args: Parameters<typeof actual.elementPredicate>) => {
      const predicate = actual.elementPredicate(...args);
      return (element: unknown) => {
        tests += 1;
        return predicate(element);
      };
    },
  };
});

beforeEach(() => {
  tests = 0;
});

const SIZE = 20_000;
const OPERATIONS = 1000;
const group = {
  schemas: [CORE_GROUP],
  id: 'g',
  displayName: 'big',
  members: Array.from({ length: SIZE }, (_, index) => ({ value: `member-${index}`, display: `M ${index}` })),
};

describe('one PATCH of 1,000 operations on a 20,000-member group', () => {
  it('removes 1,000 members by `members[value eq ...]`, testing only the element each names', () => {
    const Operations = Array.from({ length: OPERATIONS }, (_, index) => ({
      op: 'remove',
      path: `members[value eq "MEMBER-${index * 7}"]`,
    }));
    // Under the default limits: before, each operation scanned the whole list and the request was refused.
    const result = patch(group, { schemas: [PATCH_OP], Operations }, 'Group');
    const left = result.resource.members as { value: string }[];
    expect(left).toHaveLength(SIZE - OPERATIONS);
    expect(left.some((member) => member.value === 'member-7')).toBe(false);
    expect(left[0]).toEqual({ value: 'member-1', display: 'M 1' });
    expect(tests).toBeLessThanOrEqual(OPERATIONS);
  });

  it('interleaves 1,000 adds and filtered removes, each seeing what the earlier ones did', () => {
    const Operations = [
      ...Array.from({ length: OPERATIONS / 2 - 1 }, (_, index) => [
        { op: 'add', path: 'members', value: [{ value: `new-${index}` }] },
        { op: 'remove', path: `members[value eq "member-${index}"]` },
      ]).flat(),
      { op: 'remove', path: 'members[value eq "new-3"]' },
      { op: 'add', path: 'members', value: [{ value: 'member-0', display: 'back' }] },
    ];
    const result = patch(group, { schemas: [PATCH_OP], Operations }, 'Group', { memberExists: () => true });
    const members = result.resource.members as { value: string; display?: string }[];
    expect(members).toHaveLength(SIZE);
    expect(members[0]).toEqual({ value: 'member-499', display: 'M 499' });
    expect(members.slice(SIZE - 499, SIZE - 496).map((member) => member.value)).toEqual([
      'new-0',
      'new-1',
      'new-2',
    ]);
    expect(members.some((member) => member.value === 'new-3')).toBe(false);
    expect(members.at(-1)).toEqual({ value: 'member-0', display: 'back' });
    expect(tests).toBeLessThanOrEqual(OPERATIONS);
  });
});

describe('one PATCH of 1,000 filtered replaces on a user with 1,000 emails', () => {
  it('is applied (each filter pins the value) and keeps a single primary', () => {
    const emails = Array.from({ length: 1000 }, (_, index) => ({
      value: `mail${index}@example.test`,
      type: 'other',
    }));
    const user = { schemas: [CORE_USER], id: 'u', userName: 'u', emails };
    const Operations = Array.from({ length: OPERATIONS - 2 }, (_, index) => ({
      op: 'replace',
      path: `emails[value eq "mail${index}@example.test"].type`,
      value: `t${index}`,
    }));
    Operations.push({
      op: 'replace',
      path: 'emails[value eq "mail5@example.test"].primary',
      value: true,
    } as never);
    Operations.push({
      op: 'replace',
      path: 'emails[value eq "mail9@example.test"].primary',
      value: true,
    } as never);
    const result = patch(user, { schemas: [PATCH_OP], Operations }, 'User');
    const after = result.resource.emails as { value: string; type: string; primary?: boolean }[];
    expect(after).toHaveLength(1000);
    expect(after[997]).toEqual({ value: 'mail997@example.test', type: 't997' });
    expect(after[999]).toEqual({ value: 'mail999@example.test', type: 'other' });
    // RFC 7644 section 3.5.2: making one value primary clears it on the other.
    expect(after.filter((email) => email.primary === true).map((email) => email.value)).toEqual([
      'mail9@example.test',
    ]);
    expect(after[5]?.primary).toBe(false);
    expect(tests).toBeLessThanOrEqual(OPERATIONS + 4);
  });
});
