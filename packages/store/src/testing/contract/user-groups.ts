/** Contract: the groups of a page of users (`groupsOfUsers`), for the User resource's read-only `groups`. */
import type { MemberRef, UserGroupRef } from '@scim-connector/scim';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../../chunks.ts';
import {
  type ClosableScimStore,
  filter,
  insertUsers,
  newGroup,
  newUser,
  type ScimStoreFactory,
} from '../fixtures.ts';
import { useScimStores } from './harness.ts';

const direct = (id: string, display: string): UserGroupRef => ({ value: id, display, type: 'direct' });

export function userGroupsContract<S extends ClosableScimStore>(factory: ScimStoreFactory<S>): void {
  describe('groups of users', () => {
    const stores = useScimStores(factory);

    it('lists each user’s direct groups by displayName case-insensitively, then id; [] for none', async () => {
      const store = await stores.fresh();
      const ann = newUser('ann@example.com');
      const bob = newUser('bob@example.com');
      const cid = newUser('cid@example.com');
      const dee = newUser('dee@example.com');
      await insertUsers(store, [ann, bob, cid, dee]);
      // Two groups whose names fold to the same text are ordered by id.
      const groups = [
        newGroup('beta', [ann.id, bob.id], { id: 'g-3' }),
        newGroup('Alpha', [bob.id, ann.id], { id: 'g-2' }),
        newGroup('ALPHA', [ann.id], { id: 'g-1' }),
        newGroup('Zulu', [cid.id], { id: 'g-4' }),
      ];
      // A group as a member of another: nested groups are not reported (direct memberships only).
      const outer = newGroup('Outer', [], { id: 'g-5' });
      outer.members.push({ value: 'g-4', type: 'Group' } satisfies MemberRef);
      await store.transaction(async (tx) => {
        for (const group of [...groups, outer]) await tx.insertGroup(group);
      });

      const result = await store.groupsOfUsers([ann.id, bob.id, cid.id, dee.id, 'no-such-user', ann.id]);
      expect(result.get(ann.id)).toEqual([
        direct('g-1', 'ALPHA'),
        direct('g-2', 'Alpha'),
        direct('g-3', 'beta'),
      ]);
      expect(result.get(bob.id)).toEqual([direct('g-2', 'Alpha'), direct('g-3', 'beta')]);
      expect(result.get(cid.id)).toEqual([direct('g-4', 'Zulu')]);
      expect(result.get(dee.id)).toEqual([]);
      expect(result.get('no-such-user')).toEqual([]);
      expect([...result.keys()].sort()).toEqual([ann.id, bob.id, cid.id, dee.id, 'no-such-user'].sort());
      // A group id is not a user: its memberships as a `Group` member do not count.
      expect((await store.groupsOfUsers(['g-4'])).get('g-4')).toEqual([]);
      expect(await store.groupsOfUsers([])).toEqual(new Map());
    });

    it('follows renames, membership changes and deletions of groups, inside a transaction too', async () => {
      const store = await stores.fresh();
      const users = [newUser('eve@example.com'), newUser('fay@example.com')];
      await insertUsers(store, users);
      const [eve, fay] = users.map((user) => user.id) as [string, string];
      const team = newGroup('Team', [eve, fay], { id: 'g-team' });
      const gone = newGroup('Gone', [eve], { id: 'g-gone' });
      await store.transaction(async (tx) => {
        await tx.insertGroup(team);
        await tx.insertGroup(gone);
      });
      expect((await store.groupsOfUsers([eve])).get(eve)).toEqual([
        direct('g-gone', 'Gone'),
        direct('g-team', 'Team'),
      ]);

      await store.transaction(async (tx) => {
        expect(await tx.deleteGroup('g-gone')).toBe(true);
        await tx.changeMembers('g-team', { add: [], remove: [fay], update: [] });
        // The transaction reads its own writes.
        expect((await tx.groupsOfUsers([eve, fay])).get(eve)).toEqual([direct('g-team', 'Team')]);
      });
      const { id: _id, ...renamed } = newGroup('A-Team', [eve]);
      await store.transaction((tx) => tx.updateGroup('g-team', renamed));

      const after = await store.groupsOfUsers([eve, fay]);
      expect(after.get(eve)).toEqual([direct('g-team', 'A-Team')]);
      expect(after.get(fay)).toEqual([]);
      // A deleted user leaves every group; asking for them is not an error.
      await store.transaction((tx) => tx.deleteUser(eve));
      expect((await store.groupsOfUsers([eve])).get(eve)).toEqual([]);
    });

    it('answers for more users than one statement takes, each list complete and in order', async () => {
      const store = await stores.fresh();
      const users = Array.from({ length: CHUNK_SIZE * 2 + 3 }, (_, index) =>
        newUser(`bulk-${index}@example.com`),
      );
      await insertUsers(store, users);
      const ids = users.map((user) => user.id);
      // Every user is in `All`; every third user also in `Some`, spread over all chunks; the last one in none.
      const everyone = ids.slice(0, -1);
      const some = everyone.filter((_, index) => index % 3 === 0);
      await store.transaction(async (tx) => {
        await tx.insertGroup(newGroup('some', some, { id: 'g-some' }));
        await tx.insertGroup(newGroup('All', everyone, { id: 'g-all' }));
      });

      const result = await store.groupsOfUsers(ids);
      expect(result.size).toBe(ids.length);
      ids.forEach((id, index) => {
        const expected =
          index === ids.length - 1
            ? []
            : index % 3 === 0
              ? [direct('g-all', 'All'), direct('g-some', 'some')]
              : [direct('g-all', 'All')];
        expect(result.get(id), `user #${index}`).toEqual(expected);
      });
    });
    it('filters users by the groups they are in: in SQL on groups.value, in memory on the rest', async () => {
      const store = await stores.fresh();
      const ann = newUser('ann@example.com', { resource: { title: 'Lead' } });
      const bob = newUser('bob@example.com', { resource: { title: 'Clerk' } });
      const cid = newUser('cid@example.com', { resource: { title: 'Lead' } });
      await insertUsers(store, [ann, bob, cid]);
      await store.transaction(async (tx) => {
        await tx.insertGroup(newGroup('Stores North', [ann.id, bob.id], { id: 'g-north' }));
        await tx.insertGroup(newGroup('Stores South', [bob.id], { id: 'g-south' }));
      });
      const names = async (text: string) =>
        (await store.listUsers({ filter: filter(text), startIndex: 1, count: 100 })).items
          .map((user) => user.userName)
          .sort();
      expect(await names('groups.value eq "g-north"')).toEqual(['ann@example.com', 'bob@example.com']);
      // Ids are caseExact false, as every SCIM reference value.
      expect(await names('groups.value eq "G-SOUTH"')).toEqual(['bob@example.com']);
      expect(await names('groups eq "g-south"')).toEqual(['bob@example.com']);
      expect(await names('groups[value eq "g-south"]')).toEqual(['bob@example.com']);
      expect(await names('not (groups pr)')).toEqual(['cid@example.com']);
      expect(await names('groups.value ne "g-north"')).toEqual(['cid@example.com']);
      // display has no column: the in-memory predicate decides, on the groups it is given.
      expect(await names('groups.display sw "stores s"')).toEqual(['bob@example.com']);
      expect(await names('groups.value eq "g-north" and title eq "Lead"')).toEqual(['ann@example.com']);
      expect(await names('groups[display co "north"] or title eq "Lead"')).toEqual([
        'ann@example.com',
        'bob@example.com',
        'cid@example.com',
      ]);
      // A sub-attribute without a column is never compared as if it were the value.
      expect(await names('emails.display eq "ann@example.com"')).toEqual([]);
    });
  });
}
