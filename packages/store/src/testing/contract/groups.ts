/** Contract: groups, memberships and per-group serialisation of membership changes. */
import { type MemberRef, UniquenessConflict, VersionConflict } from '@scim-connector/scim';
import { describe, expect, it } from 'vitest';
import {
  type ClosableScimStore,
  CONNECTOR_GROUP,
  insertUsers,
  newGroup,
  newUser,
  type ScimStoreFactory,
  TestClock,
} from '../fixtures.ts';
import { useScimStores } from './harness.ts';

const values = (members: readonly MemberRef[] | undefined) => members?.map((member) => member.value);

export function groupsContract<S extends ClosableScimStore>(factory: ScimStoreFactory<S>): void {
  describe('groups', () => {
    const stores = useScimStores(factory);

    it('stores a group with its members in the order given, and without them when asked', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = [newUser('a@example.com'), newUser('b@example.com'), newUser('c@example.com')];
      await insertUsers(store, users);
      const ids = users.map((user) => user.id);
      const input = newGroup('Store Managers', [ids[2] ?? '', ids[0] ?? '', ids[1] ?? '', ids[0] ?? ''], {
        externalId: 'grp-ext',
        roles: ['RETAILER_199_STORE_MANAGER'],
      });
      input.members[0] = { value: ids[2] ?? '', type: 'User', display: 'C' };
      const created = await store.transaction((tx) => tx.insertGroup(input));
      expect(created).toMatchObject({
        id: input.id,
        displayName: 'Store Managers',
        externalId: 'grp-ext',
        version: 1,
        created: clock.iso(),
        lastModified: clock.iso(),
      });
      // A member listed twice is one membership.
      expect(created.members).toEqual([
        { value: ids[2], type: 'User', display: 'C' },
        { value: ids[0], type: 'User' },
        { value: ids[1], type: 'User' },
      ]);
      expect(created.resource).toEqual(input.resource);
      expect(await store.getGroup(input.id)).toEqual(created);
      const bare = await store.getGroup(input.id, { members: false });
      expect(bare?.members).toBeUndefined();
      expect(bare?.displayName).toBe('Store Managers');
      expect(await store.existingGroupIds([input.id, 'nope'])).toEqual(new Set([input.id]));
    });

    it('never stores members inside the resource JSON', async () => {
      const store = await stores.fresh();
      const group = newGroup('With JSON members');
      group.resource.members = [{ value: 'x' }];
      const created = await store.transaction((tx) => tx.insertGroup(group));
      expect(created.resource).not.toHaveProperty('members');
      expect(created.members).toEqual([]);
    });

    it('replaces the member list by difference and keeps remaining members in place', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = ['a', 'b', 'c', 'd'].map((name) => newUser(`${name}@example.com`));
      await insertUsers(store, users);
      const [a, b, c, d] = users.map((user) => user.id) as [string, string, string, string];
      const group = newGroup('Team', [a, b, c]);
      await store.transaction((tx) => tx.insertGroup(group));
      clock.advance(1000);
      const { id: _unused, ...replacement } = newGroup('Team', [d, c, a]);
      const updated = await store.transaction((tx) => tx.updateGroup(group.id, replacement));
      expect(values(updated.members)).toEqual([a, c, d]);
      expect(updated.version).toBe(2);
      expect(updated.lastModified).toBe(clock.iso());
      expect(updated.created).toBe(clock.iso(-1000));
      expect(values((await store.getGroup(group.id))?.members)).toEqual([a, c, d]);
    });

    it('rejects stale versions, missing groups and duplicate ids', async () => {
      const store = await stores.fresh();
      const group = newGroup('Versioned');
      await store.transaction((tx) => tx.insertGroup(group));
      const change = { displayName: 'Versioned 2', resource: {}, members: [] };
      await store.transaction((tx) => tx.updateGroup(group.id, change, { expectedVersion: 1 }));
      await expect(
        store.transaction((tx) => tx.updateGroup(group.id, change, { expectedVersion: 1 })),
      ).rejects.toBeInstanceOf(VersionConflict);
      await expect(store.transaction((tx) => tx.updateGroup('missing', change))).rejects.toBeInstanceOf(
        factory.notFound ?? Error,
      );
      await expect(
        store.transaction((tx) => tx.insertGroup(newGroup('Dup', [], { id: group.id }))),
      ).rejects.toBeInstanceOf(UniquenessConflict);
    });

    it('deletes a group and removes it from groups that nest it', async () => {
      const store = await stores.fresh();
      const inner = newGroup('Inner');
      const outer = newGroup('Outer');
      outer.members = [{ value: inner.id, type: 'Group' }];
      await store.transaction(async (tx) => {
        await tx.insertGroup(inner);
        await tx.insertGroup(outer);
      });
      expect((await store.getGroup(outer.id))?.members).toEqual([{ value: inner.id, type: 'Group' }]);
      expect(await store.transaction((tx) => tx.deleteGroup(inner.id))).toBe(true);
      expect(await store.transaction((tx) => tx.deleteGroup(inner.id))).toBe(false);
      expect(await store.getGroup(inner.id)).toBeUndefined();
      const after = await store.getGroup(outer.id);
      expect(after?.members).toEqual([]);
      expect(after?.version).toBe(2);
    });

    it('reads the group with its members for update inside a transaction', async () => {
      const store = await stores.fresh();
      const user = newUser('locked@example.com');
      await insertUsers(store, [user]);
      const group = newGroup('Lockable', [user.id], { roles: ['ACCOUNT_0_ADMIN'] });
      await store.transaction((tx) => tx.insertGroup(group));
      const locked = await store.transaction((tx) => tx.getGroupForUpdate(group.id));
      expect(values(locked?.members)).toEqual([user.id]);
      expect(locked?.resource[CONNECTOR_GROUP]).toEqual({ roles: [{ value: 'ACCOUNT_0_ADMIN' }] });
      expect(await store.transaction((tx) => tx.getGroupForUpdate('missing'))).toBeUndefined();
    });

    it('reads a group for update without its members when asked', async () => {
      const store = await stores.fresh();
      const user = newUser('bare-lock@example.com');
      await insertUsers(store, [user]);
      const group = newGroup('Bare lock', [user.id]);
      await store.transaction((tx) => tx.insertGroup(group));
      const locked = await store.transaction((tx) => tx.getGroupForUpdate(group.id, { members: false }));
      expect(locked?.members).toBeUndefined();
      expect(locked?.displayName).toBe('Bare lock');
    });

    it('finds some members of a group by id, case-insensitively, in member order', async () => {
      const store = await stores.fresh();
      const users = ['a', 'b', 'c', 'd'].map((name) => newUser(`among-${name}@example.com`));
      await insertUsers(store, users);
      const [a, b, c, d] = users.map((user) => user.id) as [string, string, string, string];
      const group = newGroup('Among', [c, a, b]);
      await store.transaction((tx) => tx.insertGroup(group));
      const found = await store.transaction((tx) =>
        tx.membersAmong(group.id, [a, b.toUpperCase(), d, 'nobody', a]),
      );
      expect(found).toEqual([
        { value: a, type: 'User' },
        { value: b, type: 'User' },
      ]);
      expect(await store.transaction((tx) => tx.membersAmong(group.id, []))).toEqual([]);
    });

    it('changes members by difference: appends joiners, drops leavers, marks only them', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = ['a', 'b', 'c', 'd', 'e'].map((name) => newUser(`diff-${name}@example.com`));
      await insertUsers(store, users);
      const [a, b, c, d, e] = users.map((user) => user.id) as [string, string, string, string, string];
      const group = newGroup('Diff', [a, b, c]);
      await store.transaction((tx) => tx.insertGroup(group));
      await factory.marks?.drain(store);
      clock.advance(1000);
      const changed = await store.transaction((tx) =>
        tx.changeMembers(
          group.id,
          {
            add: [
              { value: e, type: 'User', display: 'E' },
              { value: d, type: 'User' },
              { value: a, type: 'User' },
            ],
            remove: [b, 'not-a-member'],
            update: [{ value: c, type: 'User', display: 'C' }],
          },
          { expectedVersion: 1 },
        ),
      );
      expect(changed).toMatchObject({ id: group.id, version: 2, lastModified: clock.iso() });
      expect(changed.members).toBeUndefined();
      expect((await store.getGroup(group.id))?.members).toEqual([
        { value: a, type: 'User' },
        { value: c, type: 'User', display: 'C' },
        { value: e, type: 'User', display: 'E' },
        { value: d, type: 'User' },
      ]);
      // a was already a member and c only changed its display: neither is marked.
      if (factory.marks) {
        expect(await factory.marks.take(store)).toEqual(
          new Map([
            [b, ['membership.changed']],
            [d, ['membership.changed']],
            [e, ['membership.changed']],
          ]),
        );
      }
      await expect(
        store.transaction((tx) =>
          tx.changeMembers(group.id, { add: [], remove: [a], update: [] }, { expectedVersion: 1 }),
        ),
      ).rejects.toBeInstanceOf(VersionConflict);
      await expect(
        store.transaction((tx) => tx.changeMembers('missing', { add: [], remove: [], update: [] })),
      ).rejects.toBeInstanceOf(factory.notFound ?? Error);
      expect((await store.getGroup(group.id))?.version).toBe(2);
    });

    it('serialises concurrent membership changes by difference too', async () => {
      const store = await stores.fresh();
      const users = Array.from({ length: 8 }, (_, index) => newUser(`batch${index}@example.com`));
      await insertUsers(store, users);
      const group = newGroup('Batches');
      await store.transaction((tx) => tx.insertGroup(group));
      await Promise.all(
        users.map((user) =>
          store.transaction(async (tx) => {
            const current = await tx.getGroupForUpdate(group.id, { members: false });
            if (!current) throw new Error('group vanished');
            await new Promise((resolve) => setTimeout(resolve, 10));
            return tx.changeMembers(
              group.id,
              { add: [{ value: user.id, type: 'User' }], remove: [], update: [] },
              { expectedVersion: current.version },
            );
          }),
        ),
      );
      const final = await store.getGroup(group.id);
      expect(new Set(values(final?.members))).toEqual(new Set(users.map((user) => user.id)));
      expect(final?.version).toBe(1 + users.length);
    });

    it('serialises concurrent membership changes of one group so no member is lost', async () => {
      const store = await stores.fresh();
      const users = Array.from({ length: 8 }, (_, index) => newUser(`member${index}@example.com`));
      await insertUsers(store, users);
      const group = newGroup('Busy');
      await store.transaction((tx) => tx.insertGroup(group));
      await Promise.all(
        users.map((user) =>
          store.transaction(async (tx) => {
            const current = await tx.getGroupForUpdate(group.id);
            if (!current) throw new Error('group vanished');
            // Give the other transactions every chance to read the same member list.
            await new Promise((resolve) => setTimeout(resolve, 10));
            const members = [...(current.members ?? []), { value: user.id, type: 'User' as const }];
            return tx.updateGroup(group.id, {
              displayName: current.displayName,
              resource: current.resource,
              members,
            });
          }),
        ),
      );
      const final = await store.getGroup(group.id);
      expect(new Set(values(final?.members))).toEqual(new Set(users.map((user) => user.id)));
      expect(final?.version).toBe(1 + users.length);
    });
  });
}
