import { describe, expect, it } from 'vitest';
import {
  BASE_URL,
  CORE_GROUP,
  createHarness,
  ERROR,
  type Harness,
  patchBody,
  userBody,
} from './testing/harness.ts';

async function withUsers(h: Harness, ...userNames: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const userName of userNames) {
    const res = await h.call('POST', '/Users', { body: userBody(userName) });
    ids.push(String(res.json.id));
  }
  return ids;
}

async function group(h: Harness, displayName: string, members: { value: string }[] = []): Promise<string> {
  const res = await h.call('POST', '/Groups', { body: { schemas: [CORE_GROUP], displayName, members } });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

async function memberIds(h: Harness, id: string): Promise<string[]> {
  const res = await h.call('GET', `/Groups/${id}`);
  return ((res.json.members ?? []) as { value: string }[]).map((m) => m.value).sort();
}

describe('POST /Groups', () => {
  it("creates Entra's group (extra schema URI) with 201, Location and members: []", async () => {
    const h = createHarness();
    const body = {
      schemas: [CORE_GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    };
    const res = await h.call('POST', '/Groups', { body });
    expect(res.status).toBe(201);
    expect(res.headers.Location).toBe(`${BASE_URL}/Groups/id-0001`);
    expect(res.json).toMatchObject({
      schemas: [CORE_GROUP],
      id: 'id-0001',
      displayName: 'displayName',
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      members: [],
      meta: { resourceType: 'Group', version: 'W/"1"' },
    });
    expect(h.store.journal()).toEqual([{ method: 'POST', path: '/Groups', body, id: 'id-0001' }]);
  });

  it('types members by what their ids name, and skips unknown ids with a notice', async () => {
    const h = createHarness();
    const [alice] = await withUsers(h, 'alice@example.test');
    const inner = await group(h, 'Inner');
    const res = await h.call('POST', '/Groups', {
      body: {
        schemas: [CORE_GROUP],
        displayName: 'Outer',
        members: [{ value: alice }, { value: inner }, { value: 'ghost' }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.members).toEqual([
      { value: alice, $ref: `${BASE_URL}/Users/${alice}`, type: 'User' },
      { value: inner, $ref: `${BASE_URL}/Groups/${inner}`, type: 'Group' },
    ]);
    expect(h.notices).toEqual([
      expect.objectContaining({ code: 'unknown-member', detail: expect.stringContaining('ghost') }),
    ]);
  });
});

describe('PATCH /Groups/{id}', () => {
  it('adds and removes members the way Entra sends them, answering 204 each time', async () => {
    const h = createHarness();
    const [u1, u2] = await withUsers(h, 'u1@example.test', 'u2@example.test');
    const id = await group(h, 'Sales');
    const add = await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({
        op: 'Add',
        path: 'members',
        value: [
          { $ref: null, value: u1 },
          { $ref: null, value: u2 },
        ],
      }),
    });
    expect(add.status).toBe(204);
    expect(add.body).toBeUndefined();
    expect(await memberIds(h, id)).toEqual([u1, u2].sort());
    const remove = await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] }),
    });
    expect(remove.status).toBe(204);
    expect(await memberIds(h, id)).toEqual([u2]);
  });

  it('removes one member by filter, replaces the list, and empties it with []', async () => {
    const h = createHarness();
    const [a, b, c] = await withUsers(h, 'a@example.test', 'b@example.test', 'c@example.test');
    const id = await group(h, 'Test SCIMv2', [{ value: a as string }, { value: b as string }]);
    await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody(
        { op: 'remove', path: `members[value eq "${a}"]` },
        { op: 'add', path: 'members', value: [{ value: c, display: 'c@example.test' }] },
      ),
    });
    expect(await memberIds(h, id)).toEqual([b, c].sort());
    await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({ op: 'replace', path: 'members', value: [{ value: a }, { value: b }] }),
    });
    expect(await memberIds(h, id)).toEqual([a, b].sort());
    const emptied = await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({ op: 'replace', path: 'members', value: [] }),
    });
    expect(emptied.status).toBe(204);
    expect(await memberIds(h, id)).toEqual([]);
  });

  it("accepts Okta's rename with the read-only id in the value", async () => {
    const h = createHarness();
    const id = await group(h, 'Old name');
    const res = await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({ op: 'replace', value: { id, displayName: 'New name' } }),
    });
    expect(res.status).toBe(204);
    expect((await h.call('GET', `/Groups/${id}`)).json.displayName).toBe('New name');
  });

  it('skips an unknown member id but applies the rest, and reports it', async () => {
    const h = createHarness();
    const [known] = await withUsers(h, 'known@example.test');
    const id = await group(h, 'Mixed');
    const res = await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({ op: 'add', path: 'members', value: [{ value: 'stale-id' }, { value: known }] }),
    });
    expect(res.status).toBe(204);
    expect(await memberIds(h, id)).toEqual([known]);
    expect(h.notices.some((n) => n.code === 'unknown-member' && n.detail.includes('stale-id'))).toBe(true);
  });

  it('never makes a group its own member', async () => {
    const h = createHarness();
    const id = await group(h, 'Self');
    await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({ op: 'add', path: 'members', value: [{ value: id }] }),
    });
    expect(await memberIds(h, id)).toEqual([]);
  });

  it('answers 200 with the group when the client asks for attributes', async () => {
    const h = createHarness();
    const [u] = await withUsers(h, 'x@example.test');
    const id = await group(h, 'Shown');
    const res = await h.call('PATCH', `/Groups/${id}`, {
      query: { attributes: 'members' },
      body: patchBody({ op: 'add', path: 'members', value: [{ value: u }] }),
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, members: [{ value: u, type: 'User' }] });
    expect(res.json).not.toHaveProperty('displayName');
  });

  it('journals the request, and adding an existing member is not an error', async () => {
    const h = createHarness();
    const [u] = await withUsers(h, 'y@example.test');
    const id = await group(h, 'Twice', [{ value: u as string }]);
    const body = patchBody({ op: 'Add', path: 'members', value: [{ value: u }] });
    const res = await h.call('PATCH', `/Groups/${id}`, { body });
    expect(res.status).toBe(204);
    expect(await memberIds(h, id)).toEqual([u]);
    expect(h.store.journal().at(-1)).toEqual({ method: 'PATCH', path: `/Groups/${id}`, body });
  });

  it('answers 404 for an unknown group and 400 for an unknown path', async () => {
    const h = createHarness();
    const missing = await h.call('PATCH', '/Groups/none', {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'x' }),
    });
    expect(missing.status).toBe(404);
    const id = await group(h, 'Strict');
    const bad = await h.call('PATCH', `/Groups/${id}`, {
      body: patchBody({ op: 'replace', path: 'colour', value: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ schemas: [ERROR], scimType: 'invalidPath' });
  });
});

