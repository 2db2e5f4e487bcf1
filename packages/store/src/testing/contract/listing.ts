/** Contract: filtering on indexed attributes, the in-memory fallback, sorting and paging. */
import type { ScimStore } from '@scim-connector/scim';
import { describe, expect, it } from 'vitest';
import {
  type ClosableScimStore,
  filter,
  insertUsers,
  newGroup,
  newUser,
  type ScimStoreFactory,
  TestClock,
} from '../fixtures.ts';
import { ENTERPRISE, seedDirectory } from './directory-seed.ts';
import { useScimStores } from './harness.ts';

/** The userNames a filter matches, sorted; the count must agree with the items. */
export async function userNames(store: ScimStore, filterText: string): Promise<string[]> {
  const result = await store.listUsers({ filter: filter(filterText), startIndex: 1, count: 100 });
  expect(result.totalResults).toBe(result.items.length);
  return result.items.map((user) => user.userName).sort();
}

export function listingContract<S extends ClosableScimStore>(factory: ScimStoreFactory<S>): void {
  describe('listing users', () => {
    const stores = useScimStores(factory);

    it('filters on indexed attributes with SCIM case rules', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = await seedDirectory(store, clock);
      expect(await userNames(store, 'userName eq "BOB@example.COM"')).toEqual(['Bob@Example.com']);
      expect(await userNames(store, 'userName sw "CAROL"')).toEqual(['carol@contoso.com']);
      expect(await userNames(store, 'userName ew "CONTOSO.com"')).toEqual([
        'carol@contoso.com',
        'dave@contoso.com',
      ]);
      expect(await userNames(store, 'userName co "example.c"')).toEqual([
        'Bob@Example.com',
        'Eve@example.com',
        'alice@example.com',
        'heidi@example.com',
      ]);
      // externalId and id are caseExact.
      expect(await userNames(store, 'externalId eq "EXT-A"')).toEqual(['alice@example.com']);
      expect(await userNames(store, 'externalId eq "ext-a"')).toEqual([]);
      expect(await userNames(store, `id eq "${users[3]?.id}"`)).toEqual(['dave@contoso.com']);
      expect(await userNames(store, 'externalId pr')).toEqual([
        'Bob@Example.com',
        'alice@example.com',
        'dave@contoso.com',
        'grace@example.org',
      ]);
      expect(await userNames(store, 'emails.value eq "bob@EXAMPLE.com"')).toEqual(['Bob@Example.com']);
      expect(await userNames(store, 'emails[type eq "work" and primary eq true]')).toEqual([
        'Bob@Example.com',
        'alice@example.com',
        'grace@example.org',
        'heidi@example.com',
      ]);
      expect(await userNames(store, 'emails[type eq "work"].value ew "contoso.com"')).toEqual([
        'carol@contoso.com',
      ]);
      expect(await userNames(store, 'active eq false')).toEqual(['carol@contoso.com', 'frank']);
      expect(await userNames(store, `meta.lastModified gt "${users[5]?.lastModified}"`)).toEqual([
        'grace@example.org',
        'heidi@example.com',
      ]);
      expect(await userNames(store, 'not (userName co "example") and active eq true')).toEqual([
        'dave@contoso.com',
      ]);
      expect(await userNames(store, 'userName eq "frank" or externalId eq "ext-g"')).toEqual([
        'frank',
        'grace@example.org',
      ]);
    });

    it('falls back to the in-memory predicate for attributes without a column, keeping counts exact', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      await seedDirectory(store, clock);
      expect(await userNames(store, 'name.familyName eq "SMITH"')).toEqual([
        'alice@example.com',
        'carol@contoso.com',
        'grace@example.org',
      ]);
      expect(await userNames(store, 'name.familyName eq "smith" and active eq true')).toEqual([
        'alice@example.com',
        'grace@example.org',
      ]);
      expect(await userNames(store, `${ENTERPRISE}:department eq "sales" or userName eq "frank"`)).toEqual([
        'dave@contoso.com',
        'frank',
      ]);
      const page = await store.listUsers({
        filter: filter('name.familyName pr'),
        sortBy: 'userName',
        startIndex: 2,
        count: 2,
      });
      expect(page.totalResults).toBe(6);
      expect(page.items.map((user) => user.userName)).toEqual(['Bob@Example.com', 'carol@contoso.com']);
    });

    it('pages with a stable order: by sortBy, then id', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = await seedDirectory(store, clock);
      const byId = users.map((user) => user.id).sort();
      const seen: string[] = [];
      for (let startIndex = 1; startIndex <= users.length; startIndex += 3) {
        const page = await store.listUsers({ startIndex, count: 3 });
        expect(page.totalResults).toBe(users.length);
        seen.push(...page.items.map((user) => user.id));
      }
      expect(seen).toEqual(byId);
      const none = await store.listUsers({ startIndex: 1, count: 0 });
      expect(none).toEqual({ totalResults: users.length, items: [] });
      const beyond = await store.listUsers({ startIndex: 50, count: 10 });
      expect(beyond).toEqual({ totalResults: users.length, items: [] });

      const ascending = await store.listUsers({ sortBy: 'userName', startIndex: 1, count: 100 });
      expect(ascending.items.map((user) => user.userName)).toEqual([
        'alice@example.com',
        'Bob@Example.com',
        'carol@contoso.com',
        'dave@contoso.com',
        'Eve@example.com',
        'frank',
        'grace@example.org',
        'heidi@example.com',
      ]);
      const descending = await store.listUsers({
        sortBy: 'userName',
        sortOrder: 'descending',
        startIndex: 1,
        count: 3,
      });
      expect(descending.items.map((user) => user.userName)).toEqual([
        'heidi@example.com',
        'grace@example.org',
        'frank',
      ]);
      // Absent values sort last either way; ties break by id.
      const byExternalId = await store.listUsers({ sortBy: 'externalId', startIndex: 1, count: 100 });
      expect(byExternalId.items.map((user) => user.externalId ?? null)).toEqual([
        '',
        'EXT-A',
        'EXT-D',
        'ext-b',
        'ext-g',
        null,
        null,
        null,
      ]);
    });

    it('filters and sorts title, displayName, name parts and enterprise attributes', async () => {
      const clock = new TestClock();
      await expectProfileAttributeListing(await stores.fresh({ now: clock.now }), clock);
    });

    it('sorts by attributes without a column in memory, absent values last', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      await seedDirectory(store, clock);
      const ascending = await store.listUsers({ sortBy: 'name.familyName', startIndex: 1, count: 100 });
      const families = ascending.items.map(
        (user) =>
          (user.resource.name as { familyName?: string } | undefined)?.familyName?.toLowerCase() ?? null,
      );
      expect(families).toEqual(['adams', 'jones', 'smith', 'smith', 'smith', 'zed', null, null]);
      const descending = await store.listUsers({
        sortBy: 'name.familyName',
        sortOrder: 'descending',
        startIndex: 1,
        count: 100,
      });
      const familiesDown = descending.items.map(
        (user) =>
          (user.resource.name as { familyName?: string } | undefined)?.familyName?.toLowerCase() ?? null,
      );
      expect(familiesDown).toEqual(['zed', 'smith', 'smith', 'smith', 'jones', 'adams', null, null]);
      const byEmail = await store.listUsers({ sortBy: 'emails', startIndex: 1, count: 2 });
      expect(byEmail.items.map((user) => user.userName)).toEqual(['alice@example.com', 'Bob@Example.com']);
    });
  });

  describe('listing groups', () => {
    const stores = useScimStores(factory);

    it('filters by displayName case-insensitively and by members in memory', async () => {
      const store = await stores.fresh();
      const users = [newUser('m1@example.com'), newUser('m2@example.com')];
      await insertUsers(store, users);
      const [first, second] = users.map((user) => user.id) as [string, string];
      await store.transaction(async (tx) => {
        await tx.insertGroup(newGroup('EU Store Managers', [first, second], { externalId: 'g-1' }));
        await tx.insertGroup(newGroup('US Store Managers', [second]));
        await tx.insertGroup(newGroup('Auditors'));
      });
      const named = await store.listGroups({
        filter: filter('displayName eq "eu store managers"'),
        startIndex: 1,
        count: 10,
      });
      expect(named.items.map((group) => group.displayName)).toEqual(['EU Store Managers']);
      expect(named.items[0]?.members?.length).toBe(2);
      const withMember = await store.listGroups({
        filter: filter(`displayName sw "E" or members[value eq "${second}"]`),
        sortBy: 'displayName',
        startIndex: 1,
        count: 10,
        members: false,
      });
      expect(withMember.totalResults).toBe(2);
      expect(withMember.items.map((group) => group.displayName)).toEqual([
        'EU Store Managers',
        'US Store Managers',
      ]);
      expect(withMember.items.every((group) => group.members === undefined)).toBe(true);
      const byExternal = await store.listGroups({
        filter: filter('externalId eq "g-1"'),
        startIndex: 1,
        count: 10,
      });
      expect(byExternal.totalResults).toBe(1);
      const sorted = await store.listGroups({
        sortBy: 'displayName',
        sortOrder: 'descending',
        startIndex: 1,
        count: 2,
      });
      expect(sorted.totalResults).toBe(3);
      expect(sorted.items.map((group) => group.displayName)).toEqual([
        'US Store Managers',
        'EU Store Managers',
      ]);
    });
  });
}

