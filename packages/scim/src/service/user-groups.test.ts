/** The User resource's read-only `groups` (RFC 7643 section 4.1.2): filled from the Group resources. */
import { describe, expect, it, vi } from 'vitest';
import { wantsGroups, wantsMembers } from './present.ts';
import {
  BASE_URL,
  CORE_GROUP,
  CORE_USER,
  createHarness,
  ERROR,
  type Harness,
  patchBody,
  userBody,
} from './testing/harness.ts';

async function createUser(h: Harness, userName: string): Promise<string> {
  const res = await h.call('POST', '/Users', { body: userBody(userName) });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

async function createGroup(h: Harness, displayName: string, members: string[]): Promise<string> {
  const res = await h.call('POST', '/Groups', {
    body: { schemas: [CORE_GROUP], displayName, members: members.map((value) => ({ value })) },
  });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

const ref = (id: string, display: string) => ({
  value: id,
  $ref: `${BASE_URL}/Groups/${id}`,
  display,
  type: 'direct',
});

/** Two users; Ann in `stores` and `Managers`, Bob in `Managers` only; `Outer` nests `stores`. */
async function directory(h: Harness) {
  const ann = await createUser(h, 'ann@example.test');
  const bob = await createUser(h, 'bob@example.test');
  const stores = await createGroup(h, 'stores', [ann]);
  const managers = await createGroup(h, 'Managers', [bob, ann]);
  const outer = await createGroup(h, 'Outer', [stores]);
  return { ann, bob, stores, managers, outer };
}

describe('the User resource lists its groups', () => {
  it('GET /Users/{id}: value, $ref, display and type, ordered by displayName case-insensitively', async () => {
    const h = createHarness();
    const { ann, bob, stores, managers } = await directory(h);
    const res = await h.call('GET', `/Users/${ann}`);
    expect(res.status).toBe(200);
    // Direct memberships only: `Outer` holds `stores`, not Ann herself.
    expect(res.json.groups).toEqual([ref(managers, 'Managers'), ref(stores, 'stores')]);
    expect((await h.call('GET', `/Users/${bob}`)).json.groups).toEqual([ref(managers, 'Managers')]);
  });

  it('omits groups for a user in none', async () => {
    const h = createHarness();
    const carl = await createUser(h, 'carl@example.test');
    await createGroup(h, 'Empty', []);
    const res = await h.call('GET', `/Users/${carl}`);
    expect(res.status).toBe(200);
    expect(res.json).not.toHaveProperty('groups');
  });

  it('lists and searches with one groups read per page, for the whole page', async () => {
    const h = createHarness();
    const { ann, bob, stores, managers } = await directory(h);
    const spy = vi.spyOn(h.store, 'groupsOfUsers');

    const byName = await h.call('GET', '/Users', { query: { filter: 'userName eq "ANN@example.test"' } });
    expect((byName.json.Resources as Record<string, unknown>[])[0]?.groups).toEqual([
      ref(managers, 'Managers'),
      ref(stores, 'stores'),
    ]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenLastCalledWith([ann]);

    const all = await h.call('GET', '/Users');
    const groupsById = new Map(
      (all.json.Resources as Record<string, unknown>[]).map((user) => [user.id, user.groups]),
    );
    expect(groupsById.get(bob)).toEqual([ref(managers, 'Managers')]);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy).toHaveBeenLastCalledWith([ann, bob]);

    const searched = await h.call('POST', '/Users/.search', {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: `id eq "${bob}"` },
    });
    expect((searched.json.Resources as Record<string, unknown>[])[0]?.groups).toEqual([
      ref(managers, 'Managers'),
    ]);
    // The root search reads the groups of its users only; groups need no such read.
    const root = await h.call('POST', '/.search', {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] },
    });
    expect(root.json.totalResults).toBe(5);
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('follows renames, membership changes and deleted groups', async () => {
    const h = createHarness();
    const { ann, stores, managers } = await directory(h);
    await h.call('PATCH', `/Groups/${managers}`, {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'Area Managers' }),
    });
    expect((await h.call('GET', `/Users/${ann}`)).json.groups).toEqual([
      ref(managers, 'Area Managers'),
      ref(stores, 'stores'),
    ]);
    await h.call('PATCH', `/Groups/${managers}`, {
      body: patchBody({ op: 'remove', path: `members[value eq "${ann}"]` }),
    });
    expect((await h.call('GET', `/Users/${ann}`)).json.groups).toEqual([ref(stores, 'stores')]);
    expect((await h.call('DELETE', `/Groups/${stores}`)).status).toBe(204);
    expect((await h.call('GET', `/Users/${ann}`)).json).not.toHaveProperty('groups');
  });

  it('answers PUT and PATCH with the groups, ignoring groups echoed in the body', async () => {
    const h = createHarness();
    const { ann, stores, managers } = await directory(h);
    const expected = [ref(managers, 'Managers'), ref(stores, 'stores')];
    const put = await h.call('PUT', `/Users/${ann}`, {
      body: userBody('ann@example.test', { groups: [], displayName: 'Ann' }),
    });
    expect(put.status).toBe(200);
    expect(put.json.groups).toEqual(expected);
    const patch = await h.call('PATCH', `/Users/${ann}`, {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'Ann A.' }),
    });
    expect(patch.status).toBe(200);
    expect(patch.json.groups).toEqual(expected);
    // Okta's path-less replace with the whole user echoes `groups`: dropped, membership unchanged.
    const pathless = await h.call('PATCH', `/Users/${ann}`, {
      body: patchBody({ op: 'replace', value: { groups: [{ value: 'elsewhere' }], displayName: 'Ann B.' } }),
    });
    expect(pathless.status).toBe(200);
    expect(pathless.json).toMatchObject({ displayName: 'Ann B.', groups: expected });
  });

  it('answers POST without reading groups: a user created by the request is in none', async () => {
    const h = createHarness();
    const spy = vi.spyOn(h.store, 'groupsOfUsers');
    const res = await h.call('POST', '/Users', { body: userBody('new@example.test') });
    expect(res.status).toBe(201);
    expect(res.json).not.toHaveProperty('groups');
    expect(spy).not.toHaveBeenCalled();
  });

  it('still refuses a PATCH of groups as read-only (mutability), changing nothing', async () => {
    const h = createHarness();
    const { ann, stores, managers } = await directory(h);
    const commits = h.store.commits();
    for (const operation of [
      { op: 'add', path: 'groups', value: [{ value: managers }] },
      { op: 'replace', path: 'groups', value: [] },
      { op: 'remove', path: `groups[value eq "${stores}"]` },
      { op: 'replace', path: 'groups.display', value: 'Renamed' },
    ]) {
      const res = await h.call('PATCH', `/Users/${ann}`, { body: patchBody(operation) });
      expect(res.status, JSON.stringify(operation)).toBe(400);
      expect(res.json).toMatchObject({ schemas: [ERROR], scimType: 'mutability' });
      expect(String(res.json.detail)).toMatch(/read-only.*Group resource/);
    }
    expect(h.store.commits()).toBe(commits);
    expect((await h.call('GET', `/Users/${ann}`)).json.groups).toEqual([
      ref(managers, 'Managers'),
      ref(stores, 'stores'),
    ]);
  });
});

