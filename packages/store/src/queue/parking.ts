/** Users that kept failing wait here, out of the workers' way, until an admin or a rules reload retries them. */
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.ts';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema/database.ts';
import type { ParkedUser } from '../types.ts';
import { triggersOf } from './triggers.ts';

export async function parkDirty(
  db: Kysely<Database>,
  ctx: StoreContext,
  userId: string,
  options: { error: string; attempts?: number },
): Promise<void> {
  await db
    .updateTable('sync_queue')
    .set((eb) => ({
      parked: 1,
      parked_at: ctx.now(),
      last_error: options.error,
      attempts: options.attempts ?? eb.ref('attempts'),
      lease_owner: null,
      lease_until: null,
    }))
    .where('user_id', '=', userId)
    .where('pending', '=', 1)
    .execute();
}

export async function listParked(
  db: Kysely<Database>,
  ctx: StoreContext,
  options: { limit?: number } = {},
): Promise<ParkedUser[]> {
  const rows = await db
    .selectFrom('sync_queue')
    .leftJoin('users', 'users.id', 'sync_queue.user_id')
    .leftJoin('deleted_users', 'deleted_users.id', 'sync_queue.user_id')
    .select([
      'sync_queue.user_id',
      'sync_queue.parked_at',
      'sync_queue.attempts',
      'sync_queue.last_error',
      'users.user_name as live_user_name',
      'deleted_users.user_name as deleted_user_name',
    ])
    .where('sync_queue.parked', '=', 1)
    .where('sync_queue.pending', '=', 1)
    .orderBy('sync_queue.parked_at')
    .orderBy('sync_queue.user_id')
    .$if(options.limit !== undefined, (query) => query.limit(Math.max(options.limit ?? 0, 0)))
    .execute();
  const triggers = await triggersOf(
    db,
    ctx,
    rows.map((row) => row.user_id),
  );
  return rows.map((row) => {
    const parked: ParkedUser = {
      userId: row.user_id,
      parkedAt: row.parked_at ?? '',
      attempts: row.attempts,
      triggers: triggers.get(row.user_id) ?? [],
    };
    const userName = row.live_user_name ?? row.deleted_user_name;
    if (userName !== null) parked.userName = userName;
    if (row.last_error !== null) parked.lastError = row.last_error;
    return parked;
  });
}

const UNPARKED = { parked: 0, parked_at: null, attempts: 0, not_before: null } as const;

export async function unpark(db: Kysely<Database>, userId: string): Promise<boolean> {
  const result = await db
    .updateTable('sync_queue')
    .set(UNPARKED)
    .where('user_id', '=', userId)
    .where('parked', '=', 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function unparkAll(db: Kysely<Database>): Promise<number> {
  const result = await db.updateTable('sync_queue').set(UNPARKED).where('parked', '=', 1).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The parked users among these, with the error that parked each (empty when none was recorded). */
export async function parkedErrors(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const parked = new Map<string, string>();
  for (const chunk of chunks([...new Set(userIds)])) {
    const rows = await db
      .selectFrom('sync_queue')
      .select(['user_id', 'last_error'])
      .where('user_id', 'in', chunk)
      .where('parked', '=', 1)
      .execute();
    for (const row of rows) parked.set(row.user_id, row.last_error ?? '');
  }
  return parked;
}
