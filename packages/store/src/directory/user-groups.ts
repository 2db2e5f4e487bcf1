/**
 * The groups each user of a page belongs to, for the users' read-only `groups` attribute. One statement per
 * chunk of users: memberships found through the `memberships_member` index (member_id), each joined to its group
 * by primary key, so a group deleted in the meantime (its membership rows go with it) is never reported.
 *
 * Only direct memberships are reported. Governance grants roles through direct membership only
 * (`getDirectoryState`), so `groups` shows exactly the groups that count for the user, and the lookup stays one
 * index probe per user with no recursion through nested groups.
 */
import type { UserGroupRef } from '@scim-connector/scim';
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.ts';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema/database.ts';

/** The direct memberships of users, each with its group's name, in the order `groups` lists them. */
function membershipsWithGroups(db: Kysely<Database>) {
  return db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['memberships.member_id as user_id', 'groups.id as group_id', 'groups.display_name'])
    .where('memberships.member_type', '=', 'User')
    .orderBy('groups.display_name_folded')
    .orderBy('groups.id');
}

/**
 * One user is by far the most frequent page (a GET by id or by `userName eq`, and every write's answer), so
 * that statement is compiled once per store rather than built by Kysely on every request.
 */
const statements = perStore(() => ({
  ofOneUser: reusableQuery((db, $: Placeholders<{ userId: string }>) =>
    membershipsWithGroups(db).where('memberships.member_id', '=', $.userId),
  ),
}));

export async function groupsOfUsers(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: readonly string[],
): Promise<Map<string, UserGroupRef[]>> {
  const result = new Map<string, UserGroupRef[]>(userIds.map((id) => [id, []]));
  const distinct = [...result.keys()];
  // Rows come ordered by group name; a user's rows all come from the one chunk holding the user, so appending
  // in row order keeps each user's list in that order.
  for (const chunk of chunks(distinct)) {
    const [onlyId] = chunk;
    const rows =
      chunk.length === 1 && onlyId !== undefined
        ? (await statements(ctx).ofOneUser.run(db, { userId: onlyId })).rows
        : await membershipsWithGroups(db).where('memberships.member_id', 'in', chunk).execute();
    for (const row of rows) {
      result.get(row.user_id)?.push({ value: row.group_id, display: row.display_name, type: 'direct' });
    }
  }
  return result;
}
