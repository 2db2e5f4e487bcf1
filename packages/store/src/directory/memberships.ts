/**
 * Group membership rows. Member lists are replaced by difference, not rewritten, so adding one member to a
 * 5,000-member group touches one row and the dirty marks name exactly who joined and who left.
 */
import type { MemberRef, ResourceType, MembershipChange as ScimMembershipChange } from '@scim-connector/scim';
import { type Kysely, sql } from 'kysely';
import { chunks } from '../chunks.ts';
import type { StoreContext } from '../context.ts';
import type { Database, MembershipsTable } from '../schema/database.ts';

export interface MembershipChange {
  /** User ids that joined or left; groups as members never get dirty marks themselves. */
  joinedUsers: string[];
  leftUsers: string[];
}

function toMemberRef(row: Pick<MembershipsTable, 'member_id' | 'member_type' | 'display'>): MemberRef {
  const member: MemberRef = { value: row.member_id, type: row.member_type as ResourceType };
  if (row.display !== null) member.display = row.display;
  return member;
}

export async function loadMembers(
  db: Kysely<Database>,
  groupIds: readonly string[],
): Promise<Map<string, MemberRef[]>> {
  const members = new Map<string, MemberRef[]>(groupIds.map((id) => [id, []]));
  for (const chunk of chunks(groupIds)) {
    const rows = await db
      .selectFrom('memberships')
      .select(['group_id', 'member_id', 'member_type', 'display'])
      .where('group_id', 'in', chunk)
      .orderBy('group_id')
      .orderBy('position')
      .execute();
    for (const row of rows) members.get(row.group_id)?.push(toMemberRef(row));
  }
  return members;
}

export async function userMemberIds(db: Kysely<Database>, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('member_id')
    .where('group_id', '=', groupId)
    .where('member_type', '=', 'User')
    .execute();
  return rows.map((row) => row.member_id);
}

/**
 * The members among `ids`, matched case-insensitively like SCIM member values, through the
 * `(group_id, lower(member_id))` index: a lookup per id, however large the group. `lower` is the database's on
 * both sides, so the comparison is consistent with itself (ASCII case folding; member ids are server-made UUIDs).
 */
export async function membersAmong(
  db: Kysely<Database>,
  groupId: string,
  ids: readonly string[],
): Promise<MemberRef[]> {
  const rows: Pick<MembershipsTable, 'member_id' | 'member_type' | 'display' | 'position'>[] = [];
  for (const chunk of chunks([...new Set(ids)])) {
    rows.push(
      ...(await db
        .selectFrom('memberships')
        .select(['member_id', 'member_type', 'display', 'position'])
        .where('group_id', '=', groupId)
        .where(
          sql`lower(member_id)`,
          'in',
          chunk.map((id) => sql<string>`lower(${id})`),
        )
        .execute()),
    );
  }
  return rows.sort((a, b) => a.position - b.position).map(toMemberRef);
}

/**
 * Applies a membership change by difference: deletes and inserts only the rows named, so its cost follows the
 * change. Returns who actually joined and left (an add of a current member or a remove of a non-member is a no-op).
 */
export async function applyMembershipChange(
  db: Kysely<Database>,
  groupId: string,
  change: ScimMembershipChange,
): Promise<MembershipChange> {
  const leftUsers: string[] = [];
  for (const chunk of chunks([...new Set(change.remove)])) {
    const removed = await db
      .deleteFrom('memberships')
      .where('group_id', '=', groupId)
      .where('member_id', 'in', chunk)
      .returning(['member_id', 'member_type'])
      .execute();
    for (const row of removed) if (row.member_type === 'User') leftUsers.push(row.member_id);
  }
  for (const member of change.update) {
    await db
      .updateTable('memberships')
      .set({ display: member.display ?? null, member_type: member.type })
      .where('group_id', '=', groupId)
      .where('member_id', '=', member.value)
      .execute();
  }
  const joinedUsers: string[] = [];
  const adding = distinctMembers(change.add);
  if (adding.length > 0) {
    // One step down the (group_id, position) index, not an aggregate over the group's rows.
    const last = await db
      .selectFrom('memberships')
      .select('position')
      .where('group_id', '=', groupId)
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst();
    let position = last === undefined ? 0 : last.position + 1;
    for (const chunk of chunks(adding)) {
      const inserted = await db
        .insertInto('memberships')
        .values(
          chunk.map((member) => ({
            group_id: groupId,
            member_id: member.value,
            member_type: member.type,
            display: member.display ?? null,
            position: position++,
          })),
        )
        .onConflict((conflict) => conflict.columns(['group_id', 'member_id']).doNothing())
        .returning(['member_id', 'member_type'])
        .execute();
      for (const row of inserted) if (row.member_type === 'User') joinedUsers.push(row.member_id);
    }
  }
  return { joinedUsers, leftUsers };
}

/** First occurrence wins: a client listing a member twice means one membership. */
function distinctMembers(members: readonly MemberRef[]): MemberRef[] {
  const seen = new Set<string>();
  return members.filter((member) => !seen.has(member.value) && seen.add(member.value));
}

export async function insertMembers(
  db: Kysely<Database>,
  groupId: string,
  members: readonly MemberRef[],
  firstPosition = 0,
): Promise<void> {
  const rows = distinctMembers(members).map((member, index) => ({
    group_id: groupId,
    member_id: member.value,
    member_type: member.type,
    display: member.display ?? null,
    position: firstPosition + index,
  }));
  for (const chunk of chunks(rows)) await db.insertInto('memberships').values(chunk).execute();
}

export async function replaceMembers(
  db: Kysely<Database>,
  groupId: string,
  members: readonly MemberRef[],
): Promise<MembershipChange> {
  const current = await db
    .selectFrom('memberships')
    .select(['member_id', 'member_type', 'display', 'position'])
    .where('group_id', '=', groupId)
    .execute();
  const currentById = new Map(current.map((row) => [row.member_id, row]));
  const wanted = distinctMembers(members);
  const wantedIds = new Set(wanted.map((member) => member.value));

  const left = current.filter((row) => !wantedIds.has(row.member_id));
  for (const chunk of chunks(left.map((row) => row.member_id))) {
    await db
      .deleteFrom('memberships')
      .where('group_id', '=', groupId)
      .where('member_id', 'in', chunk)
      .execute();
  }
  const joined = wanted.filter((member) => !currentById.has(member.value));
  const nextPosition = current.reduce((max, row) => Math.max(max, row.position + 1), 0);
  await insertMembers(db, groupId, joined, nextPosition);
  for (const member of wanted) {
    const row = currentById.get(member.value);
    // A member's display name or type may be corrected without leaving and re-joining.
    if (row && (row.display !== (member.display ?? null) || row.member_type !== member.type)) {
      await db
        .updateTable('memberships')
        .set({ display: member.display ?? null, member_type: member.type })
        .where('group_id', '=', groupId)
        .where('member_id', '=', member.value)
        .execute();
    }
  }
  return {
    joinedUsers: joined.filter((member) => member.type === 'User').map((member) => member.value),
    leftUsers: left.filter((row) => row.member_type === 'User').map((row) => row.member_id),
  };
}

/** A member deleted elsewhere changes every group that listed it: new version, new lastModified. */
export async function bumpGroupsContaining(
  db: Kysely<Database>,
  ctx: StoreContext,
  memberId: string,
): Promise<void> {
  await db
    .updateTable('groups')
    .set((eb) => ({ version: eb('version', '+', 1), last_modified: ctx.now() }))
    .where('id', 'in', db.selectFrom('memberships').select('group_id').where('member_id', '=', memberId))
    .execute();
}
