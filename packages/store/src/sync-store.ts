/** The sync-side API (`SyncStore`) over one Kysely executor. */
import type { Kysely } from 'kysely';
import { findUserIdByUserName, listAdminUsers } from './admin/list-users.ts';
import { userCounts } from './admin/user-counts.ts';
import { adminStatusCounts, roleGrants } from './admin/user-roles.ts';
import type { StoreContext } from './context.ts';
import { readJournal } from './directory/journal.ts';
import { markAllDirty, markDirty } from './queue/bulk-marks.ts';
import { claimDirty, completeDirty, completeDirtyMany, deferDirty, renewLeases } from './queue/claims.ts';
import { listParked, parkDirty, parkedErrors, unpark, unparkAll } from './queue/parking.ts';
import { queueStats } from './queue/queue-stats.ts';
import type { Database } from './schema/database.ts';
import { appendAudit, listAudit } from './sync/audit.ts';
import {
  getDirectoryState,
  getDirectoryStates,
  getPushState,
  getPushStates,
} from './sync/directory-state.ts';
import { getLink, getLinks, saveLink, saveLinks } from './sync/platform-links.ts';
import { createRecordSync, createRecordSyncMany } from './sync/record-sync.ts';
import type { SyncStore } from './types.ts';

export function createSyncStore(db: Kysely<Database>, ctx: StoreContext): SyncStore {
  return {
    claimDirty: (options) => claimDirty(db, ctx, options),
    renewLeases: (userIds, options) => renewLeases(db, ctx, userIds, options),
    completeDirty: (userId, generation) => completeDirty(db, { userId, generation }),
    completeDirtyMany: (completions) => completeDirtyMany(db, completions),
    deferDirty: (userId, options) => deferDirty(db, userId, options),
    parkDirty: (userId, options) => parkDirty(db, ctx, userId, options),
    listParked: (options) => listParked(db, ctx, options),
    parkedErrors: (userIds) => parkedErrors(db, userIds),
    unpark: (userId) => unpark(db, userId),
    unparkAll: () => unparkAll(db),
    markDirty: (userIds, trigger) => markDirty(db, ctx, userIds, trigger),
    markAllDirty: (trigger) => markAllDirty(db, ctx, trigger),
    queueStats: () => queueStats(db, ctx),
    getDirectoryState: (userId) => getDirectoryState(db, ctx, userId),
    getDirectoryStates: (userIds) => getDirectoryStates(db, ctx, userIds),
    getLink: (userId) => getLink(db, ctx, userId),
    getPushState: (userId) => getPushState(db, ctx, userId),
    getPushStates: (userIds) => getPushStates(db, ctx, userIds),
    getLinks: (userIds) => getLinks(db, ctx, userIds),
    saveLink: (link) => saveLink(db, link),
    saveLinks: (links) => saveLinks(db, links),
    appendAudit: (entry) => appendAudit(db, entry),
    recordSync: createRecordSync(db, ctx.dialect),
    recordSyncMany: createRecordSyncMany(db, ctx.dialect),
    listAudit: (options) => listAudit(db, options),
    listAdminUsers: (query) => listAdminUsers(db, query),
    roleGrants: (userIds) => roleGrants(db, userIds),
    adminStatusCounts: () => adminStatusCounts(db),
    userCounts: () => userCounts(db),
    findUserIdByUserName: (userName) => findUserIdByUserName(db, userName),
    readJournal: (options) => readJournal(db, options),
  };
}
