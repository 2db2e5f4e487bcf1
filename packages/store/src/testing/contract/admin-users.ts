/** Contract: the admin user list's keyset paging, forwards and back, with a filter (listAdminUsers). */
import { describe, expect, it } from 'vitest';
import type { AdminUserPage, Store } from '../../types.ts';
import { insertUsers, newUser, type StoreFactory } from '../fixtures.ts';
import { useStores } from './harness.ts';

const names = (page: AdminUserPage) => page.items.map((item) => item.userName);

export function adminUsersContract(factory: StoreFactory): void {
  describe('admin user list (listAdminUsers)', () => {
    const stores = useStores(factory);

    /** Ten users a0..a9 (two of them with a role granted by their last decision), plus b0. */
    async function seeded(): Promise<Store> {
      const store = await stores.fresh();
      const users = [...Array.from({ length: 10 }, (_, i) => newUser(`a${i}@example.com`)), newUser('b0@x')];
      await insertUsers(store, users);
      for (const user of [users[2], users[7]])
        if (user)
          await store.saveLink({
            userId: user.id,
            state: { link: { kind: 'absent' }, lastDecision: { effectiveRoles: ['AGENT_1_STORE'] } },
            lastSyncedAt: '2026-12-05T08:00:00.000Z',
          });
      return store;
    }

    it('pages forwards with after and back with before, each page in userName order', async () => {
      const store = await seeded();
      const first = await store.listAdminUsers({ search: 'a', limit: 4 });
      expect(names(first)).toEqual(['a0@example.com', 'a1@example.com', 'a2@example.com', 'a3@example.com']);
      expect(first.more).toBe(true);
      const second = await store.listAdminUsers({ search: 'a', limit: 4, after: first.items[3]?.position });
      expect(names(second)).toEqual(['a4@example.com', 'a5@example.com', 'a6@example.com', 'a7@example.com']);
      const third = await store.listAdminUsers({ search: 'a', limit: 4, after: second.items[3]?.position });
      expect(names(third)).toEqual(['a8@example.com', 'a9@example.com']);
      expect(third.more).toBe(false);
      // Back from the third page: the second again, and more before it.
      const back = await store.listAdminUsers({ search: 'a', limit: 4, before: third.items[0]?.position });
      expect(names(back)).toEqual(names(second));
      expect(back.more).toBe(true);
      const start = await store.listAdminUsers({ search: 'a', limit: 4, before: back.items[0]?.position });
      expect(names(start)).toEqual(names(first));
      expect(start.more).toBe(false);
    });

    it('filters by a role held by the last decision, paging within the filter', async () => {
      const store = await seeded();
      const first = await store.listAdminUsers({ role: 'AGENT_1_STORE', limit: 1 });
      expect(names(first)).toEqual(['a2@example.com']);
      const next = await store.listAdminUsers({
        role: 'AGENT_1_STORE',
        limit: 1,
        after: first.items[0]?.position,
      });
      expect(names(next)).toEqual(['a7@example.com']);
      expect(next.more).toBe(false);
      expect((await store.listAdminUsers({ role: 'AGENT_2_STORE', limit: 5 })).items).toEqual([]);
    });
  });
}
