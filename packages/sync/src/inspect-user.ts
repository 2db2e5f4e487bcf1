/**
 * What the admin API shows for one user: the directory record, the roles governance resolves right now (with the
 * source of each), what it would decide now (without pushing anything), the last decision actually acted on, and
 * the platform account as it stands.
 */
import type {
  EffectiveRole,
  Explanation,
  Outcome,
  UnresolvedRole,
  UserTypeDecision,
} from '@scim-connector/governance';
import type { PlatformUser } from '@scim-connector/platform';
import type { DirectoryGroup, DirectoryState } from '@scim-connector/store';
import { type AuditedChanges, auditEntry } from './audit-entry.ts';
import type { LastDecision, LinkRecord } from './link-state.ts';
import { prepareDecision, type SyncContext } from './sync-user.ts';

export interface UserInspection {
  userId: string;
  directory: { user: NonNullable<DirectoryState['user']>; deleted: boolean; groups: DirectoryGroup[] };
  effectiveRoles: EffectiveRole[];
  unresolved: UnresolvedRole[];
  /** What a sync would decide now (a dry run: nothing was pushed). */
  currentDecision: {
    outcome: Outcome;
    reasons: string[];
    /** Why grants were withheld; `changes.withheld` says what was withheld, `changes.removeRoles` what was revoked. */
    blockedReasons: string[];
    /** The platform user type the roles call for now, and which `userTypes` entry decided it. */
    userType: UserTypeDecision | null;
    changes: AuditedChanges;
    explanation: Explanation;
  };
  /** The decision the last sync acted on. */
  lastDecision: LastDecision | undefined;
  platform: {
    exists: boolean;
    linked: boolean;
    createdByConnector: boolean;
    account: PlatformUser | undefined;
    link: LinkRecord | undefined;
  };
}

export async function inspectUser(ctx: SyncContext, userId: string): Promise<UserInspection | undefined> {
  const prepared = await prepareDecision(ctx, userId, 'resync');
  if (prepared === undefined) return undefined;
  const { state, decision, located, link } = prepared;
  const dryRun = auditEntry({
    userId,
    trigger: 'resync',
    decision,
    applied: false,
    at: ctx.now().toISOString(),
  });
  return {
    userId,
    directory: { user: state.user, deleted: state.deleted, groups: state.groups },
    effectiveRoles: decision.effectiveRoles,
    unresolved: decision.unresolved,
    currentDecision: {
      outcome: decision.outcome,
      reasons: decision.reasons,
      blockedReasons: decision.blockedReasons,
      userType: decision.userType,
      changes: dryRun.changes as AuditedChanges,
      explanation: decision.explanation,
    },
    lastDecision: link?.lastDecision,
    platform: {
      exists: located.account !== undefined,
      linked: located.linked,
      createdByConnector: located.createdByConnector,
      account: located.account,
      link,
    },
  };
}
