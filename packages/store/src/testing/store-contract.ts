/**
 * The store's contract suite: every behaviour the SCIM service and the sync worker rely on, run against each
 * database by its own test file with a factory for that database.
 */
import { dirtyMarksContract } from './contract/dirty-marks.ts';
import { filterEquivalenceContract } from './contract/filter-equivalence.ts';
import { groupsContract } from './contract/groups.ts';
import { listingContract } from './contract/listing.ts';
import { syncQueueContract } from './contract/sync-queue.ts';
import { syncRecordContract } from './contract/sync-record.ts';
import { syncStateContract } from './contract/sync-state.ts';
import { userGroupsContract } from './contract/user-groups.ts';
import { usersContract } from './contract/users.ts';
import type { StoreFactory } from './fixtures.ts';

export function storeContract(factory: StoreFactory): void {
  usersContract(factory);
  groupsContract(factory);
  userGroupsContract(factory);
  listingContract(factory);
  filterEquivalenceContract(factory);
  dirtyMarksContract(factory);
  syncQueueContract(factory);
  syncStateContract(factory);
  syncRecordContract(factory);
}
