/**
 * The one database interface type both dialects share. Columns use portable types only: text for ids, ISO 8601
 * timestamps and JSON documents, integer for versions, counters and flags (0/1), so a row reads the same from
 * better-sqlite3 and from pg.
 */
import type { Outcome, Trigger } from '@scim-connector/governance';
import type { Generated, Selectable } from 'kysely';

export interface UsersTable {
  id: string;
  user_name: string;
  /** NFC-normalised, lower-cased userName: the case-insensitive uniqueness key. */
  user_name_folded: string;
  external_id: string | null;
  active: number;
  /** JSON text of the canonical resource. */
  resource: string;
  version: number;
  created: string;
  last_modified: string;
}

/** One row per `emails[]` element, so filters on email values use an index on both databases. */
export interface UserEmailsTable {
  user_id: string;
  position: number;
  value_folded: string | null;
  type_folded: string | null;
  /** 1 or 0 when the element says `primary: true|false`, null when it does not say. */
  is_primary: number | null;
}

/** The last state of a deleted user, so the sync cycle can still deactivate them by id and userName. */
export interface DeletedUsersTable {
  id: string;
  user_name: string;
  external_id: string | null;
  active: number;
  resource: string;
  version: number;
  created: string;
  last_modified: string;
  deleted_at: string;
}

export interface GroupsTable {
  id: string;
  display_name: string;
  display_name_folded: string;
  external_id: string | null;
  resource: string;
  version: number;
  created: string;
  last_modified: string;
}

export interface MembershipsTable {
  group_id: string;
  member_id: string;
  member_type: string;
  display: string | null;
  /** Keeps members in the order the client first sent them. */
  position: number;
}

/**
 * The dirty-user queue. A row per user ever marked: `generation` counts marks, `synced_generation` is the newest
 * mark a push completed, and the user is pending while the first is ahead of the second. Rows are never deleted,
 * so generations only grow and a stale completion can never clear a newer mark.
 */
export interface SyncQueueTable {
  user_id: string;
  generation: number;
  synced_generation: number;
  pending: number;
  /** When the current pending period began (the first mark not yet synced). */
  queued_at: string;
  last_marked_at: string;
  attempts: number;
  not_before: string | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  parked: number;
  parked_at: string | null;
}

/** The triggers seen per user, each with the generation of its latest mark. Only the store writes them. */
export interface SyncTriggersTable {
  user_id: string;
  trigger: Trigger;
  generation: number;
}

export interface PlatformLinksTable {
  user_id: string;
  /** JSON text of the link's state, the sync engine's document (see PlatformLink). */
  state: string;
  last_synced_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  user_id: string;
  trigger: Trigger;
  outcome: Outcome;
  reasons: string;
  changes: string;
  explanation: string;
  at: string;
}

export interface JournalTable {
  seq: Generated<number>;
  at: string;
  method: string;
  path: string;
  body: string | null;
  resource_id: string | null;
}

export interface Database {
  users: UsersTable;
  user_emails: UserEmailsTable;
  deleted_users: DeletedUsersTable;
  groups: GroupsTable;
  memberships: MembershipsTable;
  sync_queue: SyncQueueTable;
  sync_triggers: SyncTriggersTable;
  platform_links: PlatformLinksTable;
  audit_log: AuditLogTable;
  journal: JournalTable;
}

export type UserRow = Selectable<UsersTable>;
export type GroupRow = Selectable<GroupsTable>;
export type DeletedUserRow = Selectable<DeletedUsersTable>;
export type SyncQueueRow = Selectable<SyncQueueTable>;
