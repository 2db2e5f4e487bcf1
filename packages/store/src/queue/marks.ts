/**
 * Dirty marks, written in the caller's transaction so a directory change and its marks commit together.
 * Every mark bumps the user's generation; a push completed for an older generation leaves the user pending.
 */
import {
  type ExpressionBuilder,
  type Kysely,
  type OnConflictBuilder,
  type OnConflictDatabase,
  type OnConflictTables,
  type QueryCreator,
  sql,
} from 'kysely';
import { chunks } from '../chunks.ts';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema/database.ts';
import type { DirtyTrigger } from '../types.ts';

export async function markUsersDirty(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: Iterable<string>,
  trigger: DirtyTrigger,
): Promise<void> {
  // Sorted, so concurrent transactions lock queue rows in the same order and cannot deadlock each other.
  const ids = [...new Set(userIds)].sort();
  const now = ctx.now();
  for (const chunk of chunks(ids)) {
    const markQueue = (qb: QueryCreator<Database>) =>
      qb
        .insertInto('sync_queue')
        .values(chunk.map((userId) => newQueueRow(userId, now)))
        .onConflict((conflict) => conflict.column('user_id').doUpdateSet(markAgain));
    const triggerColumns = ['user_id', 'trigger', 'generation'] as const;
    const keepNewest = (conflict: OnConflictBuilder<Database, 'sync_triggers'>) =>
      conflict
        .columns(['user_id', 'trigger'])
        .doUpdateSet((eb) => ({ generation: eb.ref('excluded.generation') }));
    if (ctx.dialect === 'postgres') {
      // One round trip: the queue upsert feeds the trigger rows through a data-modifying CTE.
      await db
        .with('marked', (qb) => markQueue(qb).returning(['user_id', 'generation']))
        .insertInto('sync_triggers')
        .columns(triggerColumns)
        .expression((eb) =>
          eb
            .selectFrom('marked')
            .select([
              'marked.user_id',
              sql<string>`cast(${trigger} as text)`.as('trigger'),
              'marked.generation',
            ]),
        )
        .onConflict(keepNewest)
        .execute();
      continue;
    }
    await markQueue(db).execute();
    await db
      .insertInto('sync_triggers')
      .columns(triggerColumns)
      .expression(
        db
          .selectFrom('sync_queue')
          .select(['user_id', sql<string>`cast(${trigger} as text)`.as('trigger'), 'generation'])
          .where('user_id', 'in', chunk),
      )
      .onConflict(keepNewest)
      .execute();
  }
}

function newQueueRow(userId: string, now: string) {
  return {
    user_id: userId,
    generation: 1,
    synced_generation: 0,
    pending: 1,
    queued_at: now,
    last_marked_at: now,
    attempts: 0,
    not_before: null,
    last_error: null,
    lease_owner: null,
    lease_until: null,
    parked: 0,
    parked_at: null,
  };
}

/** A mark on a user already in the queue: a new generation, pending again. */
function markAgain(
  eb: ExpressionBuilder<OnConflictDatabase<Database, 'sync_queue'>, OnConflictTables<'sync_queue'>>,
) {
  const wasPending = eb('sync_queue.pending', '=', 1);
  return {
    generation: eb('sync_queue.generation', '+', 1),
    pending: 1,
    // A mark that starts a new pending period starts a fresh retry history too.
    queued_at: eb
      .case()
      .when(wasPending)
      .then(eb.ref('sync_queue.queued_at'))
      .else(eb.ref('excluded.queued_at'))
      .end(),
    last_marked_at: eb.ref('excluded.last_marked_at'),
    attempts: eb.case().when(wasPending).then(eb.ref('sync_queue.attempts')).else(0).end(),
    last_error: eb.case().when(wasPending).then(eb.ref('sync_queue.last_error')).else(null).end(),
    // The data changed, so a parked user is worth another try.
    parked: 0,
    parked_at: null,
  };
}
