import { describe, expect, it } from 'vitest';
import { BASE_URL, CORE_USER, createHarness, ERROR, patchBody, userBody } from './testing/harness.ts';

const CONNECTOR_USER = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';

describe('POST /Users', () => {
  it('creates the user: 201, Location, ETag, the stored attributes, and a journal entry with the id but no password', async () => {
    const h = createHarness();
    const body = userBody('alice@example.test', { password: 'secret-1', externalId: 'ext-1' });
    const res = await h.call('POST', '/Users', { body });
    expect(res.status).toBe(201);
    expect(res.headers.Location).toBe(`${BASE_URL}/Users/id-0001`);
    expect(res.headers.ETag).toBe('W/"1"');
    expect(res.json).toMatchObject({
      schemas: [CORE_USER],
      id: 'id-0001',
      userName: 'alice@example.test',
      externalId: 'ext-1',
      active: true,
      meta: { resourceType: 'User', version: 'W/"1"', location: `${BASE_URL}/Users/id-0001` },
    });
    expect(res.json).not.toHaveProperty('password');
    const { password: _password, ...withoutPassword } = body;
    expect(h.store.journal()).toEqual([
      { method: 'POST', path: '/Users', body: withoutPassword, id: 'id-0001' },
    ]);
    expect(h.notices.map((n) => n.detail).join()).toMatch(/password/);
  });

  it('answers 409 uniqueness for a userName taken in another case, and writes nothing', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('bob@example.test') });
    const res = await h.call('POST', '/Users', { body: userBody('BOB@Example.test') });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    expect(res.json.detail).toMatch(/userName "BOB@Example.test" already exists/);
    expect(h.store.journal()).toHaveLength(1);
  });

  it('refuses a new userName with surrounding whitespace, yet still deactivates a user stored with one', async () => {
    const h = createHarness();
    const padded = await h.call('POST', '/Users', { body: userBody(' carol@example.test') });
    expect(padded.status).toBe(400);
    expect(padded.json).toMatchObject({ scimType: 'invalidValue' });
    expect(padded.json.detail).toContain('send "carol@example.test"');
    expect(h.store.journal()).toEqual([]);

    // A user stored that way before the check: offboarding must not depend on its name.
    const legacy = await h.store.transaction((tx) =>
      tx.insertUser({
        id: 'legacy',
        userName: 'dave@example.test ',
        active: true,
        resource: { schemas: [CORE_USER], userName: 'dave@example.test ', active: true },
      }),
    );
    const deactivated = await h.call('PATCH', `/Users/${legacy.id}`, {
      body: patchBody({ op: 'replace', path: 'active', value: false }),
    });
    expect(deactivated.status, JSON.stringify(deactivated.json)).toBe(200);
    expect(deactivated.json).toMatchObject({ userName: 'dave@example.test ', active: false });
    // Renaming it to another padded name is a new name, and refused.
    const renamed = await h.call('PATCH', `/Users/${legacy.id}`, {
      body: patchBody({ op: 'replace', path: 'userName', value: ' dave@example.test' }),
    });
    expect(renamed.status).toBe(400);
  });

  it('rejects a body that is not a User with 400 and a detail naming the problem', async () => {
    const h = createHarness();
    const missingUserName = await h.call('POST', '/Users', { body: { schemas: [CORE_USER], active: true } });
    expect(missingUserName.status).toBe(400);
    expect(missingUserName.json).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(String(missingUserName.json.detail)).toMatch(/userName/);
    const notAnObject = await h.call('POST', '/Users', { body: [1, 2] });
    expect(notAnObject.json).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const noBody = await h.call('POST', '/Users');
    expect(noBody.status).toBe(400);
    expect(h.store.commits()).toBe(0);
  });

  it('tolerates nulls and unknown schema URIs as Entra sends them', async () => {
    const h = createHarness();
    const res = await h.call('POST', '/Users', {
      body: {
        schemas: [CORE_USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
        externalId: 'jyoung',
        userName: 'jyoung@testuser.com',
        active: true,
        addresses: null,
        displayName: 'Joy Young',
        emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
        meta: { resourceType: 'User' },
        name: { familyName: 'Young', givenName: 'Joy' },
        phoneNumbers: null,
        title: null,
      },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ userName: 'jyoung@testuser.com', displayName: 'Joy Young' });
    expect(res.json).not.toHaveProperty('addresses');
  });
});

