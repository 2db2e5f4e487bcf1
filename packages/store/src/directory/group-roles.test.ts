import { CONNECTOR_GROUP_SCHEMA } from '@scim-connector/scim';
import { describe, expect, it } from 'vitest';
import { groupRoles, sameRoles } from './group-roles.ts';

describe('groupRoles', () => {
  it('reads roles[].value from the connector extension, trimmed and de-duplicated', () => {
    const resource = {
      displayName: 'x',
      [CONNECTOR_GROUP_SCHEMA]: {
        roles: [{ value: ' AGENT_1_A ' }, { value: 'AGENT_1_A' }, { value: 'RETAILER_2_B', display: 'B' }],
      },
    };
    expect(groupRoles(resource)).toEqual(['AGENT_1_A', 'RETAILER_2_B']);
  });

  it('matches the URN and attribute names case-insensitively and skips junk', () => {
    const resource = {
      [CONNECTOR_GROUP_SCHEMA.toLowerCase()]: {
        ROLES: [{ VALUE: 'ACCOUNT_0_ADMIN' }, { value: '' }, 7, null, 'AGENT_3_C'],
      },
    };
    expect(groupRoles(resource)).toEqual(['ACCOUNT_0_ADMIN', 'AGENT_3_C']);
  });

  it('gives no roles when the extension is absent or malformed', () => {
    expect(groupRoles({})).toEqual([]);
    expect(groupRoles({ [CONNECTOR_GROUP_SCHEMA]: 'nope' })).toEqual([]);
    expect(groupRoles({ [CONNECTOR_GROUP_SCHEMA]: { roles: 'ACCOUNT_0_ADMIN' } })).toEqual([]);
  });
});

describe('sameRoles', () => {
  it('compares as sets', () => {
    expect(sameRoles(['A', 'B'], ['B', 'A', 'A'])).toBe(true);
    expect(sameRoles(['A'], ['A', 'B'])).toBe(false);
    expect(sameRoles(['a'], ['A'])).toBe(false);
  });
});
