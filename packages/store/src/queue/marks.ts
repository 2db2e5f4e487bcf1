/**
 * Dirty marks, written in the caller's transaction (or, for a PostgreSQL create, in its one statement) so a
 * directory change and its marks commit together.
 * Every mark bumps the user's generation; a push completed for an older generation leaves the user pending.
 */

import type { Trigger } from '@scim-connector/governance';
import {
  type ExpressionBuilder,
  type Kysely,
  type OnConflictBuilder,
  type OnConflictDatabase,
  type OnConflictTables,
  type QueryCreator,
  type RawBuilder,
  sql,
} from 'kysely';
import { chunks } from '../chunks.ts';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema/database.ts';
import { offboardingFlag } from './offboarding.ts';

export async function markUsersDirty(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: Iterable<string>,
  trigger: Trigger,
): Promise<void> {
  // Sorted, so concurrent transactions lock queue rows in the same order and cannot deadlock each other.
  const ids = [...new Set(userIds)].sort();
  const now = ctx.now();
  const [onlyId] = ids;
  if (ids.length === 1 && onlyId !== undefined) {
    // Nearly every write marks one user: that case runs statements compiled once per store.
    const marks = singleMarks(ctx);
    const values = { userId: onlyId, now, trigger, offboarding: offboardingFlag(trigger) };
    if (ctx.dialect === 'postgres') await marks.postgres.run(db, values);
    else {
      await marks.queue.run(db, values);
      await marks.triggers.run(db, values);
    }
    return;
  }
  for (const chunk of chunks(ids)) {
    if (ctx.dialect === 'postgres') {
      await markQueueAndTriggers(db, chunk, now, trigger, offboardingFlag(trigger)).execute();
      continue;
    }
    await markQueue(db, chunk, now, offboardingFlag(trigger)).execute();
    await markTriggers(db, chunk, trigger).execute();
  }
}

const TRIGGER_COLUMNS = ['user_id', 'trigger', 'generation'] as const;

/** `offboarding`: 1 when the mark is a deactivation or deletion (offboarding.ts). */
function markQueue(qb: QueryCreator<Database>, userIds: readonly string[], now: string, offboarding: number) {
  return qb
    .insertInto('sync_queue')
    .values(userIds.map((userId) => newQueueRow(userId, now, offboarding)))
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(markAgain));
}

/** A statement whose CTE `inserted` returned the ids of the users it just inserted. */
type WithInserted = Database & { inserted: { id: string } };

/**
 * PostgreSQL: the queue rows of the users an `inserted` CTE just wrote, marked as created (never an offboarding).
 * Taken from the CTE, so a statement whose insert was refused marks nobody.
 */
export function markQueueOfInserted(qb: QueryCreator<WithInserted>, now: string) {
  const row = newQueueRow(sql.ref<string>('inserted.id'), now, 0);
  const columns = Object.keys(row) as (keyof typeof row)[];
  return qb
    .insertInto('sync_queue')
    .columns(columns)
    .expression(sql`select ${sql.join(Object.values(row))} from inserted`)
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(markAgain));
}

/** A trigger already recorded for a user keeps its row and takes the newest generation. */
function keepNewest(conflict: OnConflictBuilder<Database, 'sync_triggers'>) {
  return conflict
    .columns(['user_id', 'trigger'])
    .doUpdateSet((eb) => ({ generation: eb.ref('excluded.generation') }));
}

/** SQLite: the trigger rows, from the generations the queue upsert just wrote. */
function markTriggers(db: Kysely<Database>, userIds: readonly string[], trigger: Trigger) {
  return db
    .insertInto('sync_triggers')
    .columns(TRIGGER_COLUMNS)
    .expression(
      db
        .selectFrom('sync_queue')
        .select(['user_id', sql<Trigger>`cast(${trigger} as text)`.as('trigger'), 'generation'])
        .where('user_id', 'in', userIds),
    )
    .onConflict(keepNewest);
}

/** PostgreSQL, one round trip: the queue upsert feeds the trigger rows through a data-modifying CTE. */
function markQueueAndTriggers(
  db: Kysely<Database>,
  userIds: readonly string[],
  now: string,
  trigger: Trigger,
  offboarding: number,
) {
  return insertTriggersOfMarked(
    db.with('marked', (qb) => markQueue(qb, userIds, now, offboarding).returning(['user_id', 'generation'])),
    trigger,
  );
}

/** A statement whose CTE `marked` returned the queue rows a mark wrote. */
type WithMarked = Database & { marked: { user_id: string; generation: number } };

/** PostgreSQL: the trigger rows of the users a `marked` CTE just marked, in the same statement. */
export function insertTriggersOfMarked(qb: QueryCreator<WithMarked>, trigger: Trigger) {
  return qb
    .insertInto('sync_triggers')
    .columns(TRIGGER_COLUMNS)
    .expression((eb) =>
      eb
        .selectFrom('marked')
        .select([
          'marked.user_id',
          sql<Trigger>`cast(${trigger} as text)`.as('trigger'),
          'marked.generation',
        ]),
    )
    .onConflict(keepNewest);
}

/** The values of a one-user mark. */
interface MarkValues {
  userId: string;
  now: string;
  trigger: Trigger;
  /** offboardingFlag(trigger): a value of the run, since the statements are compiled once for every trigger. */
  offboarding: number;
}

/** The one-user mark as statements compiled once per store. */
const singleMarks = perStore(() => ({
  /** SQLite, the queue row. */
  queue: reusableQuery((db, $: Placeholders<MarkValues>) => markQueue(db, [$.userId], $.now, $.offboarding)),
  /** SQLite, the trigger row. */
  triggers: reusableQuery((db, $: Placeholders<MarkValues>) => markTriggers(db, [$.userId], $.trigger)),
  /** PostgreSQL, both in one statement. */
  postgres: reusableQuery((db, $: Placeholders<MarkValues>) =>
    markQueueAndTriggers(db, [$.userId], $.now, $.trigger, $.offboarding),
  ),
}));

/** `offboarding` may be a placeholder (reusable-query.ts), so the columns it decides are worked out in SQL. */
function newQueueRow(userId: string | RawBuilder<string>, now: string, offboarding: number) {
  const isOffboarding = sql<boolean>`cast(${offboarding} as integer) = 1`;
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
    offboarding_generation: sql<number | null>`case when ${isOffboarding} then 1 end`,
    offboarding_since: sql<string | null>`case when ${isOffboarding} then cast(${now} as text) end`,
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
    // An offboarding mark records its generation; the offboarding's place in line is kept while it waits. Any
    // other mark leaves both alone: a pending offboarding stays one, and a row not pending has neither (the
    // completion that ended its pending period cleared them).
    offboarding_generation: eb
      .case()
      .when(eb('excluded.offboarding_generation', 'is not', null))
      .then(eb('sync_queue.generation', '+', 1))
      .else(eb.ref('sync_queue.offboarding_generation'))
      .end(),
    offboarding_since: eb.fn.coalesce('sync_queue.offboarding_since', 'excluded.offboarding_since'),
  };
}
