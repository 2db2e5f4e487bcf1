/**
 * The store's public contract beyond the SCIM port: the sync-side API the sync worker, the admin routes and the
 * CLI use. Timestamps are ISO 8601 strings throughout, as in the SCIM port.
 */
import type { AuditOutcome, Trigger } from '@scim-connector/governance';
import type { JournalEntry, ScimStore, StoredUser } from '@scim-connector/scim';
import type { ReconcileStore } from './reconcile/reconcile-types.ts';

/** A dirty user handed to one worker until `leaseUntil`. */
export interface ClaimedUser {
  userId: string;
  /** Pass back to `completeDirty`: a mark newer than this survives the completion. */
  generation: number;
  /** Every trigger seen since the last completed push, oldest first. */
  triggers: Trigger[];
  /** Failed pushes so far in this pending period. */
  attempts: number;
  lastError?: string;
  queuedAt: string;
  leaseUntil: string;
}

export interface ClaimOptions {
  limit: number;
  workerId: string;
  leaseMs: number;
}

export interface DeferOptions {
  /** Not claimable before this time. */
  until: string;
  error: string;
  attempts: number;
}

export interface ParkedUser {
  userId: string;
  /** From the directory, or from the tombstone of a deleted user. */
  userName?: string;
  parkedAt: string;
  attempts: number;
  lastError?: string;
  triggers: Trigger[];
}

export interface QueueStats {
  /** Users waiting for a push (claimable now, deferred or leased), parked ones excluded. */
  depth: number;
  parked: number;
  /** Leased to a worker right now. */
  inFlight: number;
  /** Waiting for a retry time after a failure. */
  deferred: number;
  /** When the longest-waiting pending user was first marked; absent when nothing waits. */
  oldest?: string;
}

export interface DirectoryGroup {
  id: string;
  displayName: string;
  externalId?: string;
  /** `roles[].value` of the group's connector extension (`...:scim-connector:2.0:Group`). */
  roles: string[];
}

export interface DirectoryState {
  /** The user as stored; for a deleted user the last state before deletion; absent when never known. */
  user: StoredUser | undefined;
  deleted: boolean;
  /** Groups the user is a direct member of (none once deleted). */
  groups: DirectoryGroup[];
}

/** What the sync cycle reads before pushing a user: their directory state and their platform link, if any. */
export interface PushState {
  state: DirectoryState;
  link: PlatformLink | undefined;
}

/** A JSON document: what `JSON.stringify` writes and `JSON.parse` reads back. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What the sync engine remembers of a user's platform account. The store keeps `state` as a JSON document and
 * never reads it: its shape is the sync engine's (`@scim-connector/sync`, link-state.ts), which checks it when
 * it reads a link back.
 */
export interface PlatformLink {
  userId: string;
  state: JsonValue;
  lastSyncedAt: string;
  /** What the admin API lists and filters by, derived by the sync engine from `state`; absent: not known. */
  summary?: LinkSummary;
}

/** A link's state in the few words the admin API filters users by (columns, so the filters use indexes). */
export interface LinkSummary {
  /** As the SCIM connector extension shows it: ACTIVE, INACTIVE, PENDING, ABSENT, NOT_LINKED or UNKNOWN. */
  platformStatus: string;
  /** The reasons of the last decision when it was a block; null otherwise. */
  blockedReasons: string[] | null;
  /** When the last decision was made; null when there was none. */
  decidedAt: string | null;
}

export interface AuditEntry {
  userId: string;
  trigger: Trigger;
  outcome: AuditOutcome;
  reasons: string[];
  /** JSON-serialisable description of the platform changes made. */
  changes: unknown;
  /** JSON-serialisable explanation of the decision (which rules fired and why). */
  explanation: unknown;
  at: string;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
}

export interface AuditQuery {
  userId?: string;
  outcome?: AuditOutcome;
  trigger?: Trigger;
  /** Entries at or after this ISO 8601 time. */
  since?: string;
  /** Entries before this ISO 8601 time. */
  until?: string;
  beforeSeq?: number;
  limit: number;
}

/** What the admin user list can be filtered by; see docs/admin-api.md for the meaning of each status. */
export type AdminUserStatus = 'active' | 'inactive' | 'blocked' | 'parked' | 'drifted' | 'absent';

