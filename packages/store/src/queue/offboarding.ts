/**
 * Offboarding first (docs/architecture.md): a user with a deactivation or a deletion waiting is claimed before
 * users who have waited longer. The queue row carries the flag (`sync_queue.offboarding`), set by the mark and
 * cleared by the completion that pushes it, so a claim finds these users through a partial index of their own.
 */
import type { Trigger } from '@scim-connector/governance';
import { type Expression, type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../schema/database.ts';

export const OFFBOARDING_TRIGGERS: readonly Trigger[] = ['user.deactivated', 'user.deleted'];

/** 1 when a mark with this trigger makes its user an offboarding, else 0 (the column's values). */
export function offboardingFlag(trigger: Trigger): 0 | 1 {
  return OFFBOARDING_TRIGGERS.includes(trigger) ? 1 : 0;
}

/**
 * The flag a completion of `generation` leaves: 0 when the user is no longer pending, otherwise whether one of the
 * marks that came after it is a deactivation or deletion (those are pushed next).
 */
export function offboardingAfterCompletion(
  eb: ExpressionBuilder<Database, 'sync_queue'>,
  generation: number,
): Expression<number> {
  const laterOffboarding = eb.exists(
    eb
      .selectFrom('sync_triggers')
      .select(sql.lit(1).as('found'))
      .whereRef('sync_triggers.user_id', '=', 'sync_queue.user_id')
      .where('sync_triggers.generation', '>', generation)
      .where('sync_triggers.trigger', 'in', OFFBOARDING_TRIGGERS),
  );
  return eb
    .case()
    .when('sync_queue.generation', '>', generation)
    .then(eb.case().when(laterOffboarding).then(1).else(0).end())
    .else(0)
    .end();
}
