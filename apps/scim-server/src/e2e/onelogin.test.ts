/**
 * OneLogin's SCIM provisioner, as its shipped templates and its request logs show it, over real HTTP on both
 * databases: the connection test (a `+`-encoded `userName` filter with a trailing `&`), create from a template that
 * uses the SCIM 1.1 URNs (renumbered 2.0 in its traffic), `emails` as one object and `manager.managerId`, updates by
 * `PUT /Users/{id}?` with the whole template, suspend and unsuspend through `active`, and group membership by PATCH.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { CORE_GROUP, ENTERPRISE_USER, expectScim, idpRequests, useTestServer } from './server-harness.ts';

const ONELOGIN_HEADERS = { 'User-Agent': 'OneLogin SCIM', 'Content-Type': 'application/scim+json' };
const LEGACY_CORE = 'urn:scim:schemas:core:2.0';
const LEGACY_ENTERPRISE = 'urn:scim:schemas:extension:enterprise:2.0';

/** The whole template, as OneLogin sends it on create and on every update. */
function oneLoginUser(userName: string, fields: { active?: boolean; title?: string } = {}) {
  return {
    schemas: [LEGACY_CORE, LEGACY_ENTERPRISE],
    userName,
    name: { givenName: 'Kim', familyName: 'Lee', formatted: 'Kim Lee' },
    emails: { value: userName, type: 'work', primary: true },
    title: fields.title ?? 'Store Assistant',
    active: fields.active ?? true,
    [LEGACY_ENTERPRISE]: { department: 'Stores', manager: { managerId: 'mgr-7' } },
  };
}

describe.each(testDatabases('onelogin'))('OneLogin on $name', (database) => {
  const server = useTestServer(database);
  const onelogin = idpRequests(server, ONELOGIN_HEADERS);
  const userName = 'kim.lee@example.com';
  let userId = '';

  it('connection test: a +-encoded userName filter with a trailing & answers 200 with an empty list', async () => {
    const json = expectScim(
      await onelogin('GET', '/Users?filter=userName+eq+%22kim.lee%40example.com%22&'),
      200,
    );
    expect(json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('create from the template: 201, the legacy URNs read as the 2.0 schemas', async () => {
    const json = expectScim(await onelogin('POST', '/Users', oneLoginUser(userName)), 201);
    userId = String(json.id);
    expect(json).toMatchObject({
      userName,
      emails: [{ value: userName, type: 'work', primary: true }],
      title: 'Store Assistant',
      active: true,
      [ENTERPRISE_USER]: { department: 'Stores', manager: { value: 'mgr-7' } },
    });
    const found = expectScim(
      await onelogin('GET', '/Users?filter=userName+eq+%22kim.lee%40example.com%22&'),
      200,
    );
    expect(found.totalResults).toBe(1);
  });

  it('update: PUT /Users/{id}? with the whole template changes what changed', async () => {
    const json = expectScim(
      await onelogin('PUT', `/Users/${userId}?`, oneLoginUser(userName, { title: 'Store Manager' })),
      200,
    );
    expect(json).toMatchObject({ id: userId, title: 'Store Manager', active: true });
    expect(expectScim(await onelogin('GET', `/Users/${userId}`), 200).title).toBe('Store Manager');
  });

  it('suspend and unsuspend: the template with active false, then true', async () => {
    const suspended = expectScim(
      await onelogin('PUT', `/Users/${userId}?`, oneLoginUser(userName, { active: false })),
      200,
    );
    expect(suspended.active).toBe(false);
    expect(expectScim(await onelogin('GET', `/Users/${userId}`), 200).active).toBe(false);
    const back = expectScim(await onelogin('PUT', `/Users/${userId}?`, oneLoginUser(userName)), 200);
    expect(back.active).toBe(true);
  });

  it('group membership: lower-case PATCH add and remove of members', async () => {
    const group = expectScim(
      await onelogin('POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'Store Assistants' }),
      201,
    );
    const groupId = String(group.id);
    const add = await onelogin('PATCH', `/Groups/${groupId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }],
    });
    expect([200, 204], add.text).toContain(add.status);
    const members = async () =>
      (
        (expectScim(await onelogin('GET', `/Groups/${groupId}`), 200).members ?? []) as { value: string }[]
      ).map((member) => member.value);
    expect(await members()).toEqual([userId]);
    const remove = await onelogin('PATCH', `/Groups/${groupId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }],
    });
    expect([200, 204], remove.text).toContain(remove.status);
    expect(await members()).toEqual([]);
  });
});
