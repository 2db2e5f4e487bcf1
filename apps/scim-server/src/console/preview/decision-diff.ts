/**
 * What a rules change does to one user: the decision under the rules in force beside the decision under the
 * proposal, both taken from the same directory state and the same stored link, compared the way `scim-rules diff`
 * compares two replays (outcome with its reasons, and the exact role set), then sorted into kinds an admin asks
 * about ("who would be blocked?", "who loses a role?").
 */
import type { Decision, Outcome } from '@scim-connector/governance';

export const CHANGE_KINDS = [
  'newly-blocked',
  'unblocked',
  'deactivated',
  'no-longer-deactivated',
  'roles-granted',
  'roles-revoked',
  'other',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  'newly-blocked': 'newly blocked',
  unblocked: 'no longer blocked',
  deactivated: 'newly deactivated',
  'no-longer-deactivated': 'no longer deactivated',
  'roles-granted': 'roles granted',
  'roles-revoked': 'roles revoked',
  other: 'other decision changes (reasons, unresolved roles, outcome)',
};

/** The part of a decision the preview compares; lists sorted, so equal decisions compare equal. */
export interface DecisionSummary {
  outcome: Outcome;
  reasons: string[];
  /** Canonical names of the effective roles (granted by governance, also when a block withholds them). */
  roles: string[];
  unresolved: string[];
}

export interface UserChange {
  kinds: ChangeKind[];
  granted: string[];
  revoked: string[];
}

export function summarise(decision: Pick<Decision, 'outcome' | 'reasons' | 'effectiveRoles' | 'unresolved'>) {
  return {
    outcome: decision.outcome,
    reasons: [...decision.reasons].sort(),
    roles: [...new Set(decision.effectiveRoles.map((role) => role.name))].sort(),
    unresolved: [...new Set(decision.unresolved.map((role) => role.name))].sort(),
  } satisfies DecisionSummary;
}

/** Undefined when the two decisions are the same for every compared field. */
export function compareDecisions(now: DecisionSummary, proposed: DecisionSummary): UserChange | undefined {
  const held = new Set(now.roles);
  const wanted = new Set(proposed.roles);
  const granted = proposed.roles.filter((role) => !held.has(role));
  const revoked = now.roles.filter((role) => !wanted.has(role));
  const kinds: ChangeKind[] = [];
  const became = (outcome: Outcome) => proposed.outcome === outcome && now.outcome !== outcome;
  const left = (outcome: Outcome) => now.outcome === outcome && proposed.outcome !== outcome;
  if (became('block')) kinds.push('newly-blocked');
  if (left('block')) kinds.push('unblocked');
  if (became('deactivate')) kinds.push('deactivated');
  if (left('deactivate')) kinds.push('no-longer-deactivated');
  if (granted.length > 0) kinds.push('roles-granted');
  if (revoked.length > 0) kinds.push('roles-revoked');
  if (kinds.length === 0 && !sameDecision(now, proposed)) kinds.push('other');
  return kinds.length === 0 ? undefined : { kinds, granted, revoked };
}

function sameDecision(a: DecisionSummary, b: DecisionSummary): boolean {
  return (
    a.outcome === b.outcome &&
    a.reasons.join('\n') === b.reasons.join('\n') &&
    a.unresolved.join('\n') === b.unresolved.join('\n')
  );
}
