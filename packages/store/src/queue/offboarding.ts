/**
 * Offboarding first (docs/architecture.md): a user with a deactivation or a deletion waiting is claimed before
 * users who have waited longer. The queue row says so itself (`offboarding_generation`, `offboarding_since`,
 * migration 0014): the mark sets it, and the completion of the push that carries it clears it, from the row alone,
 * so a completion that waited on a concurrent mark's row lock decides from that mark's row.
 */
import type { Trigger } from '@scim-connector/governance';
import { type Expression, type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../schema/database.ts';

export const OFFBOARDING_TRIGGERS: readonly Trigger[] = ['user.deactivated', 'user.deleted'];

/** 1 when a mark with this trigger makes its user an offboarding, else 0. */
export function offboardingFlag(trigger: Trigger): 0 | 1 {
  return OFFBOARDING_TRIGGERS.includes(trigger) ? 1 : 0;
}

/** Whether a mark of generation newer than `generation` was an offboarding: the user stays one after it completes. */
function offboardingAfter(eb: ExpressionBuilder<Database, 'sync_queue'>, generation: number) {
  return eb.and([
    eb('sync_queue.generation', '>', generation),
    eb('sync_queue.offboarding_generation', '>', generation),
  ]);
}

/**
 * The offboarding columns a completion of `generation` leaves. A user still pending for a later deactivation or
 * deletion stays an offboarding, from the time of their newest mark: behind the leavers who waited while this push
 * ran, so a user whose `active` flag flaps cannot keep the front of the line.
 */
export function offboardingAfterCompletion(
  eb: ExpressionBuilder<Database, 'sync_queue'>,
  generation: number,
): { offboarding_generation: Expression<number | null>; offboarding_since: Expression<string | null> } {
  return {
    offboarding_generation: eb
      .case()
      .when(offboardingAfter(eb, generation))
      .then(eb.ref('sync_queue.offboarding_generation'))
      .else(sql<number | null>`null`)
      .end(),
    offboarding_since: eb
      .case()
      .when(offboardingAfter(eb, generation))
      .then(eb.ref('sync_queue.last_marked_at'))
      .else(sql<string | null>`null`)
      .end(),
  };
}
