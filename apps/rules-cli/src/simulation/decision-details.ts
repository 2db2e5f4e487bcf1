/**
 * Why a decision came out as it did, from the decision the sync engine reported: the rules that decided, every
 * rule that fired, the roles that did not resolve, and the platform changes (as the audit log records them).
 */
import { type AuditedChanges, auditedChanges } from '@scim-connector/sync';
import type { AppliedDecision } from '../replay/replay-session.ts';
import { describeUserType } from './user-type-text.ts';

export interface DecisionDetails {
  decidedBy: string[];
  firedRules: string[];
  unresolved: { name: string; source: string; reason: string }[];
  changes: AuditedChanges;
}

export function decisionDetails(applied: AppliedDecision): DecisionDetails {
  const { explanation } = applied.decision;
  return {
    decidedBy: [...explanation.decidedBy],
    firedRules: explanation.firedRules.map((rule) => rule.name),
    unresolved: explanation.facts.roles.unresolved.map(({ name, source, reason }) => ({
      name,
      source,
      reason,
    })),
    changes: auditedChanges(applied.decision, applied.changed),
  };
}

/** `create account, status ACTIVE, +AGENT_134_STORE, -AGENT_135_STORE, profile` or `no platform change`. */
export function describeChanges(changes: AuditedChanges): string {
  const parts: string[] = [];
  if (changes.createAccount) parts.push('create account');
  if (changes.status !== null) parts.push(`status ${changes.status}`);
  for (const role of changes.addRoles) parts.push(`+${role}`);
  for (const role of changes.removeRoles) parts.push(`-${role}`);
  if (changes.updateProfile) parts.push('profile');
  if (changes.userType !== null) parts.push(`type ${describeUserType(changes.userType)}`);
  return parts.length === 0 ? 'no platform change' : parts.join(', ');
}

/** `withheld (unresolved-role): +AGENT_134_GRAPHQL, profile`, or undefined when no block fired. */
export function describeWithheld(changes: AuditedChanges): string | undefined {
  const { withheld } = changes;
  if (withheld.reasons.length === 0) return undefined;
  const parts: string[] = [];
  if (withheld.createAccount) parts.push('create account');
  if (withheld.status !== null) parts.push(`status ${withheld.status}`);
  for (const role of withheld.addRoles) parts.push(`+${role}`);
  if (withheld.updateProfile) parts.push('profile');
  if (withheld.userType !== null) parts.push(`type ${describeUserType(withheld.userType)}`);
  return `withheld (${withheld.reasons.join(', ')}): ${parts.length === 0 ? 'nothing to grant' : parts.join(', ')}`;
}
