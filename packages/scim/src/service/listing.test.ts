import { describe, expect, it } from 'vitest';
import { CORE_GROUP, createHarness, type Harness, LIST_RESPONSE, userBody } from './testing/harness.ts';

async function seedUsers(h: Harness, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    const name = `user${String(i).padStart(3, '0')}@example.test`;
    await h.call('POST', '/Users', { body: userBody(name, { externalId: `ext-${i}` }) });
  }
}

describe('GET /Users', () => {
  it('answers an unmatched filter with 200 and an empty ListResponse', async () => {
    const h = createHarness();
    const res = await h.call('GET', '/Users', { query: { filter: 'userName eq "non-existent user"' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      schemas: [LIST_RESPONSE],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it('finds users by userName in any case, by quoted and unquoted externalId, and by work email', async () => {
    const h = createHarness();
    await seedUsers(h, 3);
    const byName = await h.call('GET', '/Users', { query: { filter: 'userName eq "USER002@EXAMPLE.TEST"' } });
    expect(byName.json.totalResults).toBe(1);
    expect((byName.json.Resources as { userName: string }[])[0]?.userName).toBe('user002@example.test');
    const quoted = await h.call('GET', '/Users', { query: { filter: 'externalId eq "ext-3"' } });
    expect(quoted.json.totalResults).toBe(1);
    const unquoted = await h.call('GET', '/Users', { query: { filter: 'externalId eq ext-3' } });
    expect(unquoted.json.Resources).toEqual(quoted.json.Resources);
    const byEmail = await h.call('GET', '/Users', {
      query: { filter: 'emails[type eq "work"].value eq "user001@example.test" and active eq true' },
    });
    expect(byEmail.json.totalResults).toBe(1);
  });

  it('answers 400 invalidFilter with the offset for a malformed filter', async () => {
    const h = createHarness();
    const res = await h.call('GET', '/Users', { query: { filter: 'userName equals "x"' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect(String(res.json.detail)).toMatch(/offset/);
  });

  it('pages with startIndex and count, stable across pages, counts as integers', async () => {
    const h = createHarness();
    await seedUsers(h, 5);
    const seen: string[] = [];
    for (let start = 1; start <= 5; start += 2) {
      const res = await h.call('GET', '/Users', { query: { startIndex: String(start), count: '2' } });
      expect(res.json).toMatchObject({ totalResults: 5, startIndex: start });
      expect(typeof res.json.itemsPerPage).toBe('number');
      for (const user of res.json.Resources as { userName: string }[]) seen.push(user.userName);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5].map((i) => `user00${i}@example.test`));
  });

  it('returns only totalResults for count=0 and caps count at 200', async () => {
    const h = createHarness();
    await seedUsers(h, 3);
    const zero = await h.call('GET', '/Users', { query: { count: '0' } });
    expect(zero.json).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    const huge = await h.call('GET', '/Users', { query: { count: '5000', startIndex: '-4' } });
    expect(huge.json).toMatchObject({ totalResults: 3, itemsPerPage: 3, startIndex: 1 });
  });

  it('rejects non-integer paging and an unknown sortOrder with 400 invalidValue', async () => {
    const h = createHarness();
    const queries: Record<string, string>[] = [
      { count: 'ten' },
      { startIndex: '1.5' },
      { sortOrder: 'sideways' },
    ];
    for (const query of queries) {
      const res = await h.call('GET', '/Users', { query });
      expect(res.status).toBe(400);
      expect(res.json.scimType).toBe('invalidValue');
    }
  });

  it('sorts by sortBy and sortOrder', async () => {
    const h = createHarness();
    await seedUsers(h, 3);
    const res = await h.call('GET', '/Users', { query: { sortBy: 'userName', sortOrder: 'descending' } });
    expect((res.json.Resources as { userName: string }[]).map((u) => u.userName)).toEqual([
      'user003@example.test',
      'user002@example.test',
      'user001@example.test',
    ]);
  });

  it('projects each resource with attributes', async () => {
    const h = createHarness();
    await seedUsers(h, 2);
    const res = await h.call('GET', '/Users', { query: { attributes: 'userName' } });
    for (const user of res.json.Resources as Record<string, unknown>[]) {
      expect(Object.keys(user).sort()).toEqual(['id', 'schemas', 'userName']);
    }
  });
});

describe('GET /Groups', () => {
  it('filters by displayName with excludedAttributes=members, as Entra does', async () => {
    const h = createHarness();
    await h.call('POST', '/Groups', { body: { schemas: [CORE_GROUP], displayName: 'Alpha' } });
    await h.call('POST', '/Groups', { body: { schemas: [CORE_GROUP], displayName: 'Beta' } });
    const res = await h.call('GET', '/Groups', {
      query: { excludedAttributes: 'members', filter: 'displayName eq "Beta"' },
    });
    expect(res.json.totalResults).toBe(1);
    const [beta] = res.json.Resources as Record<string, unknown>[];
    expect(beta?.displayName).toBe('Beta');
    expect(beta).not.toHaveProperty('members');
  });
});

describe('POST .search', () => {
  it('searches one resource type with a SearchRequest body', async () => {
    const h = createHarness();
    await seedUsers(h, 3);
    const res = await h.call('POST', '/Users/.search', {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'userName sw "user00"',
        startIndex: 2,
        count: 1,
        attributes: ['userName'],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(res.json.Resources).toEqual([expect.objectContaining({ userName: 'user002@example.test' })]);
  });

  it('searches users then groups at the root, paged as one list', async () => {
    const h = createHarness();
    await seedUsers(h, 2);
    await h.call('POST', '/Groups', { body: { schemas: [CORE_GROUP], displayName: 'G1' } });
    await h.call('POST', '/Groups', { body: { schemas: [CORE_GROUP], displayName: 'G2' } });
    const all = await h.call('POST', '/.search', { body: {} });
    expect(all.json.totalResults).toBe(4);
    const page = await h.call('POST', '/.search', { body: { startIndex: 2, count: 2 } });
    const resources = page.json.Resources as Record<string, unknown>[];
    expect(resources.map((r) => r.userName ?? r.displayName)).toEqual(['user002@example.test', 'G1']);
    const last = await h.call('POST', '/.search', { body: { startIndex: 4, count: 10 } });
    expect((last.json.Resources as Record<string, unknown>[]).map((r) => r.displayName)).toEqual(['G2']);
  });
});