describe('GET /Users/{id}', () => {
  it('returns the user with its ETag, and 304 for a matching If-None-Match', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('carol@example.test') });
    const res = await h.call('GET', '/Users/id-0001');
    expect(res.status).toBe(200);
    expect(res.headers.ETag).toBe('W/"1"');
    expect(res.json.userName).toBe('carol@example.test');
    const cached = await h.call('GET', '/Users/id-0001', { headers: { 'If-None-Match': 'W/"1"' } });
    expect(cached.status).toBe(304);
    expect(cached.body).toBeUndefined();
    const stale = await h.call('GET', '/Users/id-0001', { headers: { 'if-none-match': 'W/"7"' } });
    expect(stale.status).toBe(200);
  });

  it('answers 404 with an Error document for an unknown id', async () => {
    const h = createHarness();
    const res = await h.call('GET', '/Users/5171a35d82074e068ce2');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '404' });
    expect(res.json.detail).toMatch(/5171a35d82074e068ce2/);
  });

  it('honours attributes and excludedAttributes', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('dave@example.test') });
    const only = await h.call('GET', '/Users/id-0001', { query: { attributes: 'userName' } });
    expect(Object.keys(only.json).sort()).toEqual(['id', 'schemas', 'userName']);
    const without = await h.call('GET', '/Users/id-0001', { query: { excludedAttributes: 'emails,name' } });
    expect(without.json).not.toHaveProperty('emails');
    expect(without.json).not.toHaveProperty('name');
    expect(without.json.userName).toBe('dave@example.test');
  });

  it('adds the connector extension from the hook when one is given', async () => {
    const h = createHarness({
      userExtension: async (ids) =>
        new Map(ids.map((id) => [id, { platformStatus: 'BLOCKED', blockedReasons: ['no-roles'] }])),
    });
    const created = await h.call('POST', '/Users', { body: userBody('erin@example.test') });
    // A user the request just created has no sync state yet: the hook is not asked.
    expect(created.json.schemas).toEqual([CORE_USER]);
    const res = await h.call('GET', '/Users/id-0001');
    expect(res.json.schemas).toEqual([CORE_USER, CONNECTOR_USER]);
    expect(res.json[CONNECTOR_USER]).toEqual({ platformStatus: 'BLOCKED', blockedReasons: ['no-roles'] });
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces the user, ignoring the read-only id, meta and groups Okta echoes back', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('test.user@okta.local') });
    const body = {
      schemas: [CORE_USER],
      id: 'someone-else',
      userName: 'test.user@okta.local',
      name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
      emails: [
        { primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' },
      ],
      active: false,
      groups: [],
      meta: { resourceType: 'User' },
    };
    const res = await h.call('PUT', '/Users/id-0001', { body });
    expect(res.status).toBe(200);
    expect(res.headers.ETag).toBe('W/"2"');
    expect(res.json).toMatchObject({ id: 'id-0001', active: false, name: { givenName: 'Another' } });
    expect(h.store.journal()[1]).toEqual({ method: 'PUT', path: '/Users/id-0001', body });
  });

  it('keeps the current active state when the body has none', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('frank@example.test', { active: false }) });
    const { active: _active, ...withoutActive } = userBody('frank@example.test');
    const res = await h.call('PUT', '/Users/id-0001', { body: withoutActive });
    expect(res.json.active).toBe(false);
  });

  it('answers 412 when If-Match names an old version, and 404 for an unknown id', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('gina@example.test') });
    const stale = await h.call('PUT', '/Users/id-0001', {
      body: userBody('gina@example.test'),
      headers: { 'If-Match': 'W/"0"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ schemas: [ERROR], status: '412' });
    const fresh = await h.call('PUT', '/Users/id-0001', {
      body: userBody('gina@example.test'),
      headers: { 'If-Match': 'W/"1"' },
    });
    expect(fresh.status).toBe(200);
    const missing = await h.call('PUT', '/Users/nope', { body: userBody('gina@example.test') });
    expect(missing.status).toBe(404);
  });

  it('answers 409 when the new userName belongs to another user', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('hank@example.test') });
    await h.call('POST', '/Users', { body: userBody('ivy@example.test') });
    const res = await h.call('PUT', '/Users/id-0002', { body: userBody('HANK@example.test') });
    expect(res.status).toBe(409);
    expect(res.json.scimType).toBe('uniqueness');
  });
});

