/**
 * The SCIM persistence port (`ScimStore` from @scim-connector/scim) over one Kysely executor: a reader over the
 * pool or connection, and a transaction object whose every call runs inside the same database transaction.
 */
import {
  createUserInTransaction,
  type ScimReader,
  type ScimStore,
  type ScimTransaction,
} from '@scim-connector/scim';
import type { Kysely } from 'kysely';
import { SharedCommit } from './connection/shared-commit.ts';
import type { StoreContext } from './context.ts';
import {
  changeMembers,
  deleteGroup,
  existingGroupIds,
  getGroup,
  getGroupForUpdate,
  insertGroup,
  updateGroup,
} from './directory/groups.ts';
import { appendJournal } from './directory/journal.ts';
import { membersAmong } from './directory/memberships.ts';
import { groupsOfUsers } from './directory/user-groups.ts';
import {
  createUserWithJournal,
  deleteUser,
  existingUserIds,
  getUser,
  insertUser,
  updateUser,
} from './directory/users.ts';
import { retryOnDeadlock } from './errors.ts';
import { listGroups, listUsers } from './listing/list-resources.ts';
import type { Database } from './schema/database.ts';
import type { TransactionScope } from './transaction-scope.ts';

export function createReader(db: Kysely<Database>, ctx: StoreContext): ScimReader {
  return {
    getUser: (id) => getUser(db, ctx, id),
    getGroup: (id, options) => getGroup(db, id, options),
    listUsers: (query) => listUsers(db, ctx, query),
    listGroups: (query) => listGroups(db, ctx, query),
    existingUserIds: (ids) => existingUserIds(db, ids),
    existingGroupIds: (ids) => existingGroupIds(db, ids),
    groupsOfUsers: (userIds) => groupsOfUsers(db, ctx, userIds),
  };
}

function createTransaction(trx: Kysely<Database>, ctx: StoreContext): ScimTransaction {
  return {
    ...createReader(trx, ctx),
    getGroupForUpdate: (id, options) => getGroupForUpdate(trx, ctx, id, options),
    membersAmong: (groupId, ids) => membersAmong(trx, groupId, ids),
    changeMembers: (id, change, options) => changeMembers(trx, ctx, id, change, options),
    insertUser: (user) => insertUser(trx, ctx, user),
    updateUser: (id, user, options) => updateUser(trx, ctx, id, user, options),
    deleteUser: (id) => deleteUser(trx, ctx, id),
    insertGroup: (group) => insertGroup(trx, ctx, group),
    updateGroup: (id, group, options) => updateGroup(trx, ctx, id, group, options),
    deleteGroup: (id) => deleteGroup(trx, ctx, id),
    appendJournal: (entry) => appendJournal(trx, ctx, entry),
  };
}

export function createScimStore(db: Kysely<Database>, ctx: StoreContext, scope: TransactionScope): ScimStore {
  // SQLite: the writes of one turn share a commit (connection/shared-commit.ts). PostgreSQL: one transaction each.
  const shared = ctx.dialect === 'sqlite' ? new SharedCommit(db) : undefined;
  const transaction: ScimStore['transaction'] = (work) => {
    if (shared) return shared.run((trx) => scope.run(() => work(createTransaction(trx, ctx))));
    return retryOnDeadlock(() =>
      db.transaction().execute((trx) => scope.run(() => work(createTransaction(trx, ctx)))),
    );
  };
  return {
    ...createReader(db, ctx),
    transaction,
    createUser(user, journal) {
      // PostgreSQL: one statement, no transaction. SQLite: a write of the shared commit, like any other.
      if (!shared) return retryOnDeadlock(() => createUserWithJournal(db, ctx, user, journal));
      return createUserInTransaction({ transaction }, user, journal);
    },
  };
}
