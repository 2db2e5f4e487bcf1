/**
 * The store's contract suite: every behaviour the SCIM service and the sync worker rely on. The SCIM part holds
 * any implementation of the `ScimStore` port (the databases, and the SCIM module's in-memory store that its
 * service tests run on); the whole suite runs against each database by its own test file with a factory for it.
 */
import type { NewUser } from '@scim-connector/scim';
import { describe, expect, it } from 'vitest';
import { ResourceNotFound } from '../errors.ts';
import type { Store } from '../types.ts';
import { adminUsersContract } from './contract/admin-users.ts';
import { dirtyMarksContract } from './contract/dirty-marks.ts';
import { filterEquivalenceContract } from './contract/filter-equivalence.ts';
import { groupsContract } from './contract/groups.ts';
import { useStores } from './contract/harness.ts';
import { journalContract } from './contract/journal.ts';
import { expectProfileAttributeListing, listingContract, userNames } from './contract/listing.ts';
import { reconcileContract } from './contract/reconcile.ts';
import { syncQueueContract } from './contract/sync-queue.ts';
import { syncRecordContract } from './contract/sync-record.ts';
import { syncStateContract } from './contract/sync-state.ts';
import { userGroupsContract } from './contract/user-groups.ts';
import { usersContract } from './contract/users.ts';
import {
  type ClosableScimStore,
  drainQueue,
  insertUsers,
  newUser,
  type ScimStoreFactory,
  type StoreFactory,
  TestClock,
  takeMarks,
} from './fixtures.ts';

/** The behaviour of the `ScimStore` port: users, groups, memberships, listing, filters, transactions. */
export function scimStoreContract<S extends ClosableScimStore>(factory: ScimStoreFactory<S>): void {
  usersContract(factory);
  groupsContract(factory);
  userGroupsContract(factory);
  listingContract(factory);
  filterEquivalenceContract(factory);
}

export function storeContract(factory: StoreFactory): void {
  // The full store also has the journal and the dirty queue, so the SCIM part checks them alongside its writes.
  scimStoreContract<Store>({
    fresh: (options) => factory.fresh(options),
    parallelTransactions: factory.parallelTransactions,
    notFound: ResourceNotFound,
    journal: async (store) => (await store.readJournal({ limit: 1000 })).map((record) => record.entry),
    marks: {
      drain: drainQueue,
      take: takeMarks,
      depth: async (store) => (await store.queueStats()).depth,
    },
  });
  journalContract(factory);
  dirtyMarksContract(factory);
  syncQueueContract(factory);
  syncStateContract(factory);
  syncRecordContract(factory);
  reconcileContract(factory);
  adminUsersContract(factory);
  sqlListingContract(factory);
}

/**
 * The attributes IdPs and admins filter and sort on have columns (migration 0008, issue #13): with at most one
 * row allowed into memory, anything left to the in-memory predicate or sort would be refused with tooMany.
 */
function sqlListingContract(factory: StoreFactory): void {
  describe('listing in SQL', () => {
    const stores = useStores(factory);
    it('answers filters and sorts on the profile attributes without reading rows into memory', async () => {
      const clock = new TestClock();
      await expectProfileAttributeListing(await stores.fresh({ now: clock.now, maxInMemoryRows: 1 }), clock);
    });

    it("answers filters on the connector's status fields from their indexes, parked first", async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now, maxInMemoryRows: 1 });
      const users = ['active', 'inactive', 'parked', 'unlinked'].map((name) =>
        newUser(`${name}@example.com`),
      );
      await insertUsers(store, users);
      const [active, inactive, parked] = users as [NewUser, NewUser, NewUser];
      const link = (user: NewUser, platformStatus: string, blockedReasons: string[] | null) =>
        store.saveLink({
          userId: user.id,
          state: {},
          lastSyncedAt: clock.iso(),
          summary: { platformStatus, blockedReasons, decidedAt: null },
        });
      await link(active, 'ACTIVE', null);
      await link(inactive, 'INACTIVE', ['no-roles']);
      await link(parked, 'ACTIVE', null);
      await store.claimDirty({ workerId: 'w1', leaseMs: 30_000, limit: 10 });
      await store.parkDirty(parked.id, { error: 'platform down', attempts: 5 });

      const names = (text: string) => userNames(store, text);
      const ext = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';
      expect(await names(`${ext}:platformStatus eq "ACTIVE"`)).toEqual(['active@example.com']);
      expect(await names('platformStatus eq "parked"')).toEqual(['parked@example.com']);
      expect(await names('platformStatus sw "IN" or platformStatus ew "ked"')).toEqual([
        'inactive@example.com',
        'parked@example.com',
      ]);
      expect(await names('platformStatus pr')).toEqual([
        'active@example.com',
        'inactive@example.com',
        'parked@example.com',
      ]);
      expect(await names('platformStatus eq null')).toEqual(['unlinked@example.com']);
      expect(await names('platformStatus ne "active" and userName sw "u"')).toEqual(['unlinked@example.com']);
      expect(await names(`${ext}:blockedReasons pr and ${ext}:lastSyncedAt le "${clock.iso()}"`)).toEqual([
        'inactive@example.com',
      ]);

      // No index orders users by these (platformStatus comes from two tables), and the in-memory sort cannot see
      // them: refused by name, never a page in id order.
      for (const sortBy of ['platformStatus', `${ext}:lastSyncedAt`, 'blockedReasons']) {
        const listing = store.listUsers({ sortBy, startIndex: 1, count: 10 });
        await expect(listing).rejects.toMatchObject({ status: 400, scimType: 'invalidValue' });
        await expect(listing).rejects.toThrow(`sortBy=${sortBy} is not supported`);
      }
    });
  });
}
