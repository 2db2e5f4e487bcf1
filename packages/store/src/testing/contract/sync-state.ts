/** Contract: directory state for governance, platform links, audit log, health. */

import type { Outcome } from '@scim-connector/governance';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, PlatformLink } from '../../types.ts';
import {
  CONNECTOR_GROUP,
  insertUsers,
  newGroup,
  newUser,
  type StoreFactory,
  TestClock,
} from '../fixtures.ts';
import { useStores } from './harness.ts';

export function syncStateContract(factory: StoreFactory): void {
  describe('directory state', () => {
    const stores = useStores(factory);

    it('gives a user with their groups and the roles each group grants', async () => {
      const store = await stores.fresh();
      const user = newUser('judy@example.com', { resource: { roles: [{ value: 'AGENT_134_STORE' }] } });
      const bystander = newUser('kim@example.com');
      await insertUsers(store, [user, bystander]);
      const managers = newGroup('EU Store Managers', [user.id], {
        externalId: 'ext-eu',
        roles: ['RETAILER_199_STORE_MANAGER', ' AGENT_134_GRAPHQL '],
      });
      const plain = newGroup('AGENT_134_Store_Colleague', [user.id, bystander.id]);
      const unrelated = newGroup('Unrelated', [bystander.id], { roles: ['ACCOUNT_0_ADMIN'] });
      // Attribute names are case-insensitive; a client may send the extension key in another case.
      const oddCase = newGroup('Odd Case', [user.id]);
      oddCase.resource[CONNECTOR_GROUP.toUpperCase()] = { Roles: [{ Value: 'AGENT_134_ODD' }] };
      await store.transaction(async (tx) => {
        for (const group of [managers, plain, unrelated, oddCase]) await tx.insertGroup(group);
      });

      const state = await store.getDirectoryState(user.id);
      expect(state.deleted).toBe(false);
      expect(state.user).toEqual(await store.getUser(user.id));
      expect(state.groups).toEqual([
        { id: plain.id, displayName: 'AGENT_134_Store_Colleague', roles: [] },
        {
          id: managers.id,
          displayName: 'EU Store Managers',
          externalId: 'ext-eu',
          roles: ['RETAILER_199_STORE_MANAGER', 'AGENT_134_GRAPHQL'],
        },
        { id: oddCase.id, displayName: 'Odd Case', roles: ['AGENT_134_ODD'] },
      ]);
    });

    it('still knows a deleted user by id and userName, without groups', async () => {
      const store = await stores.fresh();
      const user = newUser('leaver@example.com', { externalId: 'ext-l' });
      await insertUsers(store, [user]);
      await store.transaction((tx) =>
        tx.insertGroup(newGroup('Team', [user.id], { roles: ['ACCOUNT_0_ADMIN'] })),
      );
      const before = await store.getUser(user.id);
      await store.transaction((tx) => tx.deleteUser(user.id));
      const state = await store.getDirectoryState(user.id);
      expect(state).toEqual({ user: before, deleted: true, groups: [] });
      expect(await store.getDirectoryState('never-existed')).toEqual({
        user: undefined,
        deleted: false,
        groups: [],
      });
    });

    it('forgets the tombstone when the same id is created again', async () => {
      const store = await stores.fresh();
      const user = newUser('back@example.com', { id: 'fixed-id' });
      await insertUsers(store, [user]);
      await store.transaction((tx) => tx.deleteUser(user.id));
      await insertUsers(store, [newUser('back-again@example.com', { id: 'fixed-id' })]);
      const state = await store.getDirectoryState('fixed-id');
      expect(state.deleted).toBe(false);
      expect(state.user?.userName).toBe('back-again@example.com');
    });

    it('reads a page of users as getDirectoryState reads each, deleted and unknown ids included', async () => {
      const store = await stores.fresh();
      const users = Array.from({ length: 7 }, (_, index) => newUser(`page${index}@example.com`));
      await insertUsers(store, users);
      const ids = users.map((user) => user.id);
      await store.transaction(async (tx) => {
        await tx.insertGroup(newGroup('Zeta', ids.slice(0, 4), { roles: ['AGENT_134_STORE'] }));
        await tx.insertGroup(newGroup('Alpha', ids.slice(2, 6), { externalId: 'ext-a' }));
        await tx.deleteUser(ids[6] ?? '');
      });
      const asked = [...ids, 'never-existed'];
      const page = await store.getDirectoryStates(asked);
      expect([...page.keys()].sort()).toEqual([...asked].sort());
      for (const id of asked) expect(page.get(id), id).toEqual(await store.getDirectoryState(id));
      expect(page.get(ids[3] ?? '')?.groups.map((group) => group.displayName)).toEqual(['Alpha', 'Zeta']);
    });
  });

  describe('platform links', () => {
    const stores = useStores(factory);

    it('saves, reads back and replaces a link', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      expect(await store.getLink('u1')).toBeUndefined();
      // The state is the sync engine's document: the store keeps whatever JSON it is given.
      const link: PlatformLink = {
        userId: 'u1',
        state: {
          link: { kind: 'linked', platformUserId: '5001', roles: ['AGENT_134_STORE'], on: true, n: 1.5 },
          lastDecision: { outcome: 'create', reasons: [], fired: ['default-create'] },
        },
        lastSyncedAt: clock.iso(),
      };
      await store.saveLink(link);
      expect(await store.getLink('u1')).toEqual(link);
      const replaced = {
        ...link,
        state: { link: { kind: 'absent' } },
        lastSyncedAt: '2025-02-01T10:00:00+01:00',
      };
      await store.saveLink(replaced);
      expect(await store.getLink('u1')).toEqual({ ...replaced, lastSyncedAt: '2025-02-01T09:00:00.000Z' });
    });

    it('reads the links of a page of users at once, over more than one statement batch', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const ids = Array.from({ length: 620 }, (_, i) => `u${String(i).padStart(4, '0')}`);
      const linked = ids.filter((_, i) => i % 3 === 0);
      for (const userId of linked) {
        await store.saveLink({ userId, state: { platformUserId: `p-${userId}` }, lastSyncedAt: clock.iso() });
      }
      const links = await store.getLinks([...ids, ids[0] as string, 'never-linked']);
      expect([...links.keys()].sort()).toEqual(linked);
      expect(links.get('u0003')).toEqual(await store.getLink('u0003'));
      expect(await store.getLinks([])).toEqual(new Map());
    });

    it('reads a user with their groups and link together, as getDirectoryState and getLink read them', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const [grouped, unlinked, leaver] = [
        'in-groups@example.com',
        'no-link@example.com',
        'gone@example.com',
      ].map((userName) => newUser(userName)) as [
        ReturnType<typeof newUser>,
        ReturnType<typeof newUser>,
        ReturnType<typeof newUser>,
      ];
      await insertUsers(store, [grouped, unlinked, leaver]);
      await store.transaction(async (tx) => {
        await tx.insertGroup(newGroup('Zeta', [grouped.id, leaver.id], { roles: ['AGENT_134_STORE'] }));
        await tx.insertGroup(newGroup('Alpha', [grouped.id], { externalId: 'ext-a' }));
      });
      await store.saveLink({
        userId: grouped.id,
        state: { link: { kind: 'linked', platformUserId: '5001' } },
        lastSyncedAt: clock.iso(),
        summary: { platformStatus: 'ACTIVE', blockedReasons: ['missing-role'], decidedAt: clock.iso() },
      });
      await store.saveLink({
        userId: leaver.id,
        state: { link: { kind: 'absent' } },
        lastSyncedAt: clock.iso(),
      });
      await store.transaction((tx) => tx.deleteUser(leaver.id));
      // An id deleted and created again (a live user beside a tombstone), with a link that has no summary.
      const returning = newUser('returning@example.com');
      await insertUsers(store, [returning]);
      await store.transaction((tx) => tx.deleteUser(returning.id));
      await insertUsers(store, [newUser('returned@example.com', { id: returning.id })]);
      await store.saveLink({
        userId: returning.id,
        state: { link: { kind: 'linked', platformUserId: '5002' } },
        lastSyncedAt: clock.iso(),
      });

      for (const id of [grouped.id, unlinked.id, leaver.id, returning.id, 'never-existed']) {
        expect(await store.getPushState(id), id).toEqual({
          state: await store.getDirectoryState(id),
          link: await store.getLink(id),
        });
      }
      const both = await store.getPushState(grouped.id);
      expect(both.state.groups.map((group) => group.displayName)).toEqual(['Alpha', 'Zeta']);
      expect(both.link?.summary?.blockedReasons).toEqual(['missing-role']);
      expect((await store.getPushState(unlinked.id)).link).toBeUndefined();
      expect((await store.getPushState(leaver.id)).state.deleted).toBe(true);
      const returned = await store.getPushState(returning.id);
      expect(returned.state.user?.userName).toBe('returned@example.com');
      expect(returned.link?.state).toEqual({ link: { kind: 'linked', platformUserId: '5002' } });
      expect(returned.link?.summary).toBeUndefined();

      // Several at once, as the sync worker reads a claim's users: each as getPushState reads it, in the order
      // asked, repeats included; past one chunk (500 ids), so the second statement's rows land in place too.
      const asked = [grouped.id, 'never-existed', leaver.id, unlinked.id, returning.id, grouped.id];
      const many = Array.from({ length: 503 }, (_, index) => asked[index % asked.length] as string);
      const alone = new Map<string, unknown>();
      for (const id of asked) alone.set(id, await store.getPushState(id));
      const states = await store.getPushStates(many);
      expect(states).toHaveLength(many.length);
      states.forEach((state, index) => {
        expect(state, `${index}: ${many[index]}`).toEqual(alone.get(many[index] as string));
      });
      expect(await store.getPushStates([])).toEqual([]);
    });

    it('saves several links in one call, over more than one statement, replacing what was there', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const summary = { platformStatus: 'ACTIVE', blockedReasons: ['missing-role'], decidedAt: clock.iso() };
      await store.saveLink({
        userId: 'u0000',
        state: { link: { kind: 'absent' } },
        lastSyncedAt: clock.iso(),
        summary,
      });
      const links: PlatformLink[] = Array.from({ length: 620 }, (_, i) => ({
        userId: `u${String(620 - i).padStart(4, '0')}`,
        state: { link: { kind: 'creating', username: `user${620 - i}@example.com` } },
        lastSyncedAt: '2025-02-01T10:00:00+01:00',
      }));
      await store.saveLinks([...links, { ...(links.at(-1) as PlatformLink), userId: 'u0000' }]);
      const stored = await store.getLinks([...links.map((link) => link.userId), 'u0000']);
      expect(stored.size).toBe(621);
      // The link saved before lost its summary: a replaced link is the one given, whole.
      expect(stored.get('u0000')).toEqual({
        ...links.at(-1),
        userId: 'u0000',
        lastSyncedAt: '2025-02-01T09:00:00.000Z',
      });
      expect(stored.get('u0620')?.state).toEqual({
        link: { kind: 'creating', username: 'user620@example.com' },
      });
      await store.saveLinks([]);
      expect((await store.getLinks(['u0000', 'u0620'])).size).toBe(2);
    });

    it('keeps the later of two links given for one user in one call', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const link = (userId: string, kind: string): PlatformLink => ({
        userId,
        state: { link: { kind } },
        lastSyncedAt: clock.iso(),
      });
      await store.saveLinks([link('u7', 'creating'), link('u1', 'creating'), link('u7', 'linked')]);
      expect((await store.getLink('u7'))?.state).toEqual({ link: { kind: 'linked' } });
      expect((await store.getLink('u1'))?.state).toEqual({ link: { kind: 'creating' } });
    });

    it('replaces the roles a link held when several links are saved at once', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const [holder, bystander] = [newUser('holder@example.com'), newUser('bystander@example.com')];
      await insertUsers(store, [holder, bystander]);
      const granted = (userId: string): PlatformLink => ({
        userId,
        state: {
          link: { kind: 'linked', roles: ['AGENT_1_STORE'] },
          lastDecision: { effectiveRoles: ['AGENT_1_STORE'] },
        },
        lastSyncedAt: clock.iso(),
      });
      await store.saveLinks([granted(holder.id), granted(bystander.id)]);
      const holders = async () =>
        (await store.listAdminUsers({ role: 'AGENT_1_STORE', limit: 5 })).items.map((item) => item.userName);
      expect(await holders()).toEqual(['bystander@example.com', 'holder@example.com']);
      await store.saveLinks([
        { userId: holder.id, state: { link: { kind: 'absent' } }, lastSyncedAt: clock.iso() },
      ]);
      expect(await holders()).toEqual(['bystander@example.com']);
    });

    it('refuses a timestamp that is not ISO 8601', async () => {
      const store = await stores.fresh();
      await expect(store.saveLink({ userId: 'u1', state: null, lastSyncedAt: 'yesterday' })).rejects.toThrow(
        /lastSyncedAt "yesterday" is not an ISO 8601 date-time/,
      );
    });
  });

  describe('audit log', () => {
    const stores = useStores(factory);

    it('appends entries and lists them newest first, per user and paged', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const entry = (userId: string, outcome: Outcome): AuditEntry => ({
        userId,
        trigger: 'user.created',
        outcome,
        reasons: outcome === 'block' ? ['unresolved-role'] : [],
        changes: { added: ['AGENT_134_STORE'] },
        explanation: { fired: ['rule-a'], facts: { count: 1 } },
        at: clock.iso(),
      });
      const first = await store.appendAudit(entry('u1', 'create'));
      await store.appendAudit(entry('u2', 'block'));
      const third = await store.appendAudit(entry('u1', 'update'));
      expect(first).toEqual({ ...entry('u1', 'create'), seq: first.seq });
      expect(third.seq).toBeGreaterThan(first.seq);

      const all = await store.listAudit({ limit: 10 });
      expect(all.map((record) => [record.userId, record.outcome])).toEqual([
        ['u1', 'update'],
        ['u2', 'block'],
        ['u1', 'create'],
      ]);
      expect(all[1]).toEqual({ ...entry('u2', 'block'), seq: all[1]?.seq });
      const forU1 = await store.listAudit({ userId: 'u1', limit: 1 });
      expect(forU1.map((record) => record.outcome)).toEqual(['update']);
      const older = await store.listAudit({ userId: 'u1', limit: 10, beforeSeq: forU1[0]?.seq ?? 0 });
      expect(older.map((record) => record.outcome)).toEqual(['create']);
    });
  });

  describe('health', () => {
    const stores = useStores(factory);

    it('answers ping while open and keeps data across reopening', async () => {
      const store = await stores.fresh();
      await store.ping();
      const user = newUser('durable@example.com');
      await insertUsers(store, [user]);
      const reopened = await stores.another();
      expect((await reopened.getUser(user.id))?.userName).toBe('durable@example.com');
      await reopened.close();
      await expect(reopened.ping()).rejects.toThrow();
    });
  });
}
