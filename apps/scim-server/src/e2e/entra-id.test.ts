/**
 * Microsoft Entra ID's request sequences, as Microsoft's SCIM endpoint tutorial and its known SCIM compliance
 * issues show them, over real HTTP against the app on both databases: first without the `aadOptscim062020` flag
 * (Entra's default shapes today), then with it. Each response is checked for status, headers and body.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import {
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE_USER,
  ERROR,
  expectScim,
  filterQuery,
  idpRequests,
  LIST_RESPONSE,
  PATCH_OP,
  type ScimReply,
  useTestServer,
} from './server-harness.ts';

/** Entra sends these on every request (getsentry/self-hosted#2280). */
const ENTRA_HEADERS = { 'Content-Type': 'application/scim+json; charset=utf-8', ADSCIMVersion: '6.0' };

function entraCreateUser(suffix: string) {
  return {
    schemas: [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ],
    externalId: `0a21f0f2-8d2a-4f8e-bf98-7363c4aed4${suffix}`,
    userName: `Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44${suffix}`,
    active: true,
    emails: [
      {
        primary: true,
        type: 'work',
        value: `Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55${suffix}@testuser.com`,
      },
    ],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
  };
}

function entraCreateGroup(displayName: string) {
  return {
    schemas: [CORE_GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
    externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    displayName,
    meta: { resourceType: 'Group' },
  };
}

function expectNoContent(reply: ScimReply): void {
  expect(reply.status, reply.text).toBe(204);
  expect(reply.text).toBe('');
}

describe.each(testDatabases('entra'))('Entra ID on $name', (database) => {
  const server = useTestServer(database);
  const entra = idpRequests(server, ENTRA_HEADERS);

  describe('without the aadOptscim062020 flag', () => {
    let userId = '';
    let groupId = '';
    let memberId = '';

    it('Test Connection: a random user is answered 200 with an empty ListResponse', async () => {
      const reply = await entra(
        'GET',
        `/Users${filterQuery('userName eq "5b50642d-79fc-4410-9e90-4c077cdd1a59"')}`,
      );
      expect(expectScim(reply, 200)).toEqual({
        schemas: [LIST_RESPONSE],
        totalResults: 0,
        itemsPerPage: 0,
        startIndex: 1,
        Resources: [],
      });
      const byExternalId = await entra('GET', `/Users${filterQuery('externalId eq "0a21f0f2-0000"')}`);
      expect(expectScim(byExternalId, 200).totalResults).toBe(0);
    });

    it('Create User: 201 with the user, its id, meta, Location and ETag', async () => {
      const body = entraCreateUser('aa');
      const reply = await entra('POST', '/Users', body);
      const json = expectScim(reply, 201);
      userId = String(json.id);
      expect(userId).toMatch(/\S+/);
      expect(json).toMatchObject({
        schemas: [CORE_USER],
        externalId: body.externalId,
        userName: body.userName,
        name: body.name,
        active: true,
        emails: body.emails,
        meta: { resourceType: 'User', version: 'W/"1"', location: `${server.scimUrl}/Users/${userId}` },
      });
      expect(typeof (json.meta as { created: string }).created).toBe('string');
      expect(reply.headers.get('location')).toBe(`${server.scimUrl}/Users/${userId}`);
      expect(reply.headers.get('etag')).toBe('W/"1"');
    });

    it('Get User by query: userName, quoted and unquoted externalId', async () => {
      const body = entraCreateUser('aa');
      for (const filter of [
        `userName eq "${body.userName}"`,
        `externalId eq "${body.externalId}"`,
        `externalId eq ${body.externalId}`,
        `emails[type eq "work"].value eq "${body.emails[0]?.value}"`,
      ]) {
        const json = expectScim(await entra('GET', `/Users${filterQuery(filter)}`), 200);
        expect(json, filter).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 1, startIndex: 1 });
        expect((json.Resources as { id: string }[])[0]?.id).toBe(userId);
      }
    });

    it('Get User, not found: 404 with an Error document', async () => {
      const json = expectScim(await entra('GET', '/Users/5171a35d82074e068ce2'), 404);
      expect(json).toMatchObject({ schemas: [ERROR], status: '404' });
      expect(json.detail).toEqual(expect.any(String));
    });

    it('Update User (multi-valued): 200 with the user, formatted name recomputed', async () => {
      const json = expectScim(
        await entra('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
            { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
          ],
        }),
        200,
      );
      expect(json).toMatchObject({
        id: userId,
        name: {
          formatted: 'givenName updatedFamilyName',
          familyName: 'updatedFamilyName',
          givenName: 'givenName',
        },
        emails: [{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }],
      });
    });

    it('Update User (single-valued): 200 with the new userName', async () => {
      const reply = await entra('PATCH', `/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' },
        ],
      });
      expect(expectScim(reply, 200).userName).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');
      expect(reply.headers.get('etag')).toBe('W/"3"');
    });

    it('Replace many attributes, one Replace per path incl. the enterprise URN path', async () => {
      const json = expectScim(
        await entra('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Replace', path: 'displayName', value: 'Pvlo' },
            { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
            { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
            { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
            { op: 'Replace', path: 'externalId', value: 'Eqpj' },
            { op: 'Replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: 'Eqpj' },
          ],
        }),
        200,
      );
      expect(json).toMatchObject({
        displayName: 'Pvlo',
        externalId: 'Eqpj',
        name: { givenName: 'Gtfd', familyName: 'Pkqf' },
        emails: [{ value: 'TestBcwqnm@test.microsoft.com', type: 'work' }],
        [ENTERPRISE_USER]: { employeeNumber: 'Eqpj' },
      });
      expect(json.schemas).toContain(ENTERPRISE_USER);
    });

    it('Add a single-valued string with "Add", and the manager as a bare string', async () => {
      const json = expectScim(
        await entra('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Add', path: 'nickName', value: 'Babs' },
            { op: 'add', path: `${ENTERPRISE_USER}:manager`, value: '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2' },
          ],
        }),
        200,
      );
      expect(json.nickName).toBe('Babs');
      expect(json[ENTERPRISE_USER]).toMatchObject({
        manager: { value: '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2' },
      });
    });

    it('Disable User with the string "False": 200, and the user is still returned', async () => {
      const reply = await entra('PATCH', `/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
      expect(expectScim(reply, 200).active).toBe(false);
      const fetched = expectScim(await entra('GET', `/Users/${userId}`), 200);
      expect(fetched).toMatchObject({ id: userId, active: false });
    });

    it('Create Group: 201 with members: []', async () => {
      const reply = await entra('POST', '/Groups', entraCreateGroup('displayName'));
      const json = expectScim(reply, 201);
      groupId = String(json.id);
      expect(json).toMatchObject({
        schemas: [CORE_GROUP],
        displayName: 'displayName',
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        members: [],
        meta: { resourceType: 'Group', location: `${server.scimUrl}/Groups/${groupId}` },
      });
      expect(reply.headers.get('location')).toBe(`${server.scimUrl}/Groups/${groupId}`);
    });

    it('Get Group and Get Group by displayName with excludedAttributes=members', async () => {
      const one = expectScim(await entra('GET', `/Groups/${groupId}?excludedAttributes=members`), 200);
      expect(one).toMatchObject({ id: groupId, displayName: 'displayName' });
      expect(one).not.toHaveProperty('members');
      const list = expectScim(
        await entra(
          'GET',
          `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "displayName"')}`,
        ),
        200,
      );
      expect(list.totalResults).toBe(1);
      expect((list.Resources as Record<string, unknown>[])[0]).not.toHaveProperty('members');
    });

    it('Update Group, add members with "$ref": null: 204', async () => {
      memberId = String(expectScim(await entra('POST', '/Users', entraCreateUser('bb')), 201).id);
      expectNoContent(
        await entra('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [
            {
              op: 'Add',
              path: 'members',
              value: [
                { $ref: null, value: memberId },
                { $ref: null, value: userId },
              ],
            },
          ],
        }),
      );
      const json = expectScim(await entra('GET', `/Groups/${groupId}`), 200);
      expect((json.members as { value: string }[]).map((m) => m.value).sort()).toEqual(
        [memberId, userId].sort(),
      );
    });

    it('Update Group, remove members by value array: 204, only the listed member leaves', async () => {
      expectNoContent(
        await entra('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: memberId }] }],
        }),
      );
      const json = expectScim(await entra('GET', `/Groups/${groupId}`), 200);
      expect(json.members).toEqual([
        { value: userId, $ref: `${server.scimUrl}/Users/${userId}`, type: 'User' },
      ]);
    });

    it('Update Group (non-member attributes): 204', async () => {
      const displayName = '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName';
      expectNoContent(
        await entra('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'Replace', path: 'displayName', value: displayName }],
        }),
      );
      expect(expectScim(await entra('GET', `/Groups/${groupId}`), 200).displayName).toBe(displayName);
    });

    it('Create with explicit nulls and a malformed extension URI (Example 2): 201', async () => {
      const json = expectScim(
        await entra('POST', '/Users', {
          schemas: [
            'urn:ietf:params:scim:schemas:core:2.0:User',
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0User',
          ],
          externalId: 'jyoung',
          userName: 'jyoung@testuser.com',
          active: true,
          addresses: null,
          displayName: 'Joy Young',
          emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
          meta: { resourceType: 'User' },
          name: { familyName: 'Young', givenName: 'Joy' },
          phoneNumbers: null,
          preferredLanguage: null,
          title: null,
          department: null,
          manager: null,
        }),
        201,
      );
      expect(json).toMatchObject({
        userName: 'jyoung@testuser.com',
        externalId: 'jyoung',
        displayName: 'Joy Young',
      });
      expect(JSON.stringify(json)).not.toContain('null');
      const found = expectScim(await entra('GET', '/Users?filter=externalId eq jyoung'), 200);
      expect(found.totalResults).toBe(1);
    });

    it('a second create with the same userName in another case: 409 uniqueness', async () => {
      const json = expectScim(
        await entra('POST', '/Users', { ...entraCreateUser('cc'), userName: 'JYOUNG@TESTUSER.COM' }),
        409,
      );
      expect(json).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    });

    it('Schema discovery: a ListResponse with no null values', async () => {
      const json = expectScim(await entra('GET', '/Schemas'), 200);
      expect(json.schemas).toEqual([LIST_RESPONSE]);
      const ids = (json.Resources as { id: string }[]).map((schema) => schema.id);
      expect(ids).toEqual(expect.arrayContaining([CORE_USER, CORE_GROUP, ENTERPRISE_USER]));
      expect(json.totalResults).toBe(ids.length);
      expect(JSON.stringify(json)).not.toContain('null');
    });

    it('Delete User and Delete Group: 204, then 404', async () => {
      expectNoContent(await entra('DELETE', `/Users/${memberId}`));
      expectScim(await entra('GET', `/Users/${memberId}`), 404);
      expectNoContent(await entra('DELETE', `/Groups/${groupId}`));
      expectScim(await entra('GET', `/Groups/${groupId}`), 404);
    });
  });

  describe('with the aadOptscim062020 flag', () => {
    let userId = '';
    let groupId = '';

    it('creates the user and group the same way', async () => {
      userId = String(expectScim(await entra('POST', '/Users', entraCreateUser('dd')), 201).id);
      groupId = String(expectScim(await entra('POST', '/Groups', entraCreateGroup('Flagged group')), 201).id);
    });

    it('replaces a filtered path and a path-less value with dotted keys and a URN key', async () => {
      const json = expectScim(
        await entra('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
            {
              op: 'replace',
              value: {
                displayName: 'Bjfe',
                'name.givenName': 'Kkom',
                'name.familyName': 'Unua',
                [`${ENTERPRISE_USER}:employeeNumber`]: 'Aklq',
              },
            },
          ],
        }),
        200,
      );
      expect(json).toMatchObject({
        displayName: 'Bjfe',
        name: { givenName: 'Kkom', familyName: 'Unua' },
        emails: [{ value: 'TestMhvaes@test.microsoft.com', type: 'work' }],
        [ENTERPRISE_USER]: { employeeNumber: 'Aklq' },
      });
    });

    it('adds a single-valued string with lower-case "add"', async () => {
      const json = expectScim(
        await entra('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'nickName', value: 'Babs' }],
        }),
        200,
      );
      expect(json.nickName).toBe('Babs');
    });

    it('removes one member with members[value eq "..."]: 204', async () => {
      const other = String(expectScim(await entra('POST', '/Users', entraCreateUser('ee')), 201).id);
      expectNoContent(
        await entra('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value: userId }, { value: other }] }],
        }),
      );
      expectNoContent(
        await entra('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'remove', path: `members[value eq "${other}"]` }],
        }),
      );
      const json = expectScim(await entra('GET', `/Groups/${groupId}`), 200);
      expect((json.members as { value: string }[]).map((m) => m.value)).toEqual([userId]);
    });

    it('disables with a boolean false', async () => {
      const json = expectScim(
        await entra('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', path: 'active', value: false }],
        }),
        200,
      );
      expect(json.active).toBe(false);
    });
  });
});
