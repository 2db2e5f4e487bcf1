/**
 * Why a decision came out as it did, read back from the audit entry the sync engine wrote for it: the rules that
 * decided, every rule that fired, the roles that did not resolve, and the platform changes made.
 */
import type { Explanation } from '@scim-connector/governance';
import type { AuditRecord } from '@scim-connector/store';
import type { AuditedChanges } from '@scim-connector/sync';

export interface DecisionDetails {
  decidedBy: string[];
  firedRules: string[];
  unresolved: { name: string; source: string; reason: string }[];
  changes: AuditedChanges;
}

export function decisionDetails(audit: AuditRecord): DecisionDetails {
  // The engine stores these two as written by its auditEntry(); they are typed loosely only by the store.
  const explanation = audit.explanation as Explanation;
  const changes = audit.changes as AuditedChanges;
  return {
    decidedBy: [...explanation.decidedBy],
    firedRules: explanation.firedRules.map((rule) => rule.name),
    unresolved: explanation.facts.roles.unresolved.map(({ name, source, reason }) => ({
      name,
      source,
      reason,
    })),
    changes,
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
