import { describe, expect, it } from 'vitest';
import { CONNECTOR_GROUP_SCHEMA } from '../schema/urns.ts';
import { attributeIgnoringCase, rolesOf } from './roles.ts';

describe('rolesOf', () => {
  it('reads roles sent as objects or as bare strings, trimmed, de-duplicated, skipping empty ones', () => {
    const user = {
      userName: 'a@example.com',
      roles: [
        { value: ' AGENT_1_STORE ', display: 'x' },
        'RETAILER_2_ADMIN',
        'AGENT_1_STORE',
        { value: ' ' },
      ],
    };
    expect(rolesOf(user)).toEqual(['AGENT_1_STORE', 'RETAILER_2_ADMIN']);
  });

  it('matches `roles` and `value` case-insensitively and skips junk elements', () => {
    expect(
      rolesOf({ ROLES: [{ VALUE: 'ACCOUNT_0_ADMIN' }, { x: 1 }, 7, null, { value: 3 }, 'AGENT_3_C'] }),
    ).toEqual(['ACCOUNT_0_ADMIN', 'AGENT_3_C']);
  });

  it('gives no roles for a holder that is not an object or whose roles are not an array', () => {
    expect(rolesOf(undefined)).toEqual([]);
    expect(rolesOf('nope')).toEqual([]);
    expect(rolesOf([{ roles: ['A'] }])).toEqual([]);
    expect(rolesOf({})).toEqual([]);
    expect(rolesOf({ roles: 'ACCOUNT_0_ADMIN' })).toEqual([]);
  });

  it('reads a group extension found by its URN in any case', () => {
    const group = { [CONNECTOR_GROUP_SCHEMA.toLowerCase()]: { roles: [{ value: 'AGENT_1_A' }] } };
    expect(rolesOf(attributeIgnoringCase(group, CONNECTOR_GROUP_SCHEMA))).toEqual(['AGENT_1_A']);
  });
});
