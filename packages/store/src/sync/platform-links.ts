/** Which platform account a directory user is linked to, and what the connector last pushed there. */
import type { Kysely } from 'kysely';
import { toIsoTimestamp } from '../context.ts';
import type { Database, PlatformLinksTable } from '../schema/database.ts';
import type { PlatformLink } from '../types.ts';

export async function getLink(db: Kysely<Database>, userId: string): Promise<PlatformLink | undefined> {
  const row = await db
    .selectFrom('platform_links')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    userId: row.user_id,
    platformUserId: row.platform_user_id,
    username: row.username,
    createdByConnector: row.created_by_connector === 1,
    lastStatus: row.last_status,
    lastRoles: JSON.parse(row.last_roles) as string[],
    lastDecision: JSON.parse(row.last_decision) as unknown,
    lastSyncedAt: row.last_synced_at,
  };
}

export async function saveLink(db: Kysely<Database>, link: PlatformLink): Promise<void> {
  const row = linkRow(link);
  const { user_id: _userId, ...changes } = row;
  await db
    .insertInto('platform_links')
    .values(row)
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(changes))
    .execute();
}

export function linkRow(link: PlatformLink): PlatformLinksTable {
  return {
    user_id: link.userId,
    platform_user_id: link.platformUserId,
    username: link.username,
    created_by_connector: link.createdByConnector ? 1 : 0,
    last_status: link.lastStatus,
    last_roles: JSON.stringify(link.lastRoles),
    last_decision: JSON.stringify(link.lastDecision ?? null),
    last_synced_at: toIsoTimestamp(link.lastSyncedAt, 'saveLink lastSyncedAt'),
  };
}