/**
 * Filters and sorts on title, displayName, name parts and the enterprise attributes (migration 0008's columns)
 * over the seeded directory. The SQL stores also run it with a bound of one in-memory row (store-contract.ts),
 * so it proves these requests are answered in SQL.
 */
export async function expectProfileAttributeListing(store: ScimStore, clock: TestClock): Promise<void> {
  await seedDirectory(store, clock);
  const names = (text: string) => userNames(store, text);
  expect(await names('title eq "store manager"')).toEqual(['alice@example.com', 'grace@example.org']);
  expect(await names('title sw "STORE"')).toEqual([
    'Bob@Example.com',
    'alice@example.com',
    'grace@example.org',
  ]);
  expect(await names('title co "manager"')).toEqual([
    'alice@example.com',
    'dave@contoso.com',
    'grace@example.org',
  ]);
  expect(await names('title ew "clerk"')).toEqual(['Bob@Example.com']);
  // An empty title is there but not present (RFC 7644 section 3.4.2.2).
  expect(await names('title pr')).toEqual([
    'Bob@Example.com',
    'alice@example.com',
    'dave@contoso.com',
    'grace@example.org',
  ]);
  expect(await names('title eq ""')).toEqual(['carol@contoso.com']);
  expect(await names('displayName sw "ÉVE"')).toEqual(['Eve@example.com']);
  expect(await names('displayName eq "bob" or name.givenName eq "CAROL"')).toEqual([
    'Bob@Example.com',
    'carol@contoso.com',
  ]);
  expect(await names('name.familyName eq "SMITH" and active eq true')).toEqual([
    'alice@example.com',
    'grace@example.org',
  ]);
  expect(await names('name.givenName pr and not (name.familyName pr)')).toEqual([]);
  expect(await names(`${ENTERPRISE}:employeeNumber sw "0012"`)).toEqual([
    'alice@example.com',
    'grace@example.org',
  ]);
  expect(await names(`${ENTERPRISE}:employeeNumber gt "00123"`)).toEqual([
    'Bob@Example.com',
    'dave@contoso.com',
    'grace@example.org',
  ]);
  expect(await names(`${ENTERPRISE}:department eq "sales" and title pr`)).toEqual(['dave@contoso.com']);

  const page = async (sortBy: string, descending: boolean, startIndex: number, count: number) => {
    const result = await store.listUsers({
      sortBy,
      ...(descending && { sortOrder: 'descending' as const }),
      startIndex,
      count,
    });
    expect(result.totalResults).toBe(8);
    return result.items.map((user) => user.userName);
  };
  // Absent values last in both directions; equal values by id (compared here as sets: ids are random).
  const byTitle = await page('title', false, 1, 100);
  expect(byTitle.slice(0, 3)).toEqual(['carol@contoso.com', 'dave@contoso.com', 'Bob@Example.com']);
  expect(byTitle.slice(3, 5).sort()).toEqual(['alice@example.com', 'grace@example.org']);
  expect(byTitle.slice(5).sort()).toEqual(['Eve@example.com', 'frank', 'heidi@example.com']);
  const byTitleDown = await page('title', true, 1, 100);
  expect(byTitleDown.slice(2, 5)).toEqual(['Bob@Example.com', 'dave@contoso.com', 'carol@contoso.com']);
  expect(byTitleDown.slice(5)).toEqual(byTitle.slice(5));
  // Pages of three walk the same order, across the present and the absent rows.
  for (const descending of [false, true]) {
    const whole = await page('name.familyName', descending, 1, 100);
    const paged: string[] = [];
    for (let startIndex = 1; startIndex <= 8; startIndex += 3)
      paged.push(...(await page('name.familyName', descending, startIndex, 3)));
    expect(paged).toEqual(whole);
    expect(whole.slice(-2).sort()).toEqual(['dave@contoso.com', 'heidi@example.com']);
    expect(whole[descending ? 0 : 5]).toBe('frank');
  }
  expect(await page(`${ENTERPRISE}:employeeNumber`, true, 1, 4)).toEqual([
    'Bob@Example.com',
    'dave@contoso.com',
    'grace@example.org',
    'alice@example.com',
  ]);
  expect(await page('displayName', false, 5, 4)).toEqual(
    (await page('displayName', false, 1, 100)).slice(4, 8),
  );
}
