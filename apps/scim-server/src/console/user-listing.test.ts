import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scim-connector/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminInputError } from '../admin/admin-query.ts';
import { CONSOLE_PAGE_SIZE, readUserPageQuery, type UserListPage, userListPage } from './user-listing.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('the console users list on a real SQLite store', () => {
  let dir: string;
  let store: Store;
  const total = 3 * CONSOLE_PAGE_SIZE + 7;
  const name = (i: number) => `user${String(i).padStart(4, '0')}@example.com`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'console-users-'));
    store = await openStore(`sqlite:${path.join(dir, 'connector.db')}`);
    await store.transaction(async (tx) => {
      for (let i = 0; i < total; i++) {
        const userName = name(i);
        await tx.insertUser({
          id: `id-${i}`,
          userName,
          active: true,
          resource: { schemas: [CORE_USER], userName, active: true },
        });
      }
    });
    // Every third user was granted STORE by its last decision.
    for (let i = 0; i < total; i += 3)
      await store.saveLink({
        userId: `id-${i}`,
        state: { link: { kind: 'absent' }, lastDecision: { effectiveRoles: ['AGENT_134_STORE'] } },
        lastSyncedAt: '2026-12-05T08:00:00.000Z',
      });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const page = (query: Record<string, string>) => userListPage(store, readUserPageQuery(query));
  const names = (result: UserListPage) => result.users.map((user) => user.userName);

  it('pages forwards with next and back with previous, through every user once', async () => {
    const seen: string[] = [];
    const pages: UserListPage[] = [];
    let current = await page({});
    expect(current.prev).toBeUndefined();
    for (let n = 0; n < 10; n++) {
      pages.push(current);
      seen.push(...names(current));
      if (current.next === undefined) break;
      current = await page({ after: current.next });
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => name(i)));
    expect(pages.map((p) => p.users.length)).toEqual([
      CONSOLE_PAGE_SIZE,
      CONSOLE_PAGE_SIZE,
      CONSOLE_PAGE_SIZE,
      7,
    ]);
    // Back from the last page: the pages seen before, in the same order, and no previous before the first.
    const last = pages[3];
    const second = await page({ before: last?.prev ?? '' });
    expect(names(second)).toEqual(names(pages[2] as UserListPage));
    expect(second.next).toBeDefined();
    const back2 = await page({ before: second.prev ?? '' });
    expect(names(back2)).toEqual(names(pages[1] as UserListPage));
    const first = await page({ before: back2.prev ?? '' });
    expect(names(first)).toEqual(names(pages[0] as UserListPage));
    expect(first.prev).toBeUndefined();
  });

  it('filters by role and search, paging within the filter', async () => {
    const granted = await page({ role: 'agent_134_STORE' });
    expect(granted.users).toHaveLength(CONSOLE_PAGE_SIZE);
    expect(granted.users.every((user) => Number(user.id.slice(3)) % 3 === 0)).toBe(true);
    const rest = await page({ role: 'AGENT_134_STORE', after: granted.next ?? '' });
    expect(rest.users).toHaveLength(Math.ceil(total / 3) - CONSOLE_PAGE_SIZE);
    expect(rest.next).toBeUndefined();
    expect(names(await page({ search: 'USER001', role: 'AGENT_134_STORE' }))).toEqual([
      name(12),
      name(15),
      name(18),
    ]);
  });

  it('refuses, naming it, a parameter or value it does not take', async () => {
    const refused = (query: Record<string, string>) => {
      try {
        readUserPageQuery(query);
      } catch (error) {
        return error instanceof AdminInputError ? error.parameter : 'other';
      }
      return 'accepted';
    };
    expect(refused({ page: '2' })).toBe('page');
    expect(refused({ status: 'any' })).toBe('status');
    expect(refused({ role: 'STORE' })).toBe('role');
    expect(refused({ after: 'x' })).toBe('after');
    const cursor = (await page({})).next ?? '';
    expect(refused({ after: cursor, before: cursor })).toBe('before');
    await expect(page({ group: 'no-such-group' })).rejects.toThrow(/No group/);
  });
});