describe('projection: groups are read only when the answer can show them', () => {
  it('excludedAttributes=groups omits them and reads nothing', async () => {
    const h = createHarness();
    const { ann } = await directory(h);
    const spy = vi.spyOn(h.store, 'groupsOfUsers');
    for (const excludedAttributes of ['groups', 'emails,GROUPS', `${CORE_USER}:groups`]) {
      const one = await h.call('GET', `/Users/${ann}`, { query: { excludedAttributes } });
      expect(one.status).toBe(200);
      expect(one.json).not.toHaveProperty('groups');
      expect(one.json.userName).toBe('ann@example.test');
      const list = await h.call('GET', '/Users', { query: { excludedAttributes } });
      expect((list.json.Resources as Record<string, unknown>[])[0]).not.toHaveProperty('groups');
    }
    const patched = await h.call('PATCH', `/Users/${ann}`, {
      query: { excludedAttributes: 'groups' },
      body: patchBody({ op: 'replace', path: 'displayName', value: 'Ann' }),
    });
    expect(patched.json).not.toHaveProperty('groups');
    expect(spy).not.toHaveBeenCalled();
  });

  it('attributes without groups omit them and read nothing; attributes naming them keep them', async () => {
    const h = createHarness();
    const { ann, stores, managers } = await directory(h);
    const spy = vi.spyOn(h.store, 'groupsOfUsers');
    const only = await h.call('GET', `/Users/${ann}`, { query: { attributes: 'userName' } });
    expect(Object.keys(only.json).sort()).toEqual(['id', 'schemas', 'userName']);
    const search = await h.call('POST', '/Users/.search', {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], attributes: ['userName'] },
    });
    expect((search.json.Resources as Record<string, unknown>[])[0]).not.toHaveProperty('groups');
    expect(spy).not.toHaveBeenCalled();

    const named = await h.call('GET', `/Users/${ann}`, { query: { attributes: 'userName,groups' } });
    expect(named.json.groups).toEqual([ref(managers, 'Managers'), ref(stores, 'stores')]);
    const display = await h.call('GET', `/Users/${ann}`, { query: { attributes: 'groups.display' } });
    expect(display.json.groups).toEqual([{ display: 'Managers' }, { display: 'stores' }]);
    const valueless = await h.call('GET', `/Users/${ann}`, { query: { excludedAttributes: 'groups.$ref' } });
    expect(valueless.json.groups).toEqual([
      { value: managers, display: 'Managers', type: 'direct' },
      { value: stores, display: 'stores', type: 'direct' },
    ]);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('wantsGroups and wantsMembers read names as the output shaping does', () => {
    expect(wantsGroups({})).toBe(true);
    expect(wantsGroups({ attributes: ['groups.value'] })).toBe(true);
    expect(wantsGroups({ attributes: [CORE_USER] })).toBe(true);
    expect(wantsGroups({ attributes: [` ${CORE_USER.toUpperCase()}:Groups `] })).toBe(true);
    expect(wantsGroups({ excludedAttributes: ['groups.display'] })).toBe(true);
    expect(wantsGroups({ attributes: ['userName', 'members'] })).toBe(false);
    expect(wantsGroups({ excludedAttributes: [CORE_USER] })).toBe(false);
    expect(wantsGroups({ attributes: ['groups'], excludedAttributes: ['groups'] })).toBe(false);

    expect(wantsMembers({})).toBe(true);
    expect(wantsMembers({ attributes: ['members.value'] })).toBe(true);
    expect(wantsMembers({ attributes: [CORE_GROUP] })).toBe(true);
    expect(wantsMembers({ attributes: [`${CORE_GROUP}:members`] })).toBe(true);
    expect(wantsMembers({ excludedAttributes: ['members.display'] })).toBe(true);
    expect(wantsMembers({ excludedAttributes: ['Members'] })).toBe(false);
    expect(wantsMembers({ attributes: ['displayName'] })).toBe(false);
    expect(wantsMembers({ attributes: ['groups'] })).toBe(false);
  });
});
