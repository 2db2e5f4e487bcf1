/**
 * The one database interface type both dialects share. Columns use portable types only: text for ids, ISO 8601
 * timestamps and JSON documents, integer for versions, counters and flags (0/1), so a row reads the same from
 * better-sqlite3 and from pg.
 */
import type { AuditOutcome, Trigger } from '@scim-connector/governance';
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
  /** NFC-normalised, lower-cased displayName (null without one): the admin search's display-name key (0007). */
  display_name_folded: string | null;
  /** Folded title, name parts and enterprise attributes (null when absent): filter and sort columns (0008). */
  title_folded: string | null;
  given_name_folded: string | null;
  family_name_folded: string | null;
  employee_number_folded: string | null;
  department_folded: string | null;
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
  /**
   * While a deactivation or deletion waits to be pushed (migration 0014): the generation of the newest such mark,
   * and when the offboarding began waiting, the order in which offboardings are claimed first. Both null otherwise.
   */
  offboarding_generation: number | null;
  offboarding_since: string | null;
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
  /** The link's summary (PlatformLink.summary), in columns the admin API filters by (0007); null when unknown. */
  platform_status: string | null;
  /** JSON array of the reasons of a blocked last decision; null when the last decision was not a block. */
  blocked_reasons: string | null;
  decided_at: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  user_id: string;
  trigger: Trigger;
  outcome: AuditOutcome;
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

/** A reconciliation run (migration 0006). `state`: running | finished | failed. */
export interface ReconcileRunsTable {
  id: string;
  mode: string;
  requested_by: string;
  state: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  /** The platform's cursor after the last page whose findings are saved; null before the first page. */
  cursor: string | null;
  accounts_read: number;
  /** The previous finished run's count, as the expected total for progress. */
  accounts_expected: number | null;
  /** JSON counts by kind, written when the run finishes. */
  counts: string | null;
  errors: number;
  last_error: string | null;
}

/** The current drift of one platform account; flags are 0/1. */
export interface DriftFindingsTable {
  platform_username: string;
  platform_user_id: string;
  user_id: string | null;
  run_id: string;
  detected_at: string;
  seen_at: string;
  unmanaged: number;
  extra_roles: number;
  missing_roles: number;
  status: number;
  profile: number;
  /** The account's user type is not the decided one (0013); `user_type_*` as formatUserType writes them. */
  user_type: number;
  user_type_expected: string | null;
  /** NULL when the account has a type the connector does not decide (Fluent's API), or none. */
  user_type_actual: string | null;
  /** JSON text of the differences (role names, statuses, profile field names; never profile values). */
  differences: string;
}

/**
 * A role a user holds (0009): on the platform account as of the last push, or in the effective roles of the last
 * decision; flags are 0/1. Written by a trigger on platform_links, never by the store's code.
 */
export interface UserRolesTable {
  user_id: string;
  role: string;
  on_platform: number;
  granted: number;
}

/** The audit entry that last added a role to a user's platform account (0009); kept by a trigger on audit_log. */
export interface RoleGrantsTable {
  user_id: string;
  role: string;
  granted_at: string;
  audit_seq: number;
}

/** Migration 0010: one row, the version of the rules the processes should run. */
export interface RulesVersionTable {
  name: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface ReconcileLeaseTable {
  name: string;
  owner: string;
  lease_until: string;
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
  reconcile_runs: ReconcileRunsTable;
  drift_findings: DriftFindingsTable;
  reconcile_lease: ReconcileLeaseTable;
  user_roles: UserRolesTable;
  role_grants: RoleGrantsTable;
  rules_version: RulesVersionTable;
}

export type UserRow = Selectable<UsersTable>;
export type GroupRow = Selectable<GroupsTable>;
export type DeletedUserRow = Selectable<DeletedUsersTable>;
export type SyncQueueRow = Selectable<SyncQueueTable>;
