/**
 * The admin user list (docs/admin-api.md): a page of users ordered by folded userName then id, resumed after a
 * keyset position, filtered by a search prefix, a status and a group.
 *
 * Bounded work per page: a selective filter (search, group, parked, blocked) drives the query from its own index
 * (0007) as a candidate set, so the page costs what the matches cost, never a walk of the directory in search of
 * rare matches. The dense statuses (active, inactive, absent) walk the userName index from the cursor and stop
 * at the first `limit + 1` matches.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { fold } from '../directory/fold.ts';
import type { Database } from '../schema/database.ts';
import type { AdminUserItem, AdminUserPage, AdminUserQuery, AdminUserStatus } from '../types.ts';

/** Above every character a folded string can hold, so `[prefix, prefix + TOP)` is exactly "starts with". */
const TOP = '\u{10FFFF}';

interface ListedRow {
  id: string;
  user_name: string;
  user_name_folded: string;
  active: number | string;
  resource: string;
  platform_status: string | null;
  blocked_reasons: string | null;
  decided_at: string | null;
  parked: number | string | null;
  last_error: string | null;
}

export async function listAdminUsers(db: Kysely<Database>, query: AdminUserQuery): Promise<AdminUserPage> {
  const candidates = candidateIds(query);
  const source = candidates ? sql`(${candidates}) c join users u on u.id = c.id` : sql`users u`;
  const conditions: RawBuilder<unknown>[] = [];
  if (query.after)
    conditions.push(
      sql`(u.user_name_folded > ${query.after.userNameFolded} or (u.user_name_folded = ${query.after.userNameFolded} and u.id > ${query.after.id}))`,
    );
  if (query.status !== undefined) conditions.push(statusCondition(query.status));
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const { rows } = await sql<ListedRow>`
    select u.id, u.user_name, u.user_name_folded, u.active, u.resource,
      l.platform_status, l.blocked_reasons, l.decided_at, q.parked, q.last_error
    from ${source}
    left join platform_links l on l.user_id = u.id
    left join sync_queue q on q.user_id = u.id
    ${where}
    order by u.user_name_folded, u.id
    limit ${query.limit + 1}`.execute(db);
  const more = rows.length > query.limit;
  return { items: rows.slice(0, query.limit).map(toItem), more };
}

/** The ids a selective filter allows, from that filter's index; undefined when no filter is selective. */
function candidateIds(query: AdminUserQuery): RawBuilder<unknown> | undefined {
  const sets: RawBuilder<unknown>[] = [];
  if (query.search !== undefined) {
    const low = fold(query.search);
    const high = low + TOP;
    sets.push(sql`select id from (
        select id from users where user_name_folded >= ${low} and user_name_folded < ${high}
        union select id from users where display_name_folded >= ${low} and display_name_folded < ${high}
        union select user_id as id from user_emails where value_folded >= ${low} and value_folded < ${high}
      ) s`);
  }
  if (query.groupId !== undefined)
    sets.push(
      sql`select member_id as id from memberships where group_id = ${query.groupId} and member_type = 'User'`,
    );
  if (query.status === 'parked') sets.push(sql`select user_id as id from sync_queue where parked = 1`);
  if (query.status === 'blocked')
    sets.push(sql`select user_id as id from platform_links where blocked_reasons is not null`);
  if (sets.length === 0) return undefined;
  // Every filter must hold: the intersection of the candidate sets.
  return sql.join(sets, sql` intersect `);
}

function statusCondition(status: AdminUserStatus): RawBuilder<unknown> {
  switch (status) {
    case 'active':
      return sql`l.platform_status = 'ACTIVE'`;
    case 'inactive':
      return sql`l.platform_status = 'INACTIVE'`;
    case 'absent':
      return sql`(l.user_id is null or l.platform_status = 'ABSENT')`;
    case 'blocked':
      return sql`l.blocked_reasons is not null`;
    case 'parked':
      return sql`q.parked = 1`;
  }
}

function toItem(row: ListedRow): AdminUserItem {
  const parked = Number(row.parked) === 1;
  return {
    id: row.id,
    userName: row.user_name,
    displayName: displayNameOf(row.resource),
    active: Number(row.active) === 1,
    platformStatus: parked ? 'PARKED' : (row.platform_status ?? 'ABSENT'),
    blockedReasons: row.blocked_reasons === null ? [] : (JSON.parse(row.blocked_reasons) as string[]),
    parkedError: parked ? row.last_error : null,
    lastDecisionAt: row.decided_at,
    position: { userNameFolded: row.user_name_folded, id: row.id },
  };
}

function displayNameOf(resource: string): string | null {
  const parsed = JSON.parse(resource) as { displayName?: unknown };
  return typeof parsed.displayName === 'string' ? parsed.displayName : null;
}

export async function findUserIdByUserName(
  db: Kysely<Database>,
  userName: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('user_name_folded', '=', fold(userName))
    .executeTakeFirst();
  return row?.id;
}
