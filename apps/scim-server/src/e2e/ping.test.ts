/**
 * PingFederate's SCIM connector and PingOne's SCIM outbound provisioning, as Ping documents them, over real HTTP on
 * both databases: the `userName eq` lookup and the `emails eq` lookup (the "workEmail" unique identifier), filters
 * written with mixed-case operators (`username Eq "..."`, PingOne's own example), create with `active: false`, and
 * updates by PUT only (PingOne sends no PATCH).
 */
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { CORE_USER, expectScim, filterQuery, idpRequests, useTestServer } from './server-harness.ts';

const PING_HEADERS = { 'User-Agent': 'PingFederate SCIM Connector', 'Content-Type': 'application/scim+json' };

function pingUser(userName: string, email: string, active: boolean, title = 'Associate') {
  return {
    schemas: [CORE_USER],
    userName,
    name: { givenName: 'Lee', familyName: 'Park' },
    emails: [{ value: email, type: 'work', primary: true }],
    title,
    active,
  };
}

describe.each(testDatabases('ping'))('PingFederate / PingOne on $name', (database) => {
  const server = useTestServer(database);
  const ping = idpRequests(server, PING_HEADERS);
  const userName = 'lpark';
  const email = 'Lee.Park@example.com';
  let userId = '';

  const idsFound = async (filter: string) =>
    (expectScim(await ping('GET', `/Users${filterQuery(filter)}`), 200).Resources as { id: string }[]).map(
      (user) => user.id,
    );

  it('looks the user up first (nothing yet), then creates it inactive', async () => {
    expect(await idsFound(`userName eq "${userName}"`)).toEqual([]);
    const json = expectScim(await ping('POST', '/Users', pingUser(userName, email, false)), 201);
    userId = String(json.id);
    expect(json).toMatchObject({ userName, active: false });
  });

  it('finds it by userName eq and by emails eq (any case of the address), and with mixed-case operators', async () => {
    expect(await idsFound(`userName eq "${userName}"`)).toEqual([userId]);
    expect(await idsFound(`emails eq "${email.toLowerCase()}"`)).toEqual([userId]);
    expect(await idsFound(`username Eq "${userName}"`)).toEqual([userId]);
    expect(await idsFound(`EMAILS EQ "${email}"`)).toEqual([userId]);
    expect(await idsFound(`userName Eq "someone-else"`)).toEqual([]);
  });

  it('updates by PUT only: activation and a changed attribute', async () => {
    const json = expectScim(
      await ping('PUT', `/Users/${userId}`, pingUser(userName, email, true, 'Store Manager')),
      200,
    );
    expect(json).toMatchObject({ id: userId, active: true, title: 'Store Manager' });
    const stored = expectScim(await ping('GET', `/Users/${userId}`), 200);
    expect(stored).toMatchObject({ active: true, title: 'Store Manager' });
  });
});
