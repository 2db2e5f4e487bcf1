/**
 * What the SCIM service needs from persistence. The `store` package implements it on SQLite and PostgreSQL; the
 * SCIM core never sees SQL. Every write made through one `ScimTransaction` commits together with its journal entry
 * and the dirty marks the store derives from it (docs/architecture.md §3, §4), or not at all.
 */
import type { Filter } from '../filter/ast.ts';

export type ResourceType = 'User' | 'Group';

/** A SCIM resource as JSON, attribute names in their canonical (schema) case, without `meta`. */
export type ResourceJson = Record<string, unknown>;

export interface ResourceMeta {
  /** ISO 8601 timestamps. */
  created: string;
  lastModified: string;
  /** Increases by one on every successful write; the SCIM `meta.version` ETag is derived from it. */
  version: number;
}

export interface StoredUser extends ResourceMeta {
  id: string;
  userName: string;
  externalId?: string;
  active: boolean;
  /** The whole canonical resource except `meta` and the connector's read-only extension. */
  resource: ResourceJson;
}

export interface MemberRef {
  /** The member's resource id. */
  value: string;
  type: ResourceType;
  display?: string;
}

/**
 * A group a user belongs to, for the user's read-only `groups` attribute (RFC 7643 section 4.1.2). The store
 * reports direct memberships only (`type: 'direct'`, `display` = the group's displayName): governance grants
 * roles through direct membership only, so listing nested groups would show groups the user gets nothing from.
 */
export interface UserGroupRef {
  /** The group's id. */
  value: string;
  display?: string;
  type?: 'direct' | 'indirect';
}

export interface StoredGroup extends ResourceMeta {
  id: string;
  displayName: string;
  externalId?: string;
  /** The canonical resource except `meta` and `members` (members live in their own table). */
  resource: ResourceJson;
  /** Absent when the caller asked not to load members. */
  members?: MemberRef[];
}

export interface ListQuery {
  filter?: Filter;
  /** An attribute path as in `sortBy`, e.g. `userName` or `name.familyName`. */
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  /** 1-based, as in SCIM. */
  startIndex: number;
  count: number;
}

export interface ListResult<T> {
  totalResults: number;
  items: T[];
}

/** One line of the sync-event log (docs/rules.md, Sync-event logs). */
export interface JournalEntry {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to `/scim/v2`, e.g. `/Users/2819c223`. */
  path: string;
  body?: unknown;
  /** On a POST, the id the server assigned. */
  id?: string;
}

export interface NewUser {
  id: string;
  userName: string;
  externalId?: string;
  active: boolean;
  resource: ResourceJson;
}

export interface NewGroup {
  id: string;
  displayName: string;
  externalId?: string;
  resource: ResourceJson;
  members: MemberRef[];
}

/**
 * A change to a group's member list by difference, so its cost follows the size of the change rather than the
 * size of the group (a batch of 100 added to a 50,000-member group).
 */
export interface MembershipChange {
  /** New members, appended after the current ones in this order. Ids already in the group are left alone. */
  add: MemberRef[];
  /** Ids of members to remove; ids that are not members are ignored. */
  remove: string[];
  /** Current members whose `type` or `display` changes. */
  update: MemberRef[];
}

/** Thrown by insert/update when a uniqueness constraint (userName, case-insensitive) would break. */
export class UniquenessConflict extends Error {
  constructor(
    readonly attribute: string,
    readonly value: string,
  ) {
    super(`${attribute} "${value}" is already taken`);
    this.name = 'UniquenessConflict';
  }
}

/** Thrown when an `expectedVersion` no longer matches (ETag `If-Match`). */
export class VersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`resource was modified (now at version ${currentVersion})`);
    this.name = 'VersionConflict';
  }
}

