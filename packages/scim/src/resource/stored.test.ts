import { describe, expect, it } from 'vitest';
import { CONNECTOR_USER_SCHEMA, CORE_GROUP_SCHEMA, CORE_USER_SCHEMA } from '../schema/urns.ts';
import type { StoredGroup, StoredUser } from '../store/port.ts';
import { groupRepresentation, userRepresentation } from './stored.ts';

const BASE = 'http://127.0.0.1:8080/scim/v2';
const TIMES = { created: '2024-05-01T10:00:00.000Z', lastModified: '2024-05-01T10:00:00.000Z', version: 1 };

const storedUser: StoredUser = {
  id: 'u-1',
  userName: 'alice@example.com',
  externalId: 'ext-1',
  active: false,
  ...TIMES,
  resource: { userName: 'alice@example.com', active: true, name: { givenName: 'Alice' } },
};

describe('userRepresentation', () => {
  it('takes userName, active and externalId from the record', () => {
    const output = userRepresentation(storedUser, { baseUrl: BASE });
    expect(output).toMatchObject({
      id: 'u-1',
      userName: 'alice@example.com',
      active: false,
      externalId: 'ext-1',
    });
    expect(output.schemas).toEqual([CORE_USER_SCHEMA]);
  });

  it('adds the connector extension from the sync state, not from the stored resource', () => {
    const output = userRepresentation(
      {
        ...storedUser,
        resource: { ...storedUser.resource, [CONNECTOR_USER_SCHEMA]: { platformStatus: 'forged' } },
      },
      {
        baseUrl: BASE,
        connector: {
          platformStatus: 'BLOCKED',
          blockedReasons: ['unresolved-role'],
          lastSyncedAt: TIMES.created,
        },
      },
    );
    expect(output.schemas).toEqual([CORE_USER_SCHEMA, CONNECTOR_USER_SCHEMA]);
    expect(output[CONNECTOR_USER_SCHEMA]).toEqual({
      platformStatus: 'BLOCKED',
      blockedReasons: ['unresolved-role'],
      lastSyncedAt: TIMES.created,
    });
    const withoutState = userRepresentation(
      {
        ...storedUser,
        resource: { ...storedUser.resource, [CONNECTOR_USER_SCHEMA]: { platformStatus: 'forged' } },
      },
      { baseUrl: BASE },
    );
    expect(withoutState).not.toHaveProperty(CONNECTOR_USER_SCHEMA);
  });

  it('lists groups with their $ref when given', () => {
    const output = userRepresentation(storedUser, {
      baseUrl: BASE,
      groups: [{ value: 'g-1', display: 'Stores' }],
    });
    expect(output.groups).toEqual([{ value: 'g-1', $ref: `${BASE}/Groups/g-1`, display: 'Stores' }]);
  });

  it('applies the projection', () => {
    expect(userRepresentation(storedUser, { baseUrl: BASE, attributes: 'userName' })).toEqual({
      schemas: [CORE_USER_SCHEMA],
      id: 'u-1',
      userName: 'alice@example.com',
    });
  });
});

describe('groupRepresentation', () => {
  const storedGroup: StoredGroup = {
    id: 'g-1',
    displayName: 'EU Store Managers',
    ...TIMES,
    resource: { displayName: 'EU Store Managers' },
    members: [
      { value: 'u-1', type: 'User', display: 'alice@example.com' },
      { value: 'g-2', type: 'Group' },
    ],
  };

  it('renders members with $ref by member type', () => {
    const output = groupRepresentation(storedGroup, { baseUrl: BASE });
    expect(output).toMatchObject({
      schemas: [CORE_GROUP_SCHEMA],
      id: 'g-1',
      displayName: 'EU Store Managers',
    });
    expect(output.members).toEqual([
      { value: 'u-1', $ref: `${BASE}/Users/u-1`, type: 'User', display: 'alice@example.com' },
      { value: 'g-2', $ref: `${BASE}/Groups/g-2`, type: 'Group' },
    ]);
    expect((output.meta as Record<string, unknown>).location).toBe(`${BASE}/Groups/g-1`);
  });

  it('renders an empty member list as [] and unloaded members as absent', () => {
    expect(groupRepresentation({ ...storedGroup, members: [] }, { baseUrl: BASE }).members).toEqual([]);
    const { members: _members, ...unloaded } = storedGroup;
    expect(groupRepresentation(unloaded, { baseUrl: BASE })).not.toHaveProperty('members');
  });

  it('honours excludedAttributes=members', () => {
    expect(
      groupRepresentation(storedGroup, { baseUrl: BASE, excludedAttributes: 'members' }),
    ).not.toHaveProperty('members');
  });
});
