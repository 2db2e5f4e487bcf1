/**
 * The audit log entry for one decision: the outcome, its reasons, the platform changes as canonical role names
 * (readable without the role grammar), and the explanation of which rules fired. The SCIM resource the rules saw
 * is left out of the stored facts: it is in the directory already, and the condition traces keep every value a
 * rule actually tested.
 */
import type { Decision, Explanation, PlatformChanges, Trigger } from '@scim-connector/governance';
import { formatRoleName } from '@scim-connector/role-grammar';
import type { AuditEntry } from '@scim-connector/store';

export interface AuditedChanges {
  createAccount: boolean;
  status: PlatformChanges['status'];
  addRoles: string[];
  removeRoles: string[];
  updateProfile: boolean;
  /** The user type set on create, or changed to; null when unchanged. */
  userType: PlatformChanges['userType'];
  /** Whether any platform call was made (false for block and none, and for changes already in place). */
  applied: boolean;
  /**
   * What a block held back, and why (the reasons of every block event that fired, also when a deactivation
   * won). `removeRoles` above is what was revoked beside it: a block never stops a revocation.
   */
  withheld: {
    reasons: string[];
    createAccount: boolean;
    addRoles: string[];
    updateProfile: boolean;
    status: PlatformChanges['status'];
    userType: PlatformChanges['userType'];
  };
}

export function auditEntry(options: {
  userId: string;
  trigger: Trigger;
  decision: Decision;
  applied: boolean;
  at: string;
}): AuditEntry {
  const { decision } = options;
  const changes = auditedChanges(decision, options.applied);
  return {
    userId: options.userId,
    trigger: options.trigger,
    outcome: decision.outcome,
    reasons: [...decision.reasons],
    changes,
    explanation: storedExplanation(decision.explanation),
    at: options.at,
  };
}

/** The decision's platform changes as the audit log records them; `applied`: whether a platform call was made. */
export function auditedChanges(decision: Decision, applied: boolean): AuditedChanges {
  return {
    createAccount: decision.changes.createAccount,
    status: decision.changes.status,
    addRoles: decision.changes.addRoles.map(formatRoleName),
    removeRoles: decision.changes.removeRoles.map(formatRoleName),
    updateProfile: decision.changes.updateProfile,
    userType: decision.changes.userType,
    applied,
    withheld: {
      reasons: [...decision.blockedReasons],
      createAccount: decision.withheld.createAccount,
      addRoles: decision.withheld.addRoles.map(formatRoleName),
      updateProfile: decision.withheld.updateProfile,
      status: decision.withheld.status,
      userType: decision.withheld.userType,
    },
  };
}

/** The explanation as the audit log records it: without the user's SCIM attributes. */
export function storedExplanation(explanation: Explanation): Explanation {
  const { attributes: _attributes, ...user } = explanation.facts.user;
  return { ...explanation, facts: { ...explanation.facts, user: { ...user, attributes: {} } } };
}
