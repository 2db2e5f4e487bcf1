import { describe, expect, it } from 'vitest';
import { toDirectoryUser } from './directory-user.ts';

describe('toDirectoryUser', () => {
  it('carries the resource, its roles and the groups with the roles they grant', () => {
    const resource = { userName: 'a@example.com', roles: [{ value: 'AGENT_1_STORE' }] };
    const user = toDirectoryUser({
      user: {
        id: 'u1',
        userName: 'a@example.com',
        active: true,
        resource,
        created: '2025-01-01T00:00:00.000Z',
        lastModified: '2025-01-01T00:00:00.000Z',
        version: 1,
      },
      deleted: false,
      groups: [
        { id: 'g1', displayName: 'Staff', roles: [] },
        { id: 'g2', displayName: 'Managers', externalId: 'ext-2', roles: ['AGENT_1_STORE_MANAGER'] },
      ],
    });
    expect(user).toEqual({
      id: 'u1',
      userName: 'a@example.com',
      active: true,
      deleted: false,
      directRoles: ['AGENT_1_STORE'],
      groups: [
        { id: 'g1', displayName: 'Staff' },
        { id: 'g2', displayName: 'Managers', externalId: 'ext-2', roles: ['AGENT_1_STORE_MANAGER'] },
      ],
      attributes: resource,
    });
  });
});
