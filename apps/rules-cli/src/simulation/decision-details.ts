/**
 * Why a decision came out as it did, from the decision the sync engine reported: the rules that decided, every
 * rule that fired, the roles that did not resolve, and the platform changes (as the audit log records them).
 */
import { type AuditedChanges, auditedChanges } from '@scim-connector/sync';
import type { AppliedDecision } from '../replay/replay-session.ts';

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
  return parts.length === 0 ? 'no platform change' : parts.join(', ');
}
