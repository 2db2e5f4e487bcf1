/** The reconciliation side of the store (migration 0006): runs, current findings, the one-runner lease. */
import type { JsonValue } from '../types.ts';

/** How a platform account differs from what the IdP and the rules grant, or that nobody manages it. */
export type DriftKind = 'unmanaged' | 'extra-role' | 'missing-role' | 'status' | 'profile' | 'user-type';

export const DRIFT_KINDS: readonly DriftKind[] = [
  'unmanaged',
  'extra-role',
  'missing-role',
  'status',
  'profile',
  'user-type',
];

export type ReconcileMode = 'report' | 'enforce';
/** Who asked for a run. */
export type ReconcileRequester = 'schedule' | 'admin' | 'cli';
export type ReconcileRunState = 'running' | 'finished' | 'failed';

export interface ReconcileRun {
  id: string;
  mode: ReconcileMode;
  requestedBy: ReconcileRequester;
  state: ReconcileRunState;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** The platform cursor after the last page whose findings are saved: where a resumed run continues. */
  cursor?: string;
  accountsRead: number;
  /** The last finished run's count: the expected total while this one is running. */
  accountsExpected?: number;
  /** Accounts per kind of drift; written when the run finishes. */
  counts?: Record<DriftKind, number>;
  /** Pages that failed for good (the run goes on past transient failures, which are retried). */
  errors: number;
  lastError?: string;
}

export interface NewDriftFinding {
  platformUsername: string;
  platformUserId: string;
  /** The directory user the account belongs to; absent for an unmanaged account. */
  userId?: string;
  kinds: readonly DriftKind[];
  /**
   * What differs, as the reconciler describes it (role names, statuses, profile field names). The store keeps
   * `userType` also in the `user_type_expected` / `user_type_actual` columns (migration 0013).
   */
  differences: DriftDifferences;
}

/**
 * For kind `user-type`: the decided type and the account's, as `ADMIN`, `RETAILER:199`, `LOCATION:134`
 * (platform's formatUserType); `actual` is null when the account has a type the connector does not decide.
 */
export type DriftUserType = { expected: string; actual: string | null };

/** A finding's differences: free-form JSON, save `userType`, which the store reads (null or absent: none). */
export type DriftDifferences = { [key: string]: JsonValue | undefined; userType?: DriftUserType | null };

export interface DriftFinding extends NewDriftFinding {
  kinds: DriftKind[];
  /** `differences.userType` as saved, read back from its columns; absent when none, as before migration 0013. */
  userType?: DriftUserType;
  runId: string;
  /** When this account was first found drifted, in this spell of drift. */
  detectedAt: string;
  /** The last run that saw it so. */
  seenAt: string;
}

/** One page of a run, saved in one commit with the run's cursor and progress. */
export interface ReconcilePage {
  runId: string;
  /** The cursor to continue from; undefined when this was the last page. */
  cursor: string | undefined;
  accountsRead: number;
  findings: readonly NewDriftFinding[];
  /** Usernames on this page found in line: their earlier findings are cleared. */
  inLine: readonly string[];
}

export interface ReconcileStore {
  /** Takes or extends the lease for `leaseMs` if it is free, expired or already `owner`'s; true when held. */
  acquireReconcileLease(owner: string, leaseMs: number): Promise<boolean>;
  releaseReconcileLease(owner: string): Promise<void>;
  startReconcileRun(run: {
    id: string;
    mode: ReconcileMode;
    requestedBy: ReconcileRequester;
  }): Promise<ReconcileRun>;
  /** The run left `running` by a process that died; at most one, as only the lease holder starts runs. */
  unfinishedReconcileRun(): Promise<ReconcileRun | undefined>;
  saveReconcilePage(page: ReconcilePage): Promise<void>;
  noteReconcileError(runId: string, error: string): Promise<void>;
  /** Ends a run. A finished run clears the findings no page of it confirmed, and counts what remains. */
  finishReconcileRun(
    runId: string,
    outcome: { state: 'finished' | 'failed'; error?: string },
  ): Promise<ReconcileRun>;
  getReconcileRun(id: string): Promise<ReconcileRun | undefined>;
  /** Newest first; `before` is the id of the last run of the previous page. */
  listReconcileRuns(options: { limit: number; before?: string }): Promise<ReconcileRun[]>;
  /** By platform username; `after` is the last username of the previous page. */
  listDriftFindings(options: { limit: number; after?: string; kind?: DriftKind }): Promise<DriftFinding[]>;
  driftFindingOfUser(userId: string): Promise<DriftFinding | undefined>;
  /** When each of these users' accounts was first found drifted (users in line are absent): the SCIM extension. */
  driftDetectedAtOfUsers(userIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * The directory users these platform usernames belong to, by username: a live user whose userName folds to it,
   * else a deleted user with exactly that userName. Names with no directory user are absent.
   */
  directoryUsersByUserName(userNames: readonly string[]): Promise<Map<string, string>>;
  /** Current findings per kind. */
  driftCounts(): Promise<Record<DriftKind, number>>;
}
