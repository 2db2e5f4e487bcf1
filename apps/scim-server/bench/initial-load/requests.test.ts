import { describe, expect, it } from 'vitest';
import {
  expectedRoles,
  groupsOfUser,
  type InitialLoadShape,
  membershipCount,
  membersOfGroup,
} from './requests.ts';

const shape = (overrides: Partial<InitialLoadShape>): InitialLoadShape => ({
  users: 23,
  groups: 5,
  membership: 'blocks',
  membersPerGroup: 3,
  locationIds: ['134', '135'],
  ...overrides,
});

/** Every (user, group) pair, from the groups' side and from the users' side. */
function pairs(s: InitialLoadShape) {
  const fromGroups = Array.from({ length: s.groups }, (_, g) => membersOfGroup(s, g).map((u) => `${u}:${g}`));
  const fromUsers = Array.from({ length: s.users }, (_, u) => groupsOfUser(s, u).map((g) => `${u}:${g}`));
  return { fromGroups: fromGroups.flat().sort(), fromUsers: fromUsers.flat().sort() };
}

describe('the initial load membership layouts', () => {
  it.each([
    shape({ membership: 'blocks' }),
    shape({ membership: 'blocks', users: 10, groups: 5, membersPerGroup: 3 }),
    shape({ membership: 'two-per-user' }),
    shape({ membership: 'two-per-user', users: 20, groups: 5 }),
    shape({ membership: 'two-per-user', users: 3, groups: 5 }),
  ])('sends exactly the memberships the accounts are checked against (%o)', (s) => {
    const { fromGroups, fromUsers } = pairs(s);
    expect(fromGroups).toEqual(fromUsers);
    expect(new Set(fromGroups).size).toBe(fromGroups.length);
    expect(fromGroups).toHaveLength(membershipCount(s));
  });

  it('puts every user in two groups, and each group holds 2 x users / groups', () => {
    const s = shape({ membership: 'two-per-user', users: 100, groups: 10 });
    for (let u = 0; u < s.users; u++) expect(groupsOfUser(s, u)).toHaveLength(2);
    for (let g = 0; g < s.groups; g++) expect(membersOfGroup(s, g)).toHaveLength(20);
    expect(expectedRoles(s, 0)).toEqual([
      'AGENT_134_STORE_ASSISTANT',
      'AGENT_134_STORE_MANAGER',
      'AGENT_135_STORE_MANAGER',
    ]);
  });
});
