/**
 * JumpCloud's SCIM integration, as its documentation and request logs show it, over real HTTP on both databases:
 * the connection test (create, then delete, a test user and a test group), updates by PUT with `"emails": null`,
 * `addresses: []` and a hex `externalId`, and group membership added and removed by PATCH.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { CORE_GROUP, CORE_USER, expectScim, idpRequests, PATCH_OP, useTestServer } from './server-harness.ts';

const JUMPCLOUD_HEADERS = { 'User-Agent': 'JumpCloud-SCIM', 'Content-Type': 'application/scim+json' };
const HEX_ID = '5f1c0b7e9a3d2c4b8e6f1a2d';

function jumpCloudUser(userName: string, fields: Record<string, unknown> = {}) {
  return {
    schemas: [CORE_USER],
    userName,
    externalId: HEX_ID,
    name: { givenName: 'Sam', familyName: 'Ortiz' },
    displayName: 'Sam Ortiz',
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    ...fields,
  };
}

describe.each(testDatabases('jumpcloud'))('JumpCloud on $name', (database) => {
  const server = useTestServer(database);
  const jumpcloud = idpRequests(server, JUMPCLOUD_HEADERS);
  let userId = '';

  it('connection test: creates and deletes a test user and a test group, leaving nothing behind', async () => {
    const testUser = expectScim(await jumpcloud('POST', '/Users', jumpCloudUser('jc-test@example.com')), 201);
    const testGroup = expectScim(
      await jumpcloud('POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'JumpCloud test group' }),
      201,
    );
    expect((await jumpcloud('DELETE', `/Users/${String(testUser.id)}`)).status).toBe(204);
    expect((await jumpcloud('DELETE', `/Groups/${String(testGroup.id)}`)).status).toBe(204);
    expect((await jumpcloud('GET', `/Users/${String(testUser.id)}`)).status).toBe(404);
    expect(expectScim(await jumpcloud('GET', '/Groups'), 200).totalResults).toBe(0);
  });

  it('update by PUT with "emails": null, addresses: [] and a hex externalId: emails removed, id kept', async () => {
    userId = String(expectScim(await jumpcloud('POST', '/Users', jumpCloudUser('sam@example.com')), 201).id);
    const json = expectScim(
      await jumpcloud(
        'PUT',
        `/Users/${userId}`,
        jumpCloudUser('sam@example.com', { emails: null, addresses: [], title: 'Shift Lead' }),
      ),
      200,
    );
    expect(json).toMatchObject({ id: userId, externalId: HEX_ID, title: 'Shift Lead' });
    expect(json).not.toHaveProperty('emails');
    expect(json).not.toHaveProperty('addresses');
    const byExternalId = expectScim(
      await jumpcloud('GET', `/Users?filter=${encodeURIComponent(`externalId eq "${HEX_ID}"`)}`),
      200,
    );
    expect((byExternalId.Resources as { id: string }[]).map((user) => user.id)).toEqual([userId]);
  });

  it('group membership: PATCH add, then remove by value filter', async () => {
    const groupId = String(
      expectScim(await jumpcloud('POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'Stores' }), 201)
        .id,
    );
    const members = async () =>
      (
        (expectScim(await jumpcloud('GET', `/Groups/${groupId}`), 200).members ?? []) as { value: string }[]
      ).map((member) => member.value);
    const add = await jumpcloud('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: userId, display: 'sam@example.com' }] }],
    });
    expect([200, 204], add.text).toContain(add.status);
    expect(await members()).toEqual([userId]);
    const remove = await jumpcloud('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }],
    });
    expect([200, 204], remove.text).toContain(remove.status);
    expect(await members()).toEqual([]);
  });
});
