/**
 * The worker's side of the queue: leasing dirty users, completing their pushes, deferring failed ones.
 * On PostgreSQL a claim locks its rows with FOR UPDATE SKIP LOCKED, so several replicas claim disjoint users
 * without waiting on each other; on SQLite claims are serial (BEGIN IMMEDIATE).
 */
import { type Kysely, sql } from 'kysely';
import { type StoreContext, toIsoTimestamp } from '../context.ts';
import { retryOnDeadlock } from '../errors.ts';
import type { Database, SyncQueueRow } from '../schema/database.ts';
import type { ClaimedUser, ClaimOptions, DeferOptions, DirtyTrigger } from '../types.ts';
import { triggersOf } from './triggers.ts';

function toClaimed(row: SyncQueueRow, triggers: DirtyTrigger[]): ClaimedUser {
  const claimed: ClaimedUser = {
    userId: row.user_id,
    generation: row.generation,
    triggers,
    attempts: row.attempts,
    queuedAt: row.queued_at,
    leaseUntil: row.lease_until ?? '',
  };
  if (row.last_error !== null) claimed.lastError = row.last_error;
  return claimed;
}

/**
 * The longest-waiting claimable users, oldest first, as a subquery for the claim's update. On PostgreSQL it locks
 * them (SKIP LOCKED, so replicas claim disjoint users) and first makes sure the claim walks
 * `sync_queue_claim_order` and stops after `limit` rows: without statistics (autovacuum off, or not run yet after
 * a bulk load) the planner guesses a handful of pending rows and would rather collect and sort all of them, a
 * sort of the whole queue on every claim. `set local` lasts for the claim's transaction only.
 */
export async function claimableUsers(trx: Kysely<Database>, ctx: StoreContext, now: string, limit: number) {
  if (ctx.dialect === 'postgres') await sql`set local enable_sort = off`.execute(trx);
  return trx
    .selectFrom('sync_queue')
    .select('user_id')
    .where('pending', '=', 1)
    .where('parked', '=', 0)
    .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)]))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .orderBy('queued_at')
    .orderBy('user_id')
    .limit(limit)
    .$if(ctx.dialect === 'postgres', (query) => query.forUpdate().skipLocked());
}

export async function claimDirty(
  db: Kysely<Database>,
  ctx: StoreContext,
  options: ClaimOptions,
): Promise<ClaimedUser[]> {
  if (options.limit <= 0) return [];
  const now = ctx.now();
  const leaseUntil = new Date(ctx.nowMs() + Math.max(options.leaseMs, 0)).toISOString();
  return db.transaction().execute(async (trx) => {
    const claimable = await claimableUsers(trx, ctx, now, options.limit);
    const rows = await trx
      .updateTable('sync_queue')
      .set({ lease_owner: options.workerId, lease_until: leaseUntil })
      .where('user_id', 'in', claimable)
      .returningAll()
      .execute();
    rows.sort((a, b) => a.queued_at.localeCompare(b.queued_at) || (a.user_id < b.user_id ? -1 : 1));
    const triggers = await triggersOf(
      trx,
      rows.map((row) => row.user_id),
    );
    return rows.map((row) => toClaimed(row, triggers.get(row.user_id) ?? []));
  });
}

export interface Completion {
  userId: string;
  generation: number;
}

async function completeOne(trx: Kysely<Database>, { userId, generation }: Completion): Promise<boolean> {
  const row = await trx
    .updateTable('sync_queue')
    .set((eb) => ({
      synced_generation: generation,
      pending: eb.case().when('generation', '>', generation).then(1).else(0).end(),
      attempts: 0,
      not_before: null,
      last_error: null,
      lease_owner: null,
      lease_until: null,
    }))
    .where('user_id', '=', userId)
    // A completion older than one already recorded changes nothing.
    .where('synced_generation', '<', generation)
    .returning('pending')
    .executeTakeFirst();
  if (row) {
    await trx
      .deleteFrom('sync_triggers')
      .where('user_id', '=', userId)
      .where('generation', '<=', generation)
      .execute();
  }
  const current =
    row ??
    (await trx.selectFrom('sync_queue').select('pending').where('user_id', '=', userId).executeTakeFirst());
  return current === undefined || current.pending === 0;
}

export async function completeDirty(
  db: Kysely<Database>,
  completion: Completion,
): Promise<{ cleared: boolean }> {
  const cleared = await db.transaction().execute((trx) => completeOne(trx, completion));
  return { cleared };
}

/** Several completions in one commit: on PostgreSQL each commit waits for a disk flush, so batching pays. */
export async function completeDirtyMany(
  db: Kysely<Database>,
  completions: readonly Completion[],
): Promise<{ userId: string; cleared: boolean }[]> {
  if (completions.length === 0) return [];
  // In id order, like dirty marks, so the two never lock the same queue rows in opposite orders.
  const ordered = [...completions].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const results: { userId: string; cleared: boolean }[] = [];
      for (const completion of ordered) {
        results.push({ userId: completion.userId, cleared: await completeOne(trx, completion) });
      }
      return results;
    }),
  );
}

export async function deferDirty(db: Kysely<Database>, userId: string, options: DeferOptions): Promise<void> {
  await db
    .updateTable('sync_queue')
    .set({
      not_before: toIsoTimestamp(options.until, 'deferDirty until'),
      last_error: options.error,
      attempts: options.attempts,
      lease_owner: null,
      lease_until: null,
    })
    .where('user_id', '=', userId)
    .where('pending', '=', 1)
    .execute();
}
