/**
 * SailPoint (IdentityNow / Identity Security Cloud and IdentityIQ's SCIM 2.0 connector), as its connector guide
 * describes it, over real HTTP on both databases: discovery (`/ServiceProviderConfig`, `/ResourceTypes/User`,
 * `/ResourceTypes/Group`, `/Schemas`), account aggregation with `attributes=` and paging, and entitlement changes as
 * concurrent single-member group PATCHes, none of which may be lost.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { CORE_GROUP, CORE_USER, expectScim, idpRequests, PATCH_OP, useTestServer } from './server-harness.ts';

const SAILPOINT_HEADERS = {
  'User-Agent': 'SailPoint SCIM 2.0 Connector',
  'Content-Type': 'application/scim+json',
};
const MEMBERS = 12;

describe.each(testDatabases('sailpoint'))('SailPoint on $name', (database) => {
  const server = useTestServer(database);
  const sailpoint = idpRequests(server, SAILPOINT_HEADERS);
  const userIds: string[] = [];

  it('discovery: the service provider config, both resource types and the schemas', async () => {
    const config = expectScim(await sailpoint('GET', '/ServiceProviderConfig'), 200);
    expect(config).toMatchObject({ patch: { supported: true }, filter: { supported: true } });
    expect(expectScim(await sailpoint('GET', '/ResourceTypes/User'), 200)).toMatchObject({
      name: 'User',
      endpoint: '/Users',
      schema: CORE_USER,
    });
    expect(expectScim(await sailpoint('GET', '/ResourceTypes/Group'), 200)).toMatchObject({
      name: 'Group',
      endpoint: '/Groups',
      schema: CORE_GROUP,
    });
    const schemas = expectScim(await sailpoint('GET', '/Schemas'), 200);
    expect((schemas.Resources as { id: string }[]).map((schema) => schema.id)).toEqual(
      expect.arrayContaining([CORE_USER, CORE_GROUP]),
    );
  });

  it('aggregation: pages of users with only the attributes asked for', async () => {
    for (let i = 0; i < MEMBERS; i++) {
      const userName = `agg.${String(i).padStart(2, '0')}@example.com`;
      const body = { schemas: [CORE_USER], userName, displayName: `Agg ${i}`, title: 'Associate' };
      userIds.push(String(expectScim(await sailpoint('POST', '/Users', body), 201).id));
    }
    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= MEMBERS; startIndex += 5) {
      const page = expectScim(
        await sailpoint('GET', `/Users?attributes=userName,displayName&startIndex=${startIndex}&count=5`),
        200,
      );
      expect(page.totalResults).toBe(MEMBERS);
      for (const user of page.Resources as Record<string, unknown>[]) {
        expect(Object.keys(user).sort()).toEqual(['displayName', 'id', 'schemas', 'userName']);
        seen.push(String(user.id));
      }
    }
    expect(seen.sort()).toEqual([...userIds].sort());
  });

  it('entitlements: concurrent single-member PATCHes on one group all land', async () => {
    const groupId = String(
      expectScim(
        await sailpoint('POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'Store Managers' }),
        201,
      ).id,
    );
    const replies = await Promise.all(
      userIds.map((userId) =>
        sailpoint('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }],
        }),
      ),
    );
    for (const reply of replies) expect([200, 204], reply.text).toContain(reply.status);
    const group = expectScim(await sailpoint('GET', `/Groups/${groupId}`), 200);
    const members = (group.members as { value: string }[]).map((member) => member.value).sort();
    expect(members).toEqual([...userIds].sort());

    const removals = await Promise.all(
      userIds.slice(0, 6).map((userId) =>
        sailpoint('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }],
        }),
      ),
    );
    for (const reply of removals) expect([200, 204], reply.text).toContain(reply.status);
    const after = expectScim(await sailpoint('GET', `/Groups/${groupId}`), 200);
    expect((after.members as { value: string }[]).map((member) => member.value).sort()).toEqual(
      userIds.slice(6).sort(),
    );
  });
});
