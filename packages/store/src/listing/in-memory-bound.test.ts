/**
 * A filter or sortBy the database cannot answer alone reads at most maxInMemoryRows candidates; past that the
 * request is refused with 400 tooMany naming the attributes without an index, on both databases. Narrowing the
 * same request with an indexed attribute answers it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import { newUser, filter as parsed } from '../testing/fixtures.ts';
import { dropSchema, TEST_DATABASE_URL } from '../testing/postgres.ts';
import type { Store } from '../types.ts';

const BOUND = 5;
const folder = mkdtempSync(join(tmpdir(), 'scim-bound-'));
const schema = `scim_bound_${process.pid}`;
const stores: Store[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  await dropSchema(schema);
  rmSync(folder, { recursive: true, force: true });
});

const databases = [
  { name: 'sqlite', open: () => openStore(`sqlite:${join(folder, 'bound.db')}`, { maxInMemoryRows: BOUND }) },
  {
    name: 'postgres',
    open: async () => {
      await dropSchema(schema);
      return openStore(TEST_DATABASE_URL, { schema, maxInMemoryRows: BOUND });
    },
  },
];

describe.each(databases)('in-memory bound ($name)', (database) => {
  it('refuses a columnless filter or sort over more rows than the bound, naming the attribute', async () => {
    const store = await database.open();
    stores.push(store);
    for (let i = 0; i < BOUND + 1; i++) {
      const user = newUser(`u${i}@example.com`, {
        resource: { nickName: 'Clerk', title: 'Clerk', emails: [{ value: `u${i}@x.test` }] },
      });
      await store.transaction((tx) => tx.insertUser(user));
    }
    const list = (filter: string | undefined, sortBy?: string) =>
      store.listUsers({
        ...(filter ? { filter: parsed(filter) } : {}),
        ...(sortBy ? { sortBy } : {}),
        startIndex: 1,
        count: 10,
      });
    await expect(list('nickName eq "Clerk"')).rejects.toMatchObject({
      status: 400,
      scimType: 'tooMany',
      detail: expect.stringMatching(
        /the filter on nickName \(no index\) would be evaluated over more than 5 users/,
      ),
    });
    await expect(list(undefined, 'nickName')).rejects.toMatchObject({
      scimType: 'tooMany',
      detail: expect.stringMatching(/sortBy=nickName \(no index\)/),
    });
    await expect(list('emails.display pr')).rejects.toMatchObject({
      detail: expect.stringMatching(/the filter on emails\.display/),
    });
    // Narrowed by an indexed attribute, the same conditions are answered.
    const narrowed = await list('userName sw "u1" and nickName eq "Clerk"', 'nickName');
    expect(narrowed.items.map((user) => user.userName)).toEqual(['u1@example.com']);
    // Indexed filters and sorts are not bounded: the attributes migration 0008 gave columns included.
    expect((await list('userName pr', 'userName')).totalResults).toBe(BOUND + 1);
    expect((await list('title eq "clerk"', 'title')).totalResults).toBe(BOUND + 1);
    expect((await list('displayName pr or title sw "cl"', 'name.familyName')).totalResults).toBe(BOUND + 1);
  });
});