export interface AdminUserQuery {
  /** A prefix of the userName, of an e-mail address or of the display name; compared case-insensitively. */
  search?: string;
  status?: AdminUserStatus;
  /** Direct members of this group id. */
  groupId?: string;
  /**
   * A canonical role name: users whose platform account held it after the last push, or whose last decision
   * granted it (effective roles).
   */
  role?: string;
  /** Exclusive keyset position: the folded userName and id of the last user of the previous page. */
  after?: { userNameFolded: string; id: string };
  /**
   * Exclusive keyset position to page back from: the page is the `limit` users just before it, still in
   * ascending order. Not with `after`.
   */
  before?: { userNameFolded: string; id: string };
  limit: number;
}

export interface AdminUserItem {
  id: string;
  userName: string;
  displayName: string | null;
  /** `active` as the IdP sent it. */
  active: boolean;
  /** The link's platform status, PARKED when the user is parked, or ABSENT when the connector never synced it. */
  platformStatus: string;
  blockedReasons: string[];
  parkedError: string | null;
  lastDecisionAt: string | null;
  /** The keyset position of this user (for the next page's cursor). */
  position: { userNameFolded: string; id: string };
}

export interface AdminUserPage {
  items: AdminUserItem[];
  /** True when more users match after the last item (before the first, when paging back with `before`). */
  more: boolean;
}

/** When a role was last added to a user's platform account: the audit entry of that push. */
export interface RoleGrant {
  grantedAt: string;
  auditSeq: number;
}

/** How many users have each status that has an index of its own (docs/admin-api.md), for the console overview. */
export interface UserCounts {
  /** Live directory users (deleted ones are not counted). */
  total: number;
  /** Of those, the ones the IdP has `active`. */
  active: number;
}

export interface AdminStatusCounts {
  blocked: number;
  parked: number;
  /** Directory users with a current drift finding about their account. */
  drifted: number;
}

/** What `recordSync` writes in one commit when a user's push is done. */
export interface SyncRecord {
  link: PlatformLink;
  audit: AuditEntry;
  /** The claim this push served (a queued user); absent for a push made outside the queue. */
  completion?: { userId: string; generation: number };
}

export interface JournalRecord {
  seq: number;
  at: string;
  entry: JournalEntry;
}

