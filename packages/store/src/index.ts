export type { DialectName } from './connection/dialect-name.ts';
export { ResourceNotFound } from './errors.ts';
export { openStore } from './open-store.ts';
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
