/**
 * The admin user list (docs/admin-api.md): a page of users ordered by folded userName then id, resumed after a
 * keyset position, filtered by a search prefix, a status and a group.
 *
 * Bounded work per page, whatever the filters. Each selective filter (search, group, role, a status with an
 * index) is a set of user ids read from its own index (0007, 0009). The set is counted up to CANDIDATE_CAP first:
 * - when the smallest set holds at most CANDIDATE_CAP users, it drives the query: at most that many rows are
 *   joined and sorted, and the other filters are checked on them;
 * - otherwise every filter matches more than CANDIDATE_CAP of the directory, so walking the userName index from
 *   the cursor with the filters as conditions finds `limit + 1` matches after about
 *   (limit + 1) * users / CANDIDATE_CAP rows (a few thousand for 100,000 users).
 * The rest (several dense filters whose intersection is rare) is the one case that can walk further; the
 * benchmark measures it (docs/benchmarks.md).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { fold } from '../directory/fold.ts';
import type { Database } from '../schema/database.ts';
import type { AdminUserItem, AdminUserPage, AdminUserQuery, AdminUserStatus } from '../types.ts';

/** Above every character a folded string can hold, so `[prefix, prefix + TOP)` is exactly "starts with". */
const TOP = '\u{10FFFF}';
/** The largest id set that drives a page by itself (see above). */
export const CANDIDATE_CAP = 2000;

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

/** One filter: the ids it allows from its own index (when it has one), and the same test as a condition on `u`. */
interface UserFilter {
  ids?: RawBuilder<unknown>;
  condition: RawBuilder<unknown>;
}

export async function listAdminUsers(db: Kysely<Database>, query: AdminUserQuery): Promise<AdminUserPage> {
  const filters = userFilters(query);
  const driver = await smallestIdSet(db, filters);
  // `ids` may list an id twice (a user matching by userName and by e-mail): distinct before the join.
  const source = driver
    ? sql`(select distinct id from (${driver.ids}) d) c join users u on u.id = c.id`
    : sql`users u`;
  const conditions = filters.filter((filter) => filter !== driver).map((filter) => filter.condition);
  if (query.after)
    conditions.push(
      sql`(u.user_name_folded > ${query.after.userNameFolded} or (u.user_name_folded = ${query.after.userNameFolded} and u.id > ${query.after.id}))`,
    );
  // A page back (the console's "previous"): the same index walked the other way from the position, then turned.
  const backwards = query.before !== undefined;
  if (query.before)
    conditions.push(
      sql`(u.user_name_folded < ${query.before.userNameFolded} or (u.user_name_folded = ${query.before.userNameFolded} and u.id < ${query.before.id}))`,
    );
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const order = backwards
    ? sql`order by u.user_name_folded desc, u.id desc`
    : sql`order by u.user_name_folded, u.id`;
  const { rows } = await sql<ListedRow>`
    select u.id, u.user_name, u.user_name_folded, u.active, u.resource,
      l.platform_status, l.blocked_reasons, l.decided_at, q.parked, q.last_error
    from ${source}
    left join platform_links l on l.user_id = u.id
    left join sync_queue q on q.user_id = u.id
    ${where}
    ${order}
    limit ${query.limit + 1}`.execute(db);
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backwards) page.reverse();
  return { items: page.map(toItem), more };
}

/** The filter whose id set is smallest, when that set holds at most CANDIDATE_CAP users. */
async function smallestIdSet(db: Kysely<Database>, filters: UserFilter[]): Promise<UserFilter | undefined> {
  let best: { filter: UserFilter; size: number } | undefined;
  for (const filter of filters) {
    if (filter.ids === undefined) continue;
    // Counting stops at the cap: a large set costs CANDIDATE_CAP index entries to rule out, never a scan. With
    // duplicates counted, the size is an upper bound: a set is never taken for smaller than it is.
    const { rows } = await sql<{ size: number | string }>`
      select count(*) as size from (${filter.ids} limit ${CANDIDATE_CAP + 1}) counted`.execute(db);
    const size = Number(rows[0]?.size ?? 0);
    if (size <= CANDIDATE_CAP && (best === undefined || size < best.size)) best = { filter, size };
  }
  return best?.filter;
}

function userFilters(query: AdminUserQuery): UserFilter[] {
  const filters: UserFilter[] = [];
  if (query.search !== undefined) {
    const low = fold(query.search);
    const high = low + TOP;
    filters.push({
      ids: sql`select id from users where user_name_folded >= ${low} and user_name_folded < ${high}
        union all select id from users where display_name_folded >= ${low} and display_name_folded < ${high}
        union all select user_id as id from user_emails where value_folded >= ${low} and value_folded < ${high}`,
      condition: sql`((u.user_name_folded >= ${low} and u.user_name_folded < ${high})
        or (u.display_name_folded >= ${low} and u.display_name_folded < ${high})
        or exists (select 1 from user_emails e where e.user_id = u.id and e.value_folded >= ${low} and e.value_folded < ${high}))`,
    });
  }
  if (query.groupId !== undefined)
    filters.push({
      ids: sql`select member_id as id from memberships where group_id = ${query.groupId} and member_type = 'User'`,
      condition: sql`exists (select 1 from memberships m where m.group_id = ${query.groupId} and m.member_id = u.id and m.member_type = 'User')`,
    });
  if (query.role !== undefined)
    // user_roles (0009): the role on the platform account after the last push, or among the effective roles of
    // the last decision; a row exists only when one of the two holds.
    filters.push({
      ids: sql`select user_id as id from user_roles where role = ${query.role}`,
      condition: sql`exists (select 1 from user_roles r where r.user_id = u.id and r.role = ${query.role})`,
    });
  if (query.status !== undefined) filters.push(statusFilter(query.status));
  return filters;
}

function statusFilter(status: AdminUserStatus): UserFilter {
  switch (status) {
    case 'active':
      return {
        ids: sql`select user_id as id from platform_links where platform_status = 'ACTIVE'`,
        condition: sql`l.platform_status = 'ACTIVE'`,
      };
    case 'inactive':
      return {
        ids: sql`select user_id as id from platform_links where platform_status = 'INACTIVE'`,
        condition: sql`l.platform_status = 'INACTIVE'`,
      };
    case 'absent':
      // Users without a link have no index entry to read: a condition only.
      return { condition: sql`(l.user_id is null or l.platform_status = 'ABSENT')` };
    case 'blocked':
      return {
        ids: sql`select user_id as id from platform_links where blocked_reasons is not null`,
        condition: sql`l.blocked_reasons is not null`,
      };
    case 'parked':
      return {
        ids: sql`select user_id as id from sync_queue where parked = 1`,
        condition: sql`q.parked = 1`,
      };
    case 'drifted':
      // A current finding of drift reconciliation (0006) about the user's account.
      return {
        ids: sql`select user_id as id from drift_findings where user_id is not null`,
        condition: sql`exists (select 1 from drift_findings f where f.user_id = u.id)`,
      };
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
