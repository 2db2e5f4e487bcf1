/**
 * authentik's SCIM provider, as its source and its users' reports show it, over real HTTP on both databases:
 * POST, and on 409 a `userName eq` lookup (once sent with the value unquoted), full PUT updates that carry `id`,
 * one PATCH operation per member, and group renames as a path-less `replace` with no top-level `schemas`.
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { CORE_GROUP, CORE_USER, expectScim, idpRequests, PATCH_OP, useTestServer } from './server-harness.ts';

const AUTHENTIK_HEADERS = { 'User-Agent': 'goauthentik.io', 'Content-Type': 'application/scim+json' };

function authentikUser(userName: string, displayName = 'Ana Silva') {
  return {
    schemas: [CORE_USER],
    userName,
    name: { formatted: displayName, givenName: 'Ana', familyName: 'Silva' },
    displayName,
    active: true,
    emails: [{ value: userName, type: 'other', primary: true }],
    externalId: 'ak-user-5f1c',
  };
}

describe.each(testDatabases('authentik'))('authentik on $name', (database) => {
  const server = useTestServer(database);
  const authentik = idpRequests(server, AUTHENTIK_HEADERS);
  const userName = 'ana.silva@example.com';
  let userId = '';
  let otherId = '';
  let groupId = '';

  it('create, then on a second POST the 409 leads to a userName eq lookup, quoted or not', async () => {
    userId = String(expectScim(await authentik('POST', '/Users', authentikUser(userName)), 201).id);
    const conflict = expectScim(await authentik('POST', '/Users', authentikUser(userName)), 409);
    expect(conflict.scimType).toBe('uniqueness');
    for (const filter of [`userName eq "${userName}"`, `userName eq ${userName}`]) {
      const json = expectScim(await authentik('GET', `/Users?filter=${encodeURIComponent(filter)}`), 200);
      expect((json.Resources as { id: string }[]).map((user) => user.id)).toEqual([userId]);
    }
  });

  it('full PUT update including id: 200, the new displayName kept', async () => {
    const json = expectScim(
      await authentik('PUT', `/Users/${userId}`, { ...authentikUser(userName, 'Ana S.'), id: userId }),
      200,
    );
    expect(json).toMatchObject({ id: userId, displayName: 'Ana S.' });
  });

  it('group with one PATCH operation per member, added and removed', async () => {
    otherId = String(expectScim(await authentik('POST', '/Users', authentikUser('rui@example.com')), 201).id);
    groupId = String(
      expectScim(await authentik('POST', '/Groups', { schemas: [CORE_GROUP], displayName: 'Stores' }), 201)
        .id,
    );
    const add = await authentik('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: userId }] },
        { op: 'add', path: 'members', value: [{ value: otherId }] },
      ],
    });
    expect([200, 204], add.text).toContain(add.status);
    expect(await memberIds()).toEqual([userId, otherId].sort());
    const remove = await authentik('PATCH', `/Groups/${groupId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: 'members', value: [{ value: otherId }] }],
    });
    expect([200, 204], remove.text).toContain(remove.status);
    expect(await memberIds()).toEqual([userId]);
  });

  it('rename: a path-less replace of {id, displayName, externalId} without "schemas" is applied', async () => {
    const reply = await authentik('PATCH', `/Groups/${groupId}`, {
      Operations: [
        { op: 'replace', value: { id: groupId, displayName: 'Store Managers', externalId: 'ak-group-9' } },
      ],
    });
    expect([200, 204], reply.text).toContain(reply.status);
    const json = expectScim(await authentik('GET', `/Groups/${groupId}`), 200);
    expect(json).toMatchObject({ displayName: 'Store Managers', externalId: 'ak-group-9' });
    expect(await memberIds()).toEqual([userId]);
  });

  it('a "schemas" that is present and wrong is still 400 invalidSyntax', async () => {
    const json = expectScim(
      await authentik('PATCH', `/Groups/${groupId}`, {
        schemas: [CORE_GROUP],
        Operations: [{ op: 'replace', value: { displayName: 'Nope' } }],
      }),
      400,
    );
    expect(json.scimType).toBe('invalidSyntax');
  });

  async function memberIds(): Promise<string[]> {
    const json = expectScim(await authentik('GET', `/Groups/${groupId}`), 200);
    return ((json.members ?? []) as { value: string }[]).map((member) => member.value).sort();
  }
});
