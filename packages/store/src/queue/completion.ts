/**
 * The completion of a claimed dirty mark, as one statement pair both completeDirty (claims.ts) and the push record
 * (sync/record-sync.ts) run: the queue row catches up to the pushed generation, and the trigger rows up to it go.
 * A newer mark keeps the user pending; a completion older than one already recorded changes nothing.
 */
import type { QueryCreator } from 'kysely';
import type { Placeholders } from '../connection/reusable-query.ts';
import type { Database } from '../schema/database.ts';
import { offboardingAfterCompletion } from './offboarding.ts';

/** The claimed mark: the user and the generation pushed. Values or placeholders (reusable-query.ts). */
export interface CompletionValues {
  user_id: string;
  generation: number;
}

/** The queue row's update; returns `pending` when it changed the row. */
export function completion(qb: QueryCreator<Database>, $: Placeholders<CompletionValues>) {
  return qb
    .updateTable('sync_queue')
    .set((eb) => ({
      synced_generation: $.generation,
      pending: eb.case().when('generation', '>', $.generation).then(1).else(0).end(),
      ...offboardingAfterCompletion(eb, $.generation),
      attempts: 0,
      not_before: null,
      last_error: null,
      lease_owner: null,
      lease_until: null,
    }))
    .where('user_id', '=', $.user_id)
    .where('synced_generation', '<', $.generation)
    .returning('pending');
}

/** The trigger rows the pushed generation covered; run only when `completion` changed the row. */
export function triggerCleanup(qb: QueryCreator<Database>, $: Placeholders<CompletionValues>) {
  return qb
    .deleteFrom('sync_triggers')
    .where('user_id', '=', $.user_id)
    .where('generation', '<=', $.generation);
}
