export type { AccountState } from './apply-changes.ts';
export { type AuditedChanges, auditedChanges, storedExplanation } from './audit-entry.ts';
export { AUDIT_OUTCOMES } from './audit-outcomes.ts';
export {
  type ConnectorCore,
  type ConnectorCoreOptions,
  createConnectorCore,
} from './connector-core.ts';
export { connectorStatus, extensionState } from './connector-status.ts';
export { toDirectoryUser } from './directory-user.ts';
export { backoffDelay, classifyFailure, type Failure, ProfileMappingError } from './failure.ts';
export type { UserInspection } from './inspect-user.ts';
export {
  type AccountLink,
  type LastDecision,
  type LinkRecord,
  type LinkState,
  readLink,
  type UnreadableLink,
} from './link-state.ts';
export {
  type AccountDifferences,
  compareAccount,
  driftKinds,
  type ExpectedAccount,
  expectedAccount,
} from './reconcile/compare-account.ts';
export {
  newRunId,
  type ReconcileEvent,
  type ReconcileResult,
  type ReconcilerOptions,
  reconcile,
} from './reconcile/reconciler.ts';
export { usernameMatcher } from './reconcile/username-matcher.ts';
export {
  createRulesSource,
  NoRoleMappingSettingError,
  RoleMappingSettingError,
  type RulesSource,
} from './rules-source.ts';
export { createSyncEngine, DEFAULT_RETRY } from './sync-engine.ts';
export type { AccountJudgement } from './sync-user.ts';
export { mostSignificantTrigger, TRIGGERS } from './triggers.ts';
export type * from './types.ts';
export type { UserAccess } from './user-access.ts';
export { wakeOnCommit } from './wake-on-commit.ts';
