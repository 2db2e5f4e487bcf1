export type { DialectName } from './connection/dialect-name.ts';
export { ResourceNotFound } from './errors.ts';
export { openStore } from './open-store.ts';
export {
  DRIFT_KINDS,
  type DriftFinding,
  type DriftKind,
  type NewDriftFinding,
  type ReconcileMode,
  type ReconcilePage,
  type ReconcileRequester,
  type ReconcileRun,
  type ReconcileRunState,
  type ReconcileStore,
} from './reconcile/reconcile-types.ts';
export type {
  AdminUserItem,
  AdminUserPage,
  AdminUserQuery,
  AdminUserStatus,
  AuditEntry,
  AuditQuery,
  AuditRecord,
  ClaimedUser,
  ClaimOptions,
  DeferOptions,
  DirectoryGroup,
  DirectoryState,
  JournalRecord,
  JsonValue,
  LinkSummary,
  OpenStoreOptions,
  ParkedUser,
  PlatformLink,
  QueueStats,
  Store,
  SyncRecord,
  SyncStore,
} from './types.ts';
