/** The triggers a pending user was marked with, oldest first. */

import type { Trigger } from '@scim-connector/governance';
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.ts';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import type { StoreContext } from '../context.ts';
import { pushTo } from '../multimap.ts';
import type { Database } from '../schema/database.ts';

function triggerRows(db: Kysely<Database>) {
  return db
    .selectFrom('sync_triggers')
    .select(['user_id', 'trigger'])
    .orderBy('generation')
    .orderBy('trigger');
}

/** One user's triggers (a claim of one user, the common case), compiled once per store. */
const triggersOfOne = perStore(() =>
  reusableQuery((db, $: Placeholders<{ userId: string }>) => triggerRows(db).where('user_id', '=', $.userId)),
);

export async function triggersOf(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: readonly string[],
): Promise<Map<string, Trigger[]>> {
  const triggers = new Map<string, Trigger[]>();
  const add = (rows: readonly { user_id: string; trigger: Trigger }[]) => {
    for (const row of rows) pushTo(triggers, row.user_id, row.trigger);
  };
  const [onlyId] = userIds;
  if (userIds.length === 1 && onlyId !== undefined) {
    add((await triggersOfOne(ctx).run(db, { userId: onlyId })).rows);
    return triggers;
  }
  for (const chunk of chunks(userIds)) add(await triggerRows(db).where('user_id', 'in', chunk).execute());
  return triggers;
}