export interface ScimReader {
  getUser(id: string): Promise<StoredUser | undefined>;
  getGroup(id: string, options?: { members?: boolean }): Promise<StoredGroup | undefined>;
  listUsers(query: ListQuery): Promise<ListResult<StoredUser>>;
  listGroups(query: ListQuery & { members?: boolean }): Promise<ListResult<StoredGroup>>;
  /** Which of these ids are existing users (for member validation). */
  existingUserIds(ids: readonly string[]): Promise<Set<string>>;
  /** Which of these ids are existing groups (nested group members). */
  existingGroupIds(ids: readonly string[]): Promise<Set<string>>;
  /**
   * The groups whose members include each of these users directly (as a `User` member), for the users'
   * `groups` attribute: `type: 'direct'`, `display` = the group's displayName, ordered by displayName compared
   * case-insensitively, then id. Every id asked for is a key of the result; a user in no group (or an id that
   * names no user) maps to `[]`. Meant for a whole page of users at once: the store answers it with one
   * indexed query per few hundred ids, never one per user.
   */
  groupsOfUsers(userIds: readonly string[]): Promise<Map<string, UserGroupRef[]>>;
}

export interface ScimTransaction extends ScimReader {
  /**
   * Locks the group for the rest of the transaction, so concurrent membership changes serialise per group
   * (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite transactions are serial already). Returns it with members
   * unless `members: false`.
   */
  getGroupForUpdate(id: string, options?: { members?: boolean }): Promise<StoredGroup | undefined>;
  /**
   * The group's members whose id equals one of `ids` compared case-insensitively (as SCIM compares member
   * values), in member order, without reading the rest of the list.
   */
  membersAmong(groupId: string, ids: readonly string[]): Promise<MemberRef[]>;
  /**
   * Applies `change` to the member list (writes proportional to the change), bumps the version and
   * lastModified, and marks every user who joined or left dirty (`membership.changed`). Returns the group
   * without members. `expectedVersion` set -> VersionConflict when it does not match.
   */
  changeMembers(
    id: string,
    change: MembershipChange,
    options?: { expectedVersion?: number },
  ): Promise<StoredGroup>;
  /** Also marks the user dirty (`user.created`). */
  insertUser(user: NewUser): Promise<StoredUser>;
  /**
   * Replaces the resource. Marks the user dirty (`user.deactivated` when active went true -> false,
   * `user.updated` otherwise). `expectedVersion` set -> VersionConflict when it does not match.
   */
  updateUser(
    id: string,
    user: Omit<NewUser, 'id'>,
    options?: { expectedVersion?: number },
  ): Promise<StoredUser>;
  /** Deletes the user and their memberships; marks them dirty (`user.deleted`). Returns false when absent. */
  deleteUser(id: string): Promise<boolean>;
  /** Marks every user member dirty (`membership.changed`). */
  insertGroup(group: NewGroup): Promise<StoredGroup>;
  /**
   * Replaces the group and its member list. Marks dirty every user who joined or left (`membership.changed`) and,
   * when the group's name, externalId or roles changed, every member (`group.changed`).
   */
  updateGroup(
    id: string,
    group: Omit<NewGroup, 'id'>,
    options?: { expectedVersion?: number },
  ): Promise<StoredGroup>;
  /** Deletes the group; marks every former member dirty (`group.deleted`). Returns false when absent. */
  deleteGroup(id: string): Promise<boolean>;
  appendJournal(entry: JournalEntry): Promise<void>;
}

export interface ScimStore extends ScimReader {
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws (and rethrows). */
  transaction<T>(work: (tx: ScimTransaction) => Promise<T>): Promise<T>;
  /**
   * A SCIM create: `insertUser(user)` and `appendJournal(journal)` as one atomic write, exactly what a transaction
   * of the two does (a UniquenessConflict stores neither). Its own method because it is the write an initial load
   * makes for every user, and a store can do it without a transaction's round trips.
   */
  createUser(user: NewUser, journal: JournalEntry): Promise<StoredUser>;
}

/** `createUser` as a transaction of its two writes: what a store without a cheaper way does. */
export function createUserInTransaction(
  store: Pick<ScimStore, 'transaction'>,
  user: NewUser,
  journal: JournalEntry,
): Promise<StoredUser> {
  return store.transaction(async (tx) => {
    const created = await tx.insertUser(user);
    await tx.appendJournal(journal);
    return created;
  });
}
