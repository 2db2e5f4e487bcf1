/**
 * What governance needs to decide about one user: the user (or their tombstone once deleted) and the groups
 * they belong to with the roles each group grants. The sync cycle reads this for every user it pushes, so the
 * live user and their groups come in one statement (one round trip, and one snapshot, so user and groups
 * agree), compiled once per store. A live user always wins over a tombstone left by an earlier user with the
 * same id.
 */
import { type Kysely, sql } from 'kysely';
import { chunks } from '../chunks.ts';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import type { StoreContext } from '../context.ts';
import { groupRoles } from '../directory/group-roles.ts';
import { parseResource, toStoredUser } from '../directory/rows.ts';
import { pushTo } from '../multimap.ts';
import type { Database } from '../schema/database.ts';
import type { DirectoryGroup, DirectoryState, PlatformLink, PushState } from '../types.ts';
import { getLink, toLink } from './platform-links.ts';

/** Users' rows, each repeated once per group they are a direct member of (group columns null when in none). */
function usersWithTheirGroups(db: Kysely<Database>) {
  return db
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
    ]);
}

/** The user's row repeated once per group (group columns null when they are in none). */
const userWithGroups = perStore(() =>
  reusableQuery((db, $: Placeholders<{ userId: string }>) =>
    usersWithTheirGroups(db)
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
  if (live === undefined) return stateWithoutLiveUser(db, userId);
  return { user: toStoredUser(live), deleted: false, groups: groupsOfRows(rows) };
}

/** A user with no live row: their tombstone when they were deleted, nothing when never known. */
async function stateWithoutLiveUser(db: Kysely<Database>, userId: string): Promise<DirectoryState> {
  const tombstone = await db
    .selectFrom('deleted_users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirst();
  return { user: tombstone && toStoredUser(tombstone), deleted: tombstone !== undefined, groups: [] };
}

/**
 * `userWithGroups` with the user's platform link joined on: what the sync cycle reads before every push, in one
 * round trip and one snapshot instead of two (docs/benchmarks.md, issue #15).
 */
const userWithGroupsAndLink = perStore(() =>
  reusableQuery((db, $: Placeholders<{ userId: string }>) =>
    userWithGroupsAndLinkQuery(db)
      .where('users.id', '=', $.userId)
      .orderBy('groups.display_name_folded')
      .orderBy('groups.id'),
  ),
);

/** Users' rows with their groups (`usersWithTheirGroups`) and their platform link, if any, joined on. */
function userWithGroupsAndLinkQuery(db: Kysely<Database>) {
  return usersWithTheirGroups(db)
    .leftJoin('platform_links', 'platform_links.user_id', 'users.id')
    .select([
      'platform_links.user_id as link_user_id',
      'platform_links.state as link_state',
      'platform_links.last_synced_at as link_last_synced_at',
      'platform_links.platform_status as link_platform_status',
      'platform_links.blocked_reasons as link_blocked_reasons',
      'platform_links.decided_at as link_decided_at',
    ]);
}

/** `getDirectoryState` and `getLink` of one user, read together. */
export async function getPushState(
  db: Kysely<Database>,
  ctx: StoreContext,
  userId: string,
): Promise<PushState> {
  const { rows } = await userWithGroupsAndLink(ctx).run(db, { userId });
  return pushStateOfRows(db, ctx, userId, rows);
}

/**
 * The push state of `userId` from its `userWithGroupsAndLink` rows. With no live row (a tombstone, or nothing) the
 * tombstone and the link are read on their own, two more statements.
 */
async function pushStateOfRows(
  db: Kysely<Database>,
  ctx: StoreContext,
  userId: string,
  rows: readonly UserWithGroupAndLinkRow[],
): Promise<PushState> {
  const [live] = rows;
  if (live === undefined)
    return { state: await stateWithoutLiveUser(db, userId), link: await getLink(db, ctx, userId) };
  return {
    state: { user: toStoredUser(live), deleted: false, groups: groupsOfRows(rows) },
    link: joinedLink(live),
  };
}

/**
 * PostgreSQL: `userWithGroupsAndLink` for several users in one statement, each user's rows tagged with where
 * their id stands in the list. The ids arrive as one JSON array, so the statement is the same for any number of
 * them, and each is looked up through a lateral subquery that PostgreSQL runs once per id, with the single-user
 * plan (the users key, the memberships index), whatever the planner would guess of a join against a list of
 * ids on tables without statistics. Exported for the query-plan test.
 */
export function postgresPushStatesQuery(db: Kysely<Database>, userIdsJson: string) {
  const found = userWithGroupsAndLinkQuery(db)
    .select('groups.display_name_folded as group_order')
    .where('users.id', '=', sql<string>`wanted.value`)
    // A fence: without it PostgreSQL pulls the subquery up into one join and may plan hash joins over whole
    // tables, which made a claim's read a hundred times slower at 20,000 users (docs/benchmarks.md).
    .offset(sql.lit(0));
  return sql<UserWithGroupAndLinkRow & { position: string; group_order: string | null }>`
    select wanted.ordinality as position, found.*
    from json_array_elements_text(cast(${userIdsJson} as json)) with ordinality as wanted
    cross join lateral (${found}) as found
    order by wanted.ordinality, found.group_order, found.group_id`;
}

const usersWithGroupsAndLinks = perStore(() =>
  reusableQuery((db, $: Placeholders<{ userIds: string }>) => {
    const query = postgresPushStatesQuery(db, $.userIds);
    // A raw `sql` query compiles only against an executor; the store's is the one it will run on.
    return { compile: () => query.compile(db) };
  }),
);

/**
 * `getPushState` of several users, in the order asked (an id asked twice is read twice). The sync worker reads
 * the users of one claim together (docs/architecture.md, "Group commit"): on PostgreSQL one round trip instead
 * of one per user. A live user's rows still come from one snapshot, as `getPushState` reads them; users without
 * a live row (a wave of deletions, claimed first) are read as `getPushState` reads them, all at once. SQLite
 * reads each user with `getPushState`, all asked at once as separate calls did: its calls are in-process, with
 * no round trip to save.
 */
export async function getPushStates(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: readonly string[],
): Promise<PushState[]> {
  if (ctx.dialect !== 'postgres') return Promise.all(userIds.map((userId) => getPushState(db, ctx, userId)));
  const states: PushState[] = [];
  for (const chunk of chunks(userIds)) {
    const { rows } = await usersWithGroupsAndLinks(ctx).run(db, { userIds: JSON.stringify(chunk) });
    const byPosition = new Map<number, UserWithGroupAndLinkRow[]>();
    for (const row of rows) pushTo(byPosition, Number(row.position), row);
    // `with ordinality` counts from 1.
    states.push(
      ...(await Promise.all(
        chunk.map((userId, index) => pushStateOfRows(db, ctx, userId, byPosition.get(index + 1) ?? [])),
      )),
    );
  }
  return states;
}

/** The link read through the left join: its key tells whether there is one. */
function joinedLink(row: UserWithGroupAndLinkRow): PlatformLink | undefined {
  if (row.link_user_id === null) return undefined;
  // Not null in any link row (the schema says so); a row without them is not read as "no link", which would let
  // the push treat the user's own account as someone else's.
  if (row.link_state === null || row.link_last_synced_at === null)
    throw new Error(`the platform link of user ${row.id} has no state or last sync time`);
  return toLink({
    user_id: row.link_user_id,
    state: row.link_state,
    last_synced_at: row.link_last_synced_at,
    platform_status: row.link_platform_status,
    blocked_reasons: row.link_blocked_reasons,
    decided_at: row.link_decided_at,
  });
}

type UserWithGroupRow = Awaited<ReturnType<ReturnType<typeof userWithGroups>['run']>>['rows'][number];
type UserWithGroupAndLinkRow = Awaited<
  ReturnType<ReturnType<typeof userWithGroupsAndLink>['run']>
>['rows'][number];
type GroupColumns = Pick<
  UserWithGroupRow,
  'group_id' | 'group_display_name' | 'group_external_id' | 'group_resource'
>;

function groupsOfRows(rows: readonly GroupColumns[]): DirectoryGroup[] {
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
  return groups;
}

/**
 * `getDirectoryState` for a page of users in one statement per chunk (the access review reads 100,000 users):
 * the same rows, for many users at once. A user no longer live (deleted meanwhile) is read alone, tombstone and all.
 */
export async function getDirectoryStates(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: readonly string[],
): Promise<Map<string, DirectoryState>> {
  const states = new Map<string, DirectoryState>();
  for (const chunk of chunks([...new Set(userIds)])) {
    const rows = await usersWithTheirGroups(db)
      .where('users.id', 'in', chunk)
      .orderBy('users.id')
      .orderBy('groups.display_name_folded')
      .orderBy('groups.id')
      .execute();
    const byUser = new Map<string, UserWithGroupRow[]>();
    for (const row of rows) pushTo(byUser, row.id, row);
    for (const [userId, userRows] of byUser) {
      const [live] = userRows;
      if (live !== undefined)
        states.set(userId, { user: toStoredUser(live), deleted: false, groups: groupsOfRows(userRows) });
    }
  }
  for (const userId of userIds)
    if (!states.has(userId)) states.set(userId, await getDirectoryState(db, ctx, userId));
  return states;
}
