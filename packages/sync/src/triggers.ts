/**
 * A user may be marked dirty several times before a push (created, then added to a group, then renamed); the
 * decision runs once, under the most significant trigger: whatever happened to the user themselves outranks
 * what happened to their groups, which outranks a rules reload or a resync.
 */
import type { Trigger } from '@scim-connector/governance';

/** Every trigger, most significant first. */
export const TRIGGERS: readonly Trigger[] = [
  'user.deleted',
  'user.deactivated',
  'user.created',
  'user.updated',
  'group.deleted',
  'membership.changed',
  'group.changed',
  // Drift is found on the platform, not in the IdP: any directory event says more about the decision.
  'drift',
  // An admin asked in the console: the directory still says why the user changed, if it does.
  'console.retry',
  'console.resync',
  // Never marks a user: the audit entry of a rules impact preview (docs/console.md).
  'console.preview',
  'rules.changed',
  'resync',
];

export function mostSignificantTrigger(triggers: readonly Trigger[]): Trigger {
  let best: Trigger = 'resync';
  let bestRank = TRIGGERS.indexOf(best);
  for (const trigger of triggers) {
    const rank = TRIGGERS.indexOf(trigger);
    if (rank !== -1 && rank < bestRank) {
      best = trigger;
      bestRank = rank;
    }
  }
  return best;
}
