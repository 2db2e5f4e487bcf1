/** The triggers a pending user was marked with, oldest first. */
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.ts';
import type { Database } from '../schema/database.ts';
import type { DirtyTrigger } from '../types.ts';

export async function triggersOf(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<Map<string, DirtyTrigger[]>> {
  const triggers = new Map<string, DirtyTrigger[]>();
  for (const chunk of chunks(userIds)) {
    const rows = await db
      .selectFrom('sync_triggers')
      .select(['user_id', 'trigger'])
      .where('user_id', 'in', chunk)
      .orderBy('generation')
      .orderBy('trigger')
      .execute();
    for (const row of rows) {
      const list = triggers.get(row.user_id) ?? [];
      list.push(row.trigger as DirtyTrigger);
      triggers.set(row.user_id, list);
    }
  }
  return triggers;
}
