/**
 * Okta's request sequences, as Okta's SCIM 2.0 protocol reference shows them, over real HTTP against
 * the app on both databases: an OIN app (deactivation by PATCH), an App Integration Wizard app (every update by
 * PUT), and group push. Each response is checked for status, headers and body.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import {
  CORE_GROUP,
  CORE_USER,
  ERROR,
  expectScim,
  idpRequests,
  LIST_RESPONSE,
  PATCH_OP,
  useTestServer,
} from './server-harness.ts';

const OKTA_HEADERS = { 'User-Agent': 'Okta SCIM Client 1.0.0', 'Content-Type': 'application/scim+json' };

function oktaCreateUser(userName: string, externalId: string) {
  return {
    schemas: [CORE_USER],
    userName,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId,
    groups: [],
    password: '1mz050nq',
    active: true,
  };
}

function existenceCheck(userName: string): string {
  return `/Users?filter=userName%20eq%20%22${encodeURIComponent(userName)}%22&startIndex=1&count=100`;
}

describe.each(testDatabases('okta'))('Okta on $name', (database) => {
  const server = useTestServer(database);
  const okta = idpRequests(server, OKTA_HEADERS);

  describe('OIN app: create, deactivate and reactivate by PATCH', () => {
    const userName = 'test.user@okta.local';
    let userId = '';

    it('existence check: 200, totalResults 0, Resources []', async () => {
      const json = expectScim(await okta('GET', existenceCheck(userName)), 200);
      expect(json).toEqual({
        schemas: [LIST_RESPONSE],
        totalResults: 0,
        itemsPerPage: 0,
        startIndex: 1,
        Resources: [],
      });
    });

    it('create user (with password and groups: []): 201 with the user, password not returned', async () => {
      const reply = await okta('POST', '/Users', oktaCreateUser(userName, '00ujl29u0le5T6Aj10h7'));
      const json = expectScim(reply, 201);
      userId = String(json.id);
      expect(json).toMatchObject({
        schemas: [CORE_USER],
        userName,
        name: { givenName: 'Test', familyName: 'User' },
        emails: [{ primary: true, value: userName, type: 'work' }],
        displayName: 'Test User',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        active: true,
        meta: { resourceType: 'User' },
      });
      expect(json).not.toHaveProperty('password');
      expect(reply.headers.get('location')).toBe(`${server.scimUrl}/Users/${userId}`);
      const journal = await server.raw('GET', '/admin/journal', { token: server.adminToken });
      expect(journal.text).toContain(userId);
      expect(journal.text).not.toContain('1mz050nq');
    });

    it('existence check now finds the user', async () => {
      const json = expectScim(await okta('GET', existenceCheck(userName)), 200);
      expect(json).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
      expect((json.Resources as { id: string }[])[0]?.id).toBe(userId);
    });

    it('duplicate create: 409 in the RFC form', async () => {
      const json = expectScim(await okta('POST', '/Users', oktaCreateUser(userName, 'other')), 409);
      expect(json).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
      expect(json.detail).toEqual(expect.any(String));
    });

    it('deactivate: PATCH replace {active: false} answers 200 with the user', async () => {
      const json = expectScim(
        await okta('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', value: { active: false } }],
        }),
        200,
      );
      expect(json).toMatchObject({ id: userId, userName, active: false });
    });

    it('reactivate: PATCH replace {active: true}', async () => {
      const json = expectScim(
        await okta('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', value: { active: true } }],
        }),
        200,
      );
      expect(json.active).toBe(true);
    });

    it('profile update by PUT after GET: 200 with the user, read-only id/meta/groups ignored', async () => {
      const current = expectScim(await okta('GET', `/Users/${userId}`), 200);
      const reply = await okta('PUT', `/Users/${userId}`, {
        schemas: [CORE_USER],
        id: userId,
        userName,
        name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
        emails: [{ primary: true, value: userName, type: 'work', display: userName }],
        active: true,
        groups: [],
        meta: { resourceType: 'User' },
      });
      const json = expectScim(reply, 200);
      expect(json).toMatchObject({
        id: userId,
        name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
        emails: [{ primary: true, value: userName, type: 'work', display: userName }],
        active: true,
      });
      expect(json.meta).toMatchObject({ created: (current.meta as { created: string }).created });
      expect(reply.headers.get('etag')).not.toBe(`${(current.meta as { version: string }).version}`);
    });

    it('username case check: the upper-case userName finds the user', async () => {
      const json = expectScim(await okta('GET', existenceCheck(userName.toUpperCase())), 200);
      expect(json.totalResults).toBe(1);
    });
  });

  describe('App Integration Wizard app: every update by PUT', () => {
    const userName = 'wizard.user@okta.local';
    let userId = '';

    it('creates, then deactivates with a PUT of active: false', async () => {
      userId = String(expectScim(await okta('POST', '/Users', oktaCreateUser(userName, 'wiz-1')), 201).id);
      const body = {
        schemas: [CORE_USER],
        id: userId,
        userName,
        name: { givenName: 'Test', familyName: 'User' },
        emails: [{ primary: true, value: userName, type: 'work' }],
        active: false,
        groups: [],
        meta: { resourceType: 'User' },
      };
      const json = expectScim(await okta('PUT', `/Users/${userId}`, body), 200);
      expect(json).toMatchObject({ id: userId, active: false });
      expect(expectScim(await okta('GET', `/Users/${userId}`), 200).active).toBe(false);
      const back = expectScim(await okta('PUT', `/Users/${userId}`, { ...body, active: true }), 200);
      expect(back.active).toBe(true);
    });

    it('imports users page by page with startIndex=1&count=100 until totalResults', async () => {
      const first = expectScim(await okta('GET', '/Users?startIndex=1&count=100'), 200);
      expect(first.totalResults).toBe(2);
      expect(first.itemsPerPage).toBe(2);
      const second = expectScim(await okta('GET', '/Users?startIndex=101&count=100'), 200);
      expect(second).toMatchObject({ totalResults: 2, startIndex: 101, itemsPerPage: 0, Resources: [] });
    });
  });

  describe('group push', () => {
    let groupId = '';
    let a = '';
    let b = '';

    const memberValues = async () => {
      const json = expectScim(await okta('GET', `/Groups/${groupId}`), 200);
      return ((json.members ?? []) as { value: string }[]).map((m) => m.value).sort();
    };

    it('create: 201 with the group and its id', async () => {
      a = String(expectScim(await okta('POST', '/Users', oktaCreateUser('push.a@okta.local', 'pa')), 201).id);
      b = String(expectScim(await okta('POST', '/Users', oktaCreateUser('push.b@okta.local', 'pb')), 201).id);
      const reply = await okta('POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: 'Test SCIMv2',
        members: [],
      });
      const json = expectScim(reply, 201);
      groupId = String(json.id);
      expect(json).toMatchObject({ schemas: [CORE_GROUP], displayName: 'Test SCIMv2', members: [] });
    });

    it('rename with the read-only id in a path-less value: accepted (204)', async () => {
      const reply = await okta('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { id: groupId, displayName: 'Test SCIMv2 renamed' } }],
      });
      expect(reply.status, reply.text).toBe(204);
      // The rename took: a server that ignored the operation (or choked on the read-only id) would still say 204.
      const group = expectScim(await okta('GET', `/Groups/${groupId}`), 200);
      expect(group).toMatchObject({ id: groupId, displayName: 'Test SCIMv2 renamed' });
    });

    it('membership: remove by filter and add in one request (204)', async () => {
      await okta('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: b, display: 'push.b@okta.local' }] }],
      });
      const reply = await okta('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'remove', path: `members[value eq "${b}"]` },
          { op: 'add', path: 'members', value: [{ value: a, display: 'push.a@okta.local' }] },
        ],
      });
      expect(reply.status, reply.text).toBe(204);
      expect(await memberValues()).toEqual([a]);
    });

    it('full membership push with replace (204), then "push now" of an empty group with []', async () => {
      const full = await okta('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'replace',
            path: 'members',
            value: [
              { value: a, display: 'push.a@okta.local' },
              { value: b, display: 'push.b@okta.local' },
            ],
          },
        ],
      });
      expect(full.status, full.text).toBe(204);
      expect(await memberValues()).toEqual([a, b].sort());
      const empty = await okta('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'members', value: [] }],
      });
      expect(empty.status, empty.text).toBe(204);
      expect(await memberValues()).toEqual([]);
    });

    it('lists groups with startIndex=1&count=100', async () => {
      const json = expectScim(await okta('GET', '/Groups?startIndex=1&count=100'), 200);
      expect(json).toMatchObject({
        schemas: [LIST_RESPONSE],
        totalResults: 1,
        startIndex: 1,
        itemsPerPage: 1,
      });
    });

    it('unlink: DELETE answers 204 and the group is gone', async () => {
      const reply = await okta('DELETE', `/Groups/${groupId}`);
      expect(reply.status).toBe(204);
      expect(reply.text).toBe('');
      expectScim(await okta('GET', `/Groups/${groupId}`), 404);
    });
  });
});
