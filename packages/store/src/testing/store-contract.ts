/**
 * The store's contract suite: every behaviour the SCIM service and the sync worker rely on. The SCIM part holds
 * any implementation of the `ScimStore` port (the databases, and the SCIM module's in-memory store that its
 * service tests run on); the whole suite runs against each database by its own test file with a factory for it.
 */
import { ResourceNotFound } from '../errors.ts';
import type { Store } from '../types.ts';
import { adminUsersContract } from './contract/admin-users.ts';
import { dirtyMarksContract } from './contract/dirty-marks.ts';
import { filterEquivalenceContract } from './contract/filter-equivalence.ts';
import { groupsContract } from './contract/groups.ts';
import { journalContract } from './contract/journal.ts';
import { listingContract } from './contract/listing.ts';
import { reconcileContract } from './contract/reconcile.ts';
import { syncQueueContract } from './contract/sync-queue.ts';
import { syncRecordContract } from './contract/sync-record.ts';
import { syncStateContract } from './contract/sync-state.ts';
import { userGroupsContract } from './contract/user-groups.ts';
import { usersContract } from './contract/users.ts';
import {
  type ClosableScimStore,
  drainQueue,
  type ScimStoreFactory,
  type StoreFactory,
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
}
