/**
 * What governance needs to decide about one user: the user (or their tombstone once deleted) and the groups
 * they belong to with the roles each group grants. The sync cycle reads this for every user it pushes, so the
 * live user and their groups come in one statement (one round trip, and one snapshot, so user and groups
 * agree), compiled once per store. A live user always wins over a tombstone left by an earlier user with the
 * same id.
 */
import type { Kysely } from 'kysely';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import type { StoreContext } from '../context.ts';
import { groupRoles } from '../directory/group-roles.ts';
import { parseResource, toStoredUser } from '../directory/rows.ts';
import type { Database } from '../schema/database.ts';
import type { DirectoryGroup, DirectoryState } from '../types.ts';

/** The user's row repeated once per group (group columns null when they are in none). */
const userWithGroups = perStore(() =>
  reusableQuery((db, $: Placeholders<{ userId: string }>) =>
    db
      .selectFrom('users')
      .leftJoin('memberships', (join) =>
        join.onRef('memberships.member_id', '=', 'users.id').on('memberships.member_type', '=', 'User'),
      )
      .leftJoin('groups', 'groups.id', 'memberships.group_id')
      .selectAll('users')
      .select([
        'groups.id as group_id',
        'groups.display_name as group_display_name',
        'groups.external_id as group_external_id',
        'groups.resource as group_resource',
      ])
      .where('users.id', '=', $.userId)
      .orderBy('groups.display_name_folded')
      .orderBy('groups.id'),
  ),
);

export async function getDirectoryState(
  db: Kysely<Database>,
  ctx: StoreContext,
  userId: string,
): Promise<DirectoryState> {
  const { rows } = await userWithGroups(ctx).run(db, { userId });
  const [live] = rows;
  if (live === undefined) {
    const tombstone = await db
      .selectFrom('deleted_users')
      .selectAll()
      .where('id', '=', userId)
      .executeTakeFirst();
    return { user: tombstone && toStoredUser(tombstone), deleted: tombstone !== undefined, groups: [] };
  }
  const groups: DirectoryGroup[] = [];
  for (const row of rows) {
    if (row.group_id === null || row.group_display_name === null || row.group_resource === null) continue;
    const group: DirectoryGroup = {
      id: row.group_id,
      displayName: row.group_display_name,
      roles: groupRoles(parseResource(row.group_resource)),
    };
    if (row.group_external_id !== null) group.externalId = row.group_external_id;
    groups.push(group);
  }
  return { user: toStoredUser(live), deleted: false, groups };
}
