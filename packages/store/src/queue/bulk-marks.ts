/** Marks asked for outside directory writes: an admin's resync, a rules reload. */

import type { Trigger } from '@scim-connector/governance';
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.ts';
import type { StoreContext } from '../context.ts';
import { retryOnDeadlock } from '../errors.ts';
import type { Database } from '../schema/database.ts';
import { markUsersDirty } from './marks.ts';
import { unparkAll } from './parking.ts';

export async function markAllDirty(
  db: Kysely<Database>,
  ctx: StoreContext,
  trigger: Trigger,
): Promise<number> {
  return retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      await unparkAll(trx);
      const users = await trx.selectFrom('users').select('id').execute();
      await markUsersDirty(
        trx,
        ctx,
        users.map((user) => user.id),
        trigger,
      );
      return users.length;
    }),
  );
}

/** Marks known users (live or deleted); ids the directory never had are ignored, so they cannot clog the queue. */
export async function markDirty(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: readonly string[],
  trigger: Trigger,
): Promise<void> {
  await retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const known: string[] = [];
      for (const chunk of chunks([...new Set(userIds)])) {
        const rows = await trx
          .selectFrom('users')
          .select('id')
          .where('id', 'in', chunk)
          .union(trx.selectFrom('deleted_users').select('id').where('id', 'in', chunk))
          .execute();
        known.push(...rows.map((row) => row.id));
      }
      await markUsersDirty(trx, ctx, known, trigger);
    }),
  );
}
