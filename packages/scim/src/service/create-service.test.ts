import { describe, expect, it } from 'vitest';
import { type ScimStore, VersionConflict } from '../store/port.ts';
import { BASE_URL, createHarness, ERROR, LIST_RESPONSE, patchBody, userBody } from './testing/harness.ts';
import { createMemoryStore } from './testing/memory-store.ts';

describe('routing', () => {
  it('answers unknown endpoints with 404 and an Error document', async () => {
    const h = createHarness();
    for (const path of ['/Nope', '/Users/a/b', '/']) {
      const res = await h.call('GET', path);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ schemas: [ERROR], status: '404' });
    }
  });

  it('answers unsupported methods with 405 and Allow', async () => {
    const h = createHarness();
    const del = await h.call('DELETE', '/Users');
    expect(del.status).toBe(405);
    expect(del.headers.Allow).toBe('GET, POST');
    expect(del.json).toMatchObject({ schemas: [ERROR], status: '405' });
    const put = await h.call('PUT', '/Schemas');
    expect(put.headers.Allow).toBe('GET');
  });

  it('matches endpoint names case-insensitively and treats HEAD as GET', async () => {
    const h = createHarness();
    expect((await h.call('GET', '/users')).status).toBe(200);
    expect((await h.call('HEAD', '/Groups')).status).toBe(200);
  });
});

describe('discovery', () => {
  it('serves ServiceProviderConfig advertising the page cap, and ListResponses for Schemas and ResourceTypes', async () => {
    const h = createHarness();
    const spc = await h.call('GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.json).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
    });
    const schemas = await h.call('GET', '/Schemas');
    expect(schemas.json.schemas).toEqual([LIST_RESPONSE]);
    const ids = (schemas.json.Resources as { id: string }[]).map((s) => s.id);
    expect(ids).toContain('urn:ietf:params:scim:schemas:core:2.0:User');
    const one = await h.call('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group');
    expect(one.json.id).toBe('urn:ietf:params:scim:schemas:core:2.0:Group');
    const types = await h.call('GET', '/ResourceTypes');
    expect(types.json.totalResults).toBe(2);
    const user = await h.call('GET', '/ResourceTypes/User');
    expect(user.json).toMatchObject({
      endpoint: '/Users',
      meta: { location: `${BASE_URL}/ResourceTypes/User` },
    });
    expect((await h.call('GET', '/Schemas/urn:nope')).status).toBe(404);
  });
});

describe('failures', () => {
  it('answers a store failure with a generic 500 and hands the error to onUnexpectedError', async () => {
    const broken = createMemoryStore();
    broken.listUsers = async () => {
      throw new Error('connection refused to db-internal-host:5432');
    };
    const h = createHarness({ store: broken });
    const res = await h.call('GET', '/Users');
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '500' });
    expect(JSON.stringify(res.json)).not.toMatch(/db-internal-host|at /);
    expect(h.unexpected).toHaveLength(1);
  });

  it('retries a write that lost a race with a concurrent writer, unless If-Match pinned the version', async () => {
    const store = createMemoryStore();
    const h = createHarness({ store });
    await h.call('POST', '/Users', { body: userBody('race@example.test') });
    let conflicts = 1;
    const racing: ScimStore = {
      ...store,
      transaction: (work) =>
        store.transaction(async (tx) =>
          work({
            ...tx,
            updateUser: async (id, user, options) => {
              if (conflicts-- > 0) throw new VersionConflict(9);
              return tx.updateUser(id, user, options);
            },
          }),
        ),
    };
    const retried = createHarness({ store: racing as typeof store });
    const ok = await retried.call('PATCH', '/Users/id-0001', {
      body: patchBody({ op: 'replace', path: 'displayName', value: 'R' }),
    });
    expect(ok.status).toBe(200);
    expect(ok.json.displayName).toBe('R');
    conflicts = 1;
    const pinned = await retried.call('PATCH', '/Users/id-0001', {
      headers: { 'If-Match': 'W/"2"' },
      body: patchBody({ op: 'replace', path: 'displayName', value: 'S' }),
    });
    expect(pinned.status).toBe(412);
  });
});
