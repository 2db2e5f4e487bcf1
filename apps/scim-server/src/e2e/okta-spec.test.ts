/**
 * Okta's SCIM 2.0 spec test, steps 1-12, run in order against the app on both databases.
 * It needs one existing user first.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './databases.ts';
import { CORE_USER, ERROR, LIST_RESPONSE, useTestServer } from './server-harness.ts';

describe.each(testDatabases('okta_spec'))('Okta SCIM spec test on $name', (database) => {
  const server = useTestServer(database);
  let existingId = '';
  let newId = '';
  const newUserName = `okta.spec.${randomUUID().slice(0, 8)}@example.test`;
  const createBody = {
    schemas: [CORE_USER],
    userName: newUserName,
    name: { givenName: 'Spec', familyName: 'Tester' },
    emails: [{ primary: true, value: newUserName, type: 'work' }],
    displayName: 'Spec Tester',
    locale: 'en-US',
    externalId: '00uspec',
    groups: [],
    password: '1mz050nq',
    active: true,
  };

  // The helper's beforeAll, registered first, has started the server by now.
  beforeAll(async () => {
    const seeded = await server.scim('POST', '/Users', {
      body: {
        schemas: [CORE_USER],
        userName: 'existing.user@example.test',
        name: { givenName: 'Existing', familyName: 'User' },
        emails: [{ primary: true, value: 'existing.user@example.test', type: 'work' }],
        active: true,
      },
    });
    existingId = String(seeded.json.id);
  });

  const expectUserFields = (user: Record<string, unknown> = {}) => {
    expect(user).toMatchObject({
      id: expect.any(String),
      name: { familyName: expect.any(String), givenName: expect.any(String) },
      userName: expect.any(String),
      active: expect.any(Boolean),
    });
    expect((user.emails as { value: string }[])[0]?.value).toEqual(expect.any(String));
  };

  it('step 1: GET /Users?count=1&startIndex=1 lists with numeric counts and full fields', async () => {
    const reply = await server.scim('GET', '/Users?count=1&startIndex=1');
    expect(reply.status).toBe(200);
    expect(reply.json.schemas).toEqual([LIST_RESPONSE]);
    for (const key of ['itemsPerPage', 'startIndex', 'totalResults'])
      expect(typeof reply.json[key]).toBe('number');
    const [first] = reply.json.Resources as Record<string, unknown>[];
    expectUserFields(first);
  });

  it('step 2: GET /Users/{id} of that user returns the same fields', async () => {
    const reply = await server.scim('GET', `/Users/${existingId}`);
    expect(reply.status).toBe(200);
    expectUserFields(reply.json);
    expect(reply.json.id).toBe(existingId);
  });

  it('step 3: a filter on a random userName answers 200 with totalResults 0', async () => {
    const reply = await server.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(0);
  });

  it('step 4: GET of a random id answers 404 with the Error schema and a detail', async () => {
    const reply = await server.scim('GET', `/Users/${randomUUID()}`);
    expect(reply.status).toBe(404);
    expect(reply.json.schemas).toEqual([ERROR]);
    expect(reply.json.detail).toEqual(expect.any(String));
  });

  it('step 5: the random userName is still absent', async () => {
    const reply = await server.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${newUserName}"`)}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(0);
  });

  it('step 6: POST /Users answers 201, active, names as sent', async () => {
    const reply = await server.scim('POST', '/Users', { body: createBody });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({ active: true, name: createBody.name, userName: newUserName });
    newId = String(reply.json.id);
  });

  it('step 7: GET /Users/{new id} matches what was created', async () => {
    const reply = await server.scim('GET', `/Users/${newId}`);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      id: newId,
      userName: newUserName,
      name: createBody.name,
      active: true,
    });
  });

  it('step 8: the same POST again answers 409', async () => {
    const reply = await server.scim('POST', '/Users', { body: createBody });
    expect(reply.status).toBe(409);
  });

  it('step 9: the new userName in upper case finds the user', async () => {
    const filter = encodeURIComponent(`userName eq "${newUserName.toUpperCase()}"`);
    const reply = await server.scim('GET', `/Users?filter=${filter}`);
    expect(reply.status).toBe(200);
    expect(reply.json.totalResults).toBe(1);
    expect((reply.json.Resources as { id: string }[])[0]?.id).toBe(newId);
  });

  it('step 10: GET /Groups answers 200', async () => {
    const reply = await server.scim('GET', '/Groups');
    expect(reply.status).toBe(200);
    expect(reply.json.schemas).toEqual([LIST_RESPONSE]);
  });

  it('step 11: a wrong token answers 401 with the Error schema, detail and status "401"', async () => {
    const reply = await server.scim('GET', '/Users', { token: 'wrong-token' });
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ schemas: [ERROR], status: '401', detail: expect.any(String) });
  });

  it('step 12: GET /Users/00919288221112222 answers 404 with status "404"', async () => {
    const reply = await server.scim('GET', '/Users/00919288221112222');
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({ schemas: [ERROR], status: '404' });
  });
});
