/**
 * The sync engine's public shapes: what it is built from, what one cycle reports, and the events it emits for
 * metrics and logging. Plain data throughout, so the server, the CLI and the tests read them alike.
 */
import type { Decision, Outcome, RuleSet, Trigger } from '@scim-connector/governance';
import type { PlatformCatalog, PlatformClient, PlatformParts, PlatformUser } from '@scim-connector/platform';
import type { Store } from '@scim-connector/store';
import type { UserInspection } from './inspect-user.ts';
import type { AccountJudgement } from './sync-user.ts';
import type { UserAccess } from './user-access.ts';

export interface RetryPolicy {
  /** First retry delay; doubles per failed attempt. */
  baseMs: number;
  /** Ceiling of the backoff (a longer Retry-After from the platform still wins). */
  maxMs: number;
  /** Failed pushes after which a user is parked until an admin or a rules reload asks again. */
  maxAttempts: number;
}

/** The catalog the engine decides with; `invalidate` (createCachedCatalog has it) is called on unknown roles. */
export type SyncCatalog = PlatformCatalog & { invalidate?(): void };

export interface SyncEngineOptions {
  store: Store;
  /**
   * What the platform plugin created: the client (every call timed for metrics, catalogue calls included), the
   * profile mapping (a throw is the user's data problem: the user is parked) and the role-mapping setting.
   */
  platform: PlatformParts;
  /** The catalogue to decide with. Default: the client's roles and contexts, cached for `catalogTtlMs`. */
  catalog?: SyncCatalog;
  /** How long the default catalogue trusts what it read; an unknown role refreshes it early. Default 60 s. */
  catalogTtlMs?: number;
  /** The current rules; read once per user, so a reload takes effect for the next user processed. */
  rules: () => RuleSet;
  /** Names this worker's leases; give every process its own. */
  workerId: string;
  /** Users claimed per claim. Default 50. */
  batchSize?: number;
  /** Users processed at once. Default: batchSize. */
  concurrency?: number;
  /** How long a claimed user stays leased to this worker. Default 60 s. */
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long the platform's role-mapping setting is cached (roleMappingsSource `platform-setting`). Default 60 s. */
  settingTtlMs?: number;
  now?: () => Date;
  /** 0..1, for the backoff jitter; injectable so tests repeat. Default Math.random. */
  random?: () => number;
  onEvent?: (event: SyncEvent) => void;
}

export interface SyncSummary {
  claimed: number;
  created: number;
  updated: number;
  deactivated: number;
  blocked: number;
  unchanged: number;
  /** Transient failures put back with a retry time. */
  deferred: number;
  parked: number;
  /** Claimed users with nothing to decide (never known to the directory). */
  skipped: number;
}

/** What happened to one user. */
export type UserSyncResult =
  | { status: 'synced'; userId: string; userName: string; trigger: Trigger; decision: Decision }
  | { status: 'skipped'; userId: string; reason: 'unknown-user' }
  | { status: 'deferred'; userId: string; error: string; attempts: number; retryAt: string }
  | { status: 'parked'; userId: string; error: string; attempts: number }
  /** Only from `syncUser`, which works outside the queue: the error, not retried. */
  | { status: 'failed'; userId: string; error: string; transient: boolean };

export type SyncEvent =
  | {
      type: 'decision';
      userId: string;
      userName: string;
      trigger: Trigger;
      outcome: Outcome;
      reasons: string[];
      /**
       * The whole decision (changes, explanation) as governance made it, before it is acted on. Its explanation's
       * facts carry the user's SCIM attributes (profile data): loggers should pick fields, not log it whole.
       */
      decision: Decision;
    }
  | { type: 'push-ok'; userId: string; outcome: Outcome; changed: boolean; durationMs: number }
  | { type: 'push-failed'; userId: string; error: string; transient: boolean; durationMs: number }
  | { type: 'retry'; userId: string; attempts: number; delayMs: number; error: string }
  | { type: 'parked'; userId: string; attempts: number; error: string }
  | { type: 'platform-call'; operation: string; durationMs: number; ok: boolean }
  | { type: 'catalog-invalidated'; reason: string }
  /**
   * A user this worker is still pushing is no longer leased to it (its lease ran out before a renewal, and another
   * worker may have claimed it): the push in flight finishes, and the queue's generations keep the result right.
   */
  | { type: 'lease-lost'; userId: string }
  /** The user's stored link is not a link state; the user is synced as one the connector never linked. */
  | { type: 'link-unreadable'; userId: string; problem: string }
  /** The account read before a push differs from what the connector last pushed there (changed by hand). */
  | { type: 'drift-seen'; userId: string; userName: string; kinds: string[] }
  /** The worker loop itself failed (e.g. the database is unreachable); it retries after its interval. */
  | { type: 'worker-error'; error: string };

export interface SyncEngine {
  /** Claims one batch and processes it; every user independently. */
  runOnce(): Promise<SyncSummary>;
  /** Processes until nothing is claimable (deferred users wait for their retry time and are not waited for). */
  drain(): Promise<SyncSummary>;
  /** Runs the worker loop in the background: claims as slots free up, sleeps `intervalMs` when idle. */
  start(options?: { intervalMs?: number }): void;
  /** Stops the loop and waits for the users in flight. */
  stop(): Promise<void>;
  /** Wakes an idle loop now (call after each SCIM write). */
  wake(): void;
  /**
   * Renews the leases of the users in flight now. The running loop does this every third of a lease on its own;
   * this is the same round, for a caller that must not depend on a timer firing in time.
   */
  renewLeases(): Promise<void>;
  /** Decides and pushes one user now, outside the queue (tests, admin); the dirty mark is left as it is. */
  syncUser(userId: string, options?: { trigger?: Trigger }): Promise<UserSyncResult>;
  /** Reconciliation's verdict on one platform account of a directory user (sync-user.ts); pushes nothing. */
  judgeAccount(userId: string, account: PlatformUser): Promise<AccountJudgement>;
  /** The platform client with every call timed, for callers that read the platform alongside the engine. */
  readonly platform: PlatformClient;
  /** The admin view of one user (inspect-user.ts); undefined when the directory never knew the id. */
  inspectUser(userId: string): Promise<UserInspection | undefined>;
  /** The user's effective roles with their sources, for an access review (user-access.ts); no platform call. */
  userAccess(userId: string): Promise<UserAccess | undefined>;
  /** `userAccess` for a page of users in two reads; ids the directory does not know are left out. */
  usersAccess(userIds: readonly string[]): Promise<UserAccess[]>;
}
