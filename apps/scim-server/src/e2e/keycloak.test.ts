/**
 * Keycloak's community SCIM client (the scim-for-keycloak and keycloak-scim extensions), as their source shows it,
 * over real HTTP on both databases: an unfiltered `GET /Users` import, and group updates as full PUTs whose members
 * carry a relative `$ref` (`Users/<id>`).
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { CORE_GROUP, CORE_USER, expectScim, idpRequests, useTestServer } from './server-harness.ts';

const KEYCLOAK_HEADERS = { 'User-Agent': 'Keycloak SCIM client', 'Content-Type': 'application/scim+json' };

describe.each(testDatabases('keycloak'))('Keycloak on $name', (database) => {
  const server = useTestServer(database);
  const keycloak = idpRequests(server, KEYCLOAK_HEADERS);
  const ids: string[] = [];

  it('import: an unfiltered GET /Users lists every user', async () => {
    for (const userName of ['kc.one@example.com', 'kc.two@example.com', 'kc.three@example.com']) {
      const body = {
        schemas: [CORE_USER],
        userName,
        active: true,
        name: { givenName: 'K', familyName: 'C' },
      };
      ids.push(String(expectScim(await keycloak('POST', '/Users', body), 201).id));
    }
    const json = expectScim(await keycloak('GET', '/Users'), 200);
    expect(json.totalResults).toBe(3);
    expect((json.Resources as { id: string }[]).map((user) => user.id).sort()).toEqual([...ids].sort());
  });

  it('group updates by full PUT with relative member $refs: the member list is replaced each time', async () => {
    const member = (id: string) => ({ value: id, $ref: `Users/${id}`, display: id });
    const [first, second, third] = ids as [string, string, string];
    const created = expectScim(
      await keycloak('POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: 'kc-stores',
        members: [member(first)],
      }),
      201,
    );
    const groupId = String(created.id);
    const put = (members: string[]) =>
      keycloak('PUT', `/Groups/${groupId}`, {
        schemas: [CORE_GROUP],
        id: groupId,
        displayName: 'kc-stores',
        members: members.map(member),
      });
    const grown = expectScim(await put([first, second, third]), 200);
    expect((grown.members as { value: string }[]).map((m) => m.value).sort()).toEqual(
      [first, second, third].sort(),
    );
    const shrunk = expectScim(await put([third]), 200);
    expect((shrunk.members as { value: string }[]).map((m) => m.value)).toEqual([third]);
    const stored = expectScim(await keycloak('GET', `/Groups/${groupId}`), 200);
    expect((stored.members as { value: string }[]).map((m) => m.value)).toEqual([third]);
  });
});