export interface SyncStore {
  /**
   * Leases up to `limit` claimable dirty users to `workerId`, deactivations and deletions first, then the
   * longest-waiting (docs/architecture.md, "Offboarding first"); one user is never leased to two workers at once.
   */
  claimDirty(options: ClaimOptions): Promise<ClaimedUser[]>;
  /**
   * Extends the leases `workerId` still holds on these users to `leaseMs` from now; returns the ids it still held
   * (a completed user, or one whose lease ran out and was claimed elsewhere, is left alone).
   */
  renewLeases(userIds: readonly string[], options: { workerId: string; leaseMs: number }): Promise<string[]>;
  /** The push for `generation` succeeded: clears the mark unless a newer one arrived meanwhile. */
  completeDirty(userId: string, generation: number): Promise<{ cleared: boolean }>;
  /** `completeDirty` for several users in one commit (cheaper per user on PostgreSQL). */
  completeDirtyMany(
    completions: readonly { userId: string; generation: number }[],
  ): Promise<{ userId: string; cleared: boolean }[]>;
  /** The push failed transiently: releases the lease and retries no earlier than `until`. */
  deferDirty(userId: string, options: DeferOptions): Promise<void>;
  /** Gives up retrying until an admin or a rules reload asks again. */
  parkDirty(userId: string, options: { error: string; attempts?: number }): Promise<void>;
  listParked(options?: { limit?: number }): Promise<ParkedUser[]>;
  /** Which of these users are parked, with the error that parked each (a page the SCIM API shows). */
  parkedErrors(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Returns whether the user was parked. */
  unpark(userId: string): Promise<boolean>;
  /** Returns how many users were unparked. */
  unparkAll(): Promise<number>;
  /** Marks these users dirty (e.g. an admin's `resync`); ids the directory never knew are ignored. */
  markDirty(userIds: readonly string[], trigger: Trigger): Promise<void>;
  /** Marks every user in the directory dirty and unparks everyone (e.g. `rules.changed`); returns the count. */
  markAllDirty(trigger: Trigger): Promise<number>;
  queueStats(): Promise<QueueStats>;
  getDirectoryState(userId: string): Promise<DirectoryState>;
  /** `getDirectoryState` for a page of users (one statement per chunk); every id asked is a key. */
  getDirectoryStates(userIds: readonly string[]): Promise<Map<string, DirectoryState>>;
  getLink(userId: string): Promise<PlatformLink | undefined>;
  /** `getDirectoryState` and `getLink` of one user (one statement for a live user): read before every push. */
  getPushState(userId: string): Promise<PushState>;
  /**
   * `getPushState` of several users, in the order asked (the users of one claim, read together: one statement
   * on PostgreSQL). A live user's state and link come from one snapshot, as `getPushState` reads them.
   */
  getPushStates(userIds: readonly string[]): Promise<PushState[]>;
  /** The links of these users (a page the SCIM API shows), by user id; users without one are absent. */
  getLinks(userIds: readonly string[]): Promise<Map<string, PlatformLink>>;
  saveLink(link: PlatformLink): Promise<void>;
  /** `saveLink` for several links in one commit, all or none; a user given twice keeps the later link. */
  saveLinks(links: readonly PlatformLink[]): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<AuditRecord>;
  /** saveLink + appendAudit + completeDirty (when `completion` is given) in one commit. */
  recordSync(record: SyncRecord): Promise<{ audit: AuditRecord; cleared?: boolean }>;
  /**
   * `recordSync` for several pushes in one commit (results in the records' order): all are recorded or none.
   * The sync worker gathers the pushes that finish together (docs/architecture.md, "Group commit").
   */
  recordSyncMany(records: readonly SyncRecord[]): Promise<{ audit: AuditRecord; cleared?: boolean }[]>;
  /** Newest first; `beforeSeq` pages further back. Every filter given must match. */
  listAudit(options: AuditQuery): Promise<AuditRecord[]>;
  /** A page of directory users for the admin API, ordered by folded userName then id. */
  listAdminUsers(query: AdminUserQuery): Promise<AdminUserPage>;
  /** For these users, when each role on their platform account was granted (by user id, then role name). */
  roleGrants(userIds: readonly string[]): Promise<Map<string, Map<string, RoleGrant>>>;
  /** Users blocked, parked and drifted, each counted on its own index. */
  adminStatusCounts(): Promise<AdminStatusCounts>;
  /** Directory users and active ones, kept by the database as users change (migration 0011): no table scan. */
  userCounts(): Promise<UserCounts>;
  /** The id of the live user with this userName (compared case-insensitively), if any. */
  findUserIdByUserName(userName: string): Promise<string | undefined>;
  /** Journal entries in the order they were written, after `afterSeq` (exclusive), written at or after `since`. */
  readJournal(options: { afterSeq?: number; since?: string; limit: number }): Promise<JournalRecord[]>;
}

/** The version of the rules the processes on one database should run (migration 0010). */
export interface RulesVersion {
  /** 0 until the first reload is recorded; one more with every successful reload on any process. */
  version: number;
  updatedAt: string;
  /** Who recorded it (the reloading process's worker id). */
  updatedBy?: string;
}

/** Rules reload across replicas: a reload increments the version; every process polls it. */
export interface RulesVersionStore {
  rulesVersion(): Promise<RulesVersion>;
  /** Records a successful reload; returns the new version. */
  bumpRulesVersion(updatedBy: string): Promise<RulesVersion>;
}

export interface Store extends ScimStore, SyncStore, ReconcileStore, RulesVersionStore {
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to keep the tables in (created when missing). Default `public`. */
  schema?: string;
  /** The clock for timestamps, leases and retry times; tests inject one. Default: the system clock. */
  now?: () => Date;
  /**
   * Rows a list request may read into memory for a filter or sort the database cannot do (default 10,000); more
   * is a 400 tooMany. Tests lower it to reach the bound cheaply.
   */
  maxInMemoryRows?: number;
  /**
   * SQLite file only: checkpoint the WAL from a worker thread rather than inside commits on the caller's thread
   * (docs/architecture.md, "SQLite checkpoints off the event loop"). The server turns it on; `onError` hears a
   * checkpoint that fails (the connection's own backstop threshold still bounds the WAL).
   */
  sqliteBackgroundCheckpoints?: { onError: (error: Error) => void };
  /**
   * Fail at once when a store method is called from inside one of this store's transactions (a bug that hangs on
   * SQLite and misses the transaction's writes on PostgreSQL). Default true. The check needs an AsyncLocalStorage,
   * which on Node 20 puts a hook on every promise of the process; the server turns it off, and every test suite
   * that drives the store keeps it on (docs/architecture.md, "Catching store calls inside a transaction").
   */
  detectCallsInsideTransactions?: boolean;
}