describe('PATCH /Users/{id}', () => {
  it("applies Entra's multi-valued update and answers 200 with the whole user, formatted name recomputed", async () => {
    const h = createHarness();
    await h.call('POST', '/Users', {
      body: userBody('entra@example.test', {
        name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      }),
    });
    const res = await h.call('PATCH', '/Users/id-0001', {
      body: patchBody(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ),
    });
    expect(res.status).toBe(200);
    expect(res.headers.ETag).toBe('W/"2"');
    expect(res.json).toMatchObject({
      id: 'id-0001',
      userName: 'entra@example.test',
      name: { formatted: 'givenName updatedFamilyName', familyName: 'updatedFamilyName' },
      emails: [{ value: 'updatedEmail@microsoft.com', type: 'work' }],
    });
  });

  it('deactivates with the string "False" (Entra without the flag) and with {active:false} (Okta)', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('one@example.test') });
    await h.call('POST', '/Users', { body: userBody('two@example.test') });
    const entra = await h.call('PATCH', '/Users/id-0001', {
      body: patchBody({ op: 'Replace', path: 'active', value: 'False' }),
    });
    expect(entra.json.active).toBe(false);
    const okta = await h.call('PATCH', '/Users/id-0002', {
      body: patchBody({ op: 'replace', value: { active: false } }),
    });
    expect(okta.json.active).toBe(false);
    const reactivated = await h.call('PATCH', '/Users/id-0002', {
      body: patchBody({ op: 'replace', value: { active: true } }),
    });
    expect(reactivated.json.active).toBe(true);
  });

  it('answers 400 invalidPath for an unknown attribute and changes nothing', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('kim@example.test') });
    const res = await h.call('PATCH', '/Users/id-0001', {
      body: patchBody(
        { op: 'Replace', path: 'displayName', value: 'Kim' },
        { op: 'add', path: 'shoeSize', value: 9 },
      ),
    });
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe('invalidPath');
    const after = await h.call('GET', '/Users/id-0001');
    expect(after.json).not.toHaveProperty('displayName');
    expect(h.store.journal()).toHaveLength(1);
  });

  it('answers 400 when the result would lose a required attribute', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('lee@example.test') });
    const res = await h.call('PATCH', '/Users/id-0001', {
      body: patchBody({ op: 'remove', path: 'userName' }),
    });
    expect(res.status).toBe(400);
    expect((await h.call('GET', '/Users/id-0001')).json.userName).toBe('lee@example.test');
  });

  it('accepts empty Operations with 200 and the unchanged user', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('mo@example.test') });
    const res = await h.call('PATCH', '/Users/id-0001', { body: patchBody() });
    expect(res.status).toBe(200);
    expect(res.headers.ETag).toBe('W/"1"');
  });

  it('answers 404 for an unknown id', async () => {
    const h = createHarness();
    const res = await h.call('PATCH', '/Users/missing', {
      body: patchBody({ op: 'replace', value: { active: false } }),
    });
    expect(res.status).toBe(404);
    expect(res.json.schemas).toEqual([ERROR]);
  });
});

describe('DELETE /Users/{id}', () => {
  it('answers 204, journals the delete, and the user is gone', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('ned@example.test') });
    const res = await h.call('DELETE', '/Users/id-0001');
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(h.store.journal()[1]).toEqual({ method: 'DELETE', path: '/Users/id-0001' });
    expect((await h.call('GET', '/Users/id-0001')).status).toBe(404);
    expect((await h.call('DELETE', '/Users/id-0001')).status).toBe(404);
  });

  it('checks If-Match before deleting', async () => {
    const h = createHarness();
    await h.call('POST', '/Users', { body: userBody('ola@example.test') });
    const res = await h.call('DELETE', '/Users/id-0001', { headers: { 'If-Match': 'W/"5"' } });
    expect(res.status).toBe(412);
    expect((await h.call('GET', '/Users/id-0001')).status).toBe(200);
  });
});