describe('GET, PUT and DELETE /Groups/{id}', () => {
  it('honours excludedAttributes=members as Entra asks', async () => {
    const h = createHarness();
    const [u] = await withUsers(h, 'z@example.test');
    const id = await group(h, 'Quiet', [{ value: u as string }]);
    const res = await h.call('GET', `/Groups/${id}`, { query: { excludedAttributes: 'members' } });
    expect(res.status).toBe(200);
    expect(res.json).not.toHaveProperty('members');
    expect(res.json.displayName).toBe('Quiet');
  });

  it('replaces name and members with PUT and answers 200 with the group', async () => {
    const h = createHarness();
    const [u1, u2] = await withUsers(h, 'p1@example.test', 'p2@example.test');
    const id = await group(h, 'Before', [{ value: u1 as string }]);
    const res = await h.call('PUT', `/Groups/${id}`, {
      body: { schemas: [CORE_GROUP], id, displayName: 'After', members: [{ value: u2 }] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.ETag).toBe('W/"2"');
    expect(res.json).toMatchObject({ displayName: 'After', members: [{ value: u2 }] });
  });

  it('deletes with 204, then 404', async () => {
    const h = createHarness();
    const id = await group(h, 'Gone');
    expect((await h.call('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/Groups/${id}`)).status).toBe(404);
    expect((await h.call('DELETE', `/Groups/${id}`)).status).toBe(404);
  });
});
