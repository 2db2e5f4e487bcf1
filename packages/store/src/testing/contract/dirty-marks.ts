/** Contract: which directory writes mark which users dirty, with which triggers. */
import { describe, expect, it } from 'vitest';
import {
  CONNECTOR_GROUP,
  drainQueue,
  insertUsers,
  newGroup,
  newUser,
  type StoreFactory,
  takeMarks,
} from '../fixtures.ts';
import { useStores } from './harness.ts';

export function dirtyMarksContract(factory: StoreFactory): void {
  describe('dirty marks from directory writes', () => {
    const stores = useStores(factory);

    it('marks users on create, update, deactivation and deletion', async () => {
      const store = await stores.fresh();
      const user = newUser('ivy@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      expect(await takeMarks(store)).toEqual(new Map([[user.id, ['user.created']]]));

      const other = await stores.fresh();
      const a = newUser('a@example.com');
      const b = newUser('b@example.com');
      const c = newUser('c@example.com');
      await insertUsers(other, [a, b, c]);
      await drainQueue(other);
      await other.transaction(async (tx) => {
        await tx.updateUser(a.id, { userName: a.userName, active: true, resource: { title: 'x' } });
        await tx.updateUser(b.id, { userName: b.userName, active: false, resource: {} });
        await tx.deleteUser(c.id);
      });
      expect(await takeMarks(other)).toEqual(
        new Map([
          [a.id, ['user.updated']],
          [b.id, ['user.deactivated']],
          [c.id, ['user.deleted']],
        ]),
      );
    });

    it('marks members on group creation and every joiner and leaver on membership changes', async () => {
      const store = await stores.fresh();
      const users = ['a', 'b', 'c', 'd'].map((name) => newUser(`${name}@example.com`));
      await insertUsers(store, users);
      const [a, b, c, d] = users.map((user) => user.id) as [string, string, string, string];
      const group = newGroup('Team', [a, b]);
      group.members.push({ value: 'nested-group', type: 'Group' });
      await drainQueue(store);
      await store.transaction((tx) => tx.insertGroup(group));
      expect(await takeMarks(store)).toEqual(
        new Map([
          [a, ['membership.changed']],
          [b, ['membership.changed']],
        ]),
      );

      const second = await stores.fresh();
      await insertUsers(second, users);
      await second.transaction((tx) => tx.insertGroup(newGroup('Team', [a, b, c], { id: group.id })));
      await drainQueue(second);
      await second.transaction((tx) =>
        tx.updateGroup(group.id, {
          displayName: 'Team',
          resource: group.resource,
          members: [
            { value: b, type: 'User' },
            { value: c, type: 'User' },
            { value: d, type: 'User' },
          ],
        }),
      );
      // a left, d joined; b and c are untouched because the group grants nothing new.
      expect(await takeMarks(second)).toEqual(
        new Map([
          [a, ['membership.changed']],
          [d, ['membership.changed']],
        ]),
      );
    });

    it('marks every member when the group name, externalId or roles change, and every ex-member on delete', async () => {
      const store = await stores.fresh();
      const users = ['a', 'b', 'c'].map((name) => newUser(`${name}@example.com`));
      await insertUsers(store, users);
      const [a, b, c] = users.map((user) => user.id) as [string, string, string];
      const group = newGroup('Store Managers', [a, b], { roles: ['AGENT_134_STORE'] });
      await store.transaction((tx) => tx.insertGroup(group));
      const base = { displayName: group.displayName, members: group.members, resource: group.resource };

      const changes = [
        { ...base, displayName: 'Store Managers EU' },
        { ...base, displayName: 'Store Managers EU', externalId: 'new-ext' },
        {
          ...base,
          displayName: 'Store Managers EU',
          externalId: 'new-ext',
          resource: {
            ...group.resource,
            [CONNECTOR_GROUP]: { roles: [{ value: 'AGENT_134_STORE' }, { value: 'AGENT_134_GRAPHQL' }] },
          },
        },
      ];
      for (const change of changes) {
        await drainQueue(store);
        await store.transaction((tx) => tx.updateGroup(group.id, change));
        expect(await takeMarks(store)).toEqual(
          new Map([
            [a, ['group.changed']],
            [b, ['group.changed']],
          ]),
        );
      }

      // A newcomer to a group whose grants did not change is the only one marked.
      const other = await stores.fresh();
      await insertUsers(other, users);
      await other.transaction((tx) => tx.insertGroup(group));
      await drainQueue(other);
      await other.transaction((tx) =>
        tx.updateGroup(group.id, { ...base, members: [...group.members, { value: c, type: 'User' }] }),
      );
      expect(await takeMarks(other)).toEqual(new Map([[c, ['membership.changed']]]));

      await drainQueue(other);
      await other.transaction((tx) => tx.deleteGroup(group.id));
      expect(await takeMarks(other)).toEqual(
        new Map([
          [a, ['group.deleted']],
          [b, ['group.deleted']],
          [c, ['group.deleted']],
        ]),
      );
    });

    it('fans a change of a group larger than one statement batch out to every member', async () => {
      const store = await stores.fresh();
      const users = Array.from({ length: 1100 }, (_, index) => newUser(`bulk${index}@example.com`));
      await insertUsers(store, users);
      const group = newGroup(
        'Everyone',
        users.map((user) => user.id),
        { roles: ['ACCOUNT_0_ADMIN'] },
      );
      await store.transaction((tx) => tx.insertGroup(group));
      await drainQueue(store);
      await store.transaction((tx) =>
        tx.updateGroup(group.id, {
          displayName: 'Everyone!',
          members: group.members,
          resource: group.resource,
        }),
      );
      expect((await store.queueStats()).depth).toBe(users.length);
      const claimed = await store.claimDirty({ limit: 5000, workerId: 'w', leaseMs: 60_000 });
      expect(new Set(claimed.map((claim) => claim.userId))).toEqual(new Set(users.map((user) => user.id)));
      expect(claimed.every((claim) => claim.triggers.join() === 'group.changed')).toBe(true);
    }, 60_000);
  });
}
