/**
 * What governance needs to decide about one user: the user (or their tombstone once deleted) and the groups
 * they belong to with the roles each group grants. Read in one transaction, so user and groups agree. A live
 * user always wins over a tombstone left by an earlier user with the same id.
 */
import type { Kysely } from 'kysely';
import { groupRoles } from '../directory/group-roles.ts';
import { parseResource, toStoredUser } from '../directory/rows.ts';
import type { Database } from '../schema/database.ts';
import type { DirectoryGroup, DirectoryState } from '../types.ts';

export async function getDirectoryState(db: Kysely<Database>, userId: string): Promise<DirectoryState> {
  return db.transaction().execute(async (trx) => {
    const live = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!live) {
      const tombstone = await trx
        .selectFrom('deleted_users')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirst();
      return { user: tombstone && toStoredUser(tombstone), deleted: tombstone !== undefined, groups: [] };
    }
    const rows = await trx
      .selectFrom('memberships')
      .innerJoin('groups', 'groups.id', 'memberships.group_id')
      .select(['groups.id', 'groups.display_name', 'groups.external_id', 'groups.resource'])
      .where('memberships.member_id', '=', userId)
      .where('memberships.member_type', '=', 'User')
      .orderBy('groups.display_name_folded')
      .orderBy('groups.id')
      .execute();
    const groups = rows.map((row) => {
      const group: DirectoryGroup = {
        id: row.id,
        displayName: row.display_name,
        roles: groupRoles(parseResource(row.resource)),
      };
      if (row.external_id !== null) group.externalId = row.external_id;
      return group;
    });
    return { user: toStoredUser(live), deleted: false, groups };
  });
}
