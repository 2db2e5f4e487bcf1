/** Contract: users, uniqueness, versions, deletion, and all-or-nothing transactions. */
import { type NewUser, type StoredUser, UniquenessConflict, VersionConflict } from '@scim-connector/scim';
import { describe, expect, it } from 'vitest';
import {
  type ClosableScimStore,
  filter,
  newGroup,
  newUser,
  type ScimStoreFactory,
  softBarrier,
  TestClock,
} from '../fixtures.ts';
import { useScimStores } from './harness.ts';

export function usersContract<S extends ClosableScimStore>(factory: ScimStoreFactory<S>): void {
  describe('users', () => {
    const stores = useScimStores(factory);

    it('stores a user and reads it back with server metadata', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const input = newUser('Alice@Example.com', {
        externalId: 'ext-1',
        resource: { name: { givenName: 'Alice' }, emails: [{ value: 'alice@example.com', primary: true }] },
      });
      const created = await store.transaction((tx) => tx.insertUser(input));
      expect(created).toEqual(storedAsNew(input, clock.iso()));
      expect(created).toMatchObject({ userName: 'Alice@Example.com', externalId: 'ext-1' });
      expect(await store.getUser(input.id)).toEqual(created);
    });

    it('treats ids as case-sensitive', async () => {
      const store = await stores.fresh();
      await store.transaction(async (tx) => {
        await tx.insertUser(newUser('lower', { id: 'abc' }));
        await tx.insertUser(newUser('upper', { id: 'ABC' }));
      });
      expect((await store.getUser('abc'))?.userName).toBe('lower');
      expect((await store.getUser('ABC'))?.userName).toBe('upper');
      expect(await store.getUser('Abc')).toBeUndefined();
      expect(await store.existingUserIds(['abc', 'Abc', 'ABC', 'nope'])).toEqual(new Set(['abc', 'ABC']));
    });

    it('rejects a user whose id is taken, keeping the first', async () => {
      const store = await stores.fresh();
      const first = newUser('first@example.com');
      await store.transaction((tx) => tx.insertUser(first));
      if (factory.marks) await factory.marks.drain(store);
      const second = newUser('second@example.com', {
        id: first.id,
        resource: { emails: [{ value: 'second@example.com', primary: true }] },
      });
      const again = store.transaction((tx) => tx.insertUser(second));
      await expect(again).rejects.toBeInstanceOf(UniquenessConflict);
      await expect(again).rejects.toMatchObject({ attribute: 'id', value: first.id });
      expect((await store.getUser(first.id))?.userName).toBe('first@example.com');
      // Nothing of the refused create stays: no e-mail row to filter by, no mark for the first user's id.
      const bySecondEmail = await store.listUsers({
        filter: filter('emails.value eq "second@example.com"'),
        startIndex: 1,
        count: 10,
      });
      expect(bySecondEmail.totalResults).toBe(0);
      if (factory.marks) expect(await factory.marks.depth(store)).toBe(0);
    });

    it('rejects a userName that differs only in case or Unicode normalisation', async () => {
      const store = await stores.fresh();
      await store.transaction((tx) => tx.insertUser(newUser('José@example.com')));
      const sameCase = store.transaction((tx) => tx.insertUser(newUser('JOSÉ@EXAMPLE.COM')));
      await expect(sameCase).rejects.toBeInstanceOf(UniquenessConflict);
      await expect(sameCase).rejects.toMatchObject({ attribute: 'userName', value: 'JOSÉ@EXAMPLE.COM' });
      const decomposed = 'Jose\u0301@example.com';
      await expect(store.transaction((tx) => tx.insertUser(newUser(decomposed)))).rejects.toBeInstanceOf(
        UniquenessConflict,
      );
      const list = await store.listUsers({ startIndex: 1, count: 10 });
      expect(list.totalResults).toBe(1);
    });

    it('lets exactly one of many concurrent creates of one userName win', async () => {
      const store = await stores.fresh();
      const parties = 6;
      const lineUp = softBarrier(parties, factory.parallelTransactions ? 2000 : 0);
      const attempts = Array.from({ length: parties }, (_, index) =>
        store.transaction(async (tx) => {
          // Every transaction has checked that the name is free before any of them inserts it.
          await tx.listUsers({ filter: undefined, startIndex: 1, count: 1 });
          await lineUp();
          return tx.insertUser(newUser(index % 2 === 0 ? 'race@example.com' : 'RACE@example.com'));
        }),
      );
      const results = await Promise.allSettled(attempts);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(parties - 1);
      for (const result of lost) expect(result.reason).toBeInstanceOf(UniquenessConflict);
      expect((await store.listUsers({ startIndex: 1, count: 10 })).totalResults).toBe(1);
    });

    it('creates a user with its journal entry and its mark in one write (createUser)', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const input = newUser('Grace@Example.com', {
        externalId: 'ext-g',
        resource: { emails: [{ value: 'grace@example.com', primary: true }] },
      });
      const entry = {
        method: 'POST' as const,
        path: '/Users',
        body: { userName: input.userName },
        id: input.id,
      };
      const created = await store.createUser(input, entry);
      expect(created).toEqual(storedAsNew(input, clock.iso()));
      expect(await store.getUser(input.id)).toEqual(created);
      const byEmail = await store.listUsers({
        filter: filter('emails.value eq "grace@example.com"'),
        startIndex: 1,
        count: 10,
      });
      expect(byEmail.items.map((user) => user.id)).toEqual([input.id]);
      if (factory.journal) expect(await factory.journal(store)).toEqual([entry]);
      if (factory.marks)
        expect(await factory.marks.take(store)).toEqual(new Map([[input.id, ['user.created']]]));
    });

    it('keeps nothing of a createUser that a unique index refuses: no journal entry, e-mail row or mark', async () => {
      const store = await stores.fresh();
      const first = newUser('ivy@example.com');
      const firstEntry = { method: 'POST' as const, path: '/Users', id: first.id };
      await store.createUser(first, firstEntry);
      if (factory.marks) await factory.marks.drain(store);
      const refused = [
        {
          user: newUser('IVY@example.com', { resource: { emails: [{ value: 'by-name@example.com' }] } }),
          attribute: 'userName',
        },
        {
          user: newUser('other@example.com', {
            id: first.id,
            resource: { emails: [{ value: 'by-id@example.com' }] },
          }),
          attribute: 'id',
        },
      ];
      for (const { user, attribute } of refused) {
        const attempt = store.createUser(user, { method: 'POST', path: '/Users', id: user.id });
        await expect(attempt).rejects.toBeInstanceOf(UniquenessConflict);
        await expect(attempt).rejects.toMatchObject({ attribute });
      }
      expect(
        (await store.listUsers({ startIndex: 1, count: 10 })).items.map((user) => user.userName),
      ).toEqual(['ivy@example.com']);
      const byEmail = await store.listUsers({
        filter: filter('emails.value co "by-"'),
        startIndex: 1,
        count: 10,
      });
      expect(byEmail.totalResults).toBe(0);
      if (factory.journal) expect(await factory.journal(store)).toEqual([firstEntry]);
      if (factory.marks) expect(await factory.marks.depth(store)).toBe(0);
    });

    it('lets exactly one of many concurrent createUser calls of one userName win, journaled once', async () => {
      const store = await stores.fresh();
      const attempts = Array.from({ length: 6 }, (_, index) => {
        const user = newUser(index % 2 === 0 ? 'race2@example.com' : 'RACE2@example.com');
        return store.createUser(user, { method: 'POST', path: '/Users', id: user.id });
      });
      const results = await Promise.allSettled(attempts);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(UniquenessConflict);
      }
      expect((await store.listUsers({ startIndex: 1, count: 10 })).totalResults).toBe(1);
      if (factory.journal) expect(await factory.journal(store)).toHaveLength(1);
      if (factory.marks) expect(await factory.marks.depth(store)).toBe(1);
    });

    it('replaces a user, bumping version and lastModified but keeping created', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('bob@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      clock.advance(5000);
      const updated = await store.transaction((tx) =>
        tx.updateUser(user.id, {
          userName: 'Robert@example.com',
          active: true,
          resource: { userName: 'Robert@example.com', title: 'Boss' },
        }),
      );
      expect(updated).toMatchObject({
        id: user.id,
        userName: 'Robert@example.com',
        version: 2,
        created: clock.iso(-5000),
        lastModified: clock.iso(),
        resource: { userName: 'Robert@example.com', title: 'Boss' },
      });
      expect(updated.externalId).toBeUndefined();
      expect(await store.getUser(user.id)).toEqual(updated);
    });

    it('keeps e-mail filters in step with updates that change, keep or drop addresses', async () => {
      const store = await stores.fresh();
      const emails = (...list: Record<string, unknown>[]) => ({ resource: { emails: list } });
      const user = newUser(
        'mail@example.com',
        emails({ value: 'old@example.com', type: 'work', primary: true }),
      );
      await store.transaction((tx) => tx.insertUser(user));
      const found = async (text: string) =>
        (await store.listUsers({ filter: filter(text), startIndex: 1, count: 10 })).items.map((u) => u.id);
      const update = (extra: Record<string, unknown>) =>
        store.transaction((tx) => {
          const { id: _id, ...fields } = newUser('mail@example.com', { id: user.id, ...extra });
          return tx.updateUser(user.id, fields);
        });

      await update(emails({ value: 'old@example.com', type: 'work', primary: true }));
      expect(await found('emails.value eq "OLD@example.com"')).toEqual([user.id]);
      await update(emails({ value: 'old@example.com', type: 'work', primary: false }));
      expect(await found('emails[primary eq true]')).toEqual([]);
      await update(
        emails({ value: 'new@example.com', type: 'home' }, { value: 'old@example.com', type: 'work' }),
      );
      expect(await found('emails.value eq "old@example.com"')).toEqual([user.id]);
      expect(await found('emails[type eq "home"].value eq "new@example.com"')).toEqual([user.id]);
      await update({ resource: {} });
      expect(await found('emails.value eq "new@example.com"')).toEqual([]);
      expect(await found('emails pr')).toEqual([]);
    });

    it('stores and filters a user with 7,000 emails: inserts are chunked under the bind-variable limits', async () => {
      const store = await stores.fresh();
      const emails = Array.from({ length: 7000 }, (_, i) => ({ value: `e${i}@example.com`, type: 'work' }));
      const user = newUser('many@example.com', { resource: { emails } });
      await store.transaction((tx) => tx.insertUser(user));
      const found = async (text: string) =>
        (await store.listUsers({ filter: filter(text), startIndex: 1, count: 10 })).items.map((u) => u.id);
      expect(await found('emails.value eq "e6999@example.com"')).toEqual([user.id]);
      await store.transaction((tx) => {
        const { id: _id, ...fields } = newUser('many@example.com', { id: user.id, resource: { emails } });
        return tx.updateUser(user.id, { ...fields, resource: { emails: emails.slice(1) } });
      });
      expect(await found('emails.value eq "e0@example.com"')).toEqual([]);
      expect(await found('emails.value eq "e6999@example.com"')).toEqual([user.id]);
    });

    it('raises VersionConflict with the current version when expectedVersion is stale', async () => {
      const store = await stores.fresh();
      const user = newUser('carol@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      const replacement = { userName: user.userName, active: false, resource: user.resource };
      await store.transaction((tx) => tx.updateUser(user.id, replacement, { expectedVersion: 1 }));
      const stale = store.transaction((tx) => tx.updateUser(user.id, replacement, { expectedVersion: 1 }));
      await expect(stale).rejects.toBeInstanceOf(VersionConflict);
      await expect(stale).rejects.toMatchObject({ currentVersion: 2 });
      expect((await store.getUser(user.id))?.version).toBe(2);
    });

    it('rejects renaming a user to a taken userName and updating a missing user', async () => {
      const store = await stores.fresh();
      const first = newUser('dave@example.com');
      const second = newUser('erin@example.com');
      await store.transaction(async (tx) => {
        await tx.insertUser(first);
        await tx.insertUser(second);
      });
      const rename = store.transaction((tx) =>
        tx.updateUser(second.id, { userName: 'DAVE@example.com', active: true, resource: {} }),
      );
      await expect(rename).rejects.toBeInstanceOf(UniquenessConflict);
      // Changing only the case of one's own userName is not a conflict.
      const recased = await store.transaction((tx) =>
        tx.updateUser(first.id, { userName: 'Dave@Example.com', active: true, resource: {} }),
      );
      expect(recased.userName).toBe('Dave@Example.com');
      const missing = store.transaction((tx) =>
        tx.updateUser('missing', { userName: 'x@example.com', active: true, resource: {} }),
      );
      await expect(missing).rejects.toBeInstanceOf(factory.notFound ?? Error);
    });

    it('deletes a user with their memberships and reports absent ones', async () => {
      const store = await stores.fresh();
      const user = newUser('frank@example.com');
      const other = newUser('gina@example.com');
      const group = newGroup('Staff', [user.id, other.id]);
      await store.transaction(async (tx) => {
        await tx.insertUser(user);
        await tx.insertUser(other);
        await tx.insertGroup(group);
      });
      expect(await store.transaction((tx) => tx.deleteUser(user.id))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteUser(user.id))).toBe(false);
      expect(await store.getUser(user.id)).toBeUndefined();
      const after = await store.getGroup(group.id);
      expect(after?.members?.map((member) => member.value)).toEqual([other.id]);
      // The group's representation changed, so its ETag must too.
      expect(after?.version).toBe(2);
      // The userName is free again.
      await store.transaction((tx) => tx.insertUser(newUser('FRANK@example.com')));
    });

    it('rolls back every write of a transaction that throws, journal and dirty marks included', async () => {
      const store = await stores.fresh();
      const user = newUser('henry@example.com');
      const failure = new Error('validation failed half-way');
      await expect(
        store.transaction(async (tx) => {
          await tx.insertUser(user);
          await tx.insertGroup(newGroup('Doomed', [user.id]));
          await tx.appendJournal({
            method: 'POST',
            path: '/Users',
            body: { userName: user.userName },
            id: user.id,
          });
          expect(await tx.getUser(user.id)).toBeDefined();
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.getUser(user.id)).toBeUndefined();
      expect((await store.listGroups({ startIndex: 1, count: 10 })).totalResults).toBe(0);
      if (factory.journal) expect(await factory.journal(store)).toEqual([]);
      if (factory.marks) expect(await factory.marks.depth(store)).toBe(0);
      // The store is still usable after a rollback.
      await store.transaction((tx) => tx.insertUser(user));
      expect(await store.getUser(user.id)).toBeDefined();
    });

    it('refuses store calls made inside its own transaction instead of hanging', async () => {
      const store = await stores.fresh();
      const user = newUser('nested@example.com');
      const nested = store.transaction(async (tx) => {
        await tx.insertUser(user);
        return store.getUser(user.id);
      });
      await expect(nested).rejects.toThrow(/store\.getUser\(\) was called inside store\.transaction\(\)/);
      await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(
        /store\.transaction\(\)/,
      );
      expect(await store.getUser(user.id)).toBeUndefined();
    });

    it('returns what the transaction callback returns', async () => {
      const store = await stores.fresh();
      expect(await store.transaction(async () => 42)).toBe(42);
    });
  });
}

/** What a store returns for a user it has just created at `at`. */
function storedAsNew(input: NewUser, at: string): StoredUser {
  return {
    id: input.id,
    userName: input.userName,
    ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
    active: input.active,
    resource: input.resource,
    version: 1,
    created: at,
    lastModified: at,
  };
}
