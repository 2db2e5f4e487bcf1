/** Group reads and writes. Writes mark every user whose inherited roles may have changed (docs/architecture.md §5.3). */
import {
  type MembershipChange,
  type NewGroup,
  type StoredGroup,
  UniquenessConflict,
  VersionConflict,
} from '@scim-connector/scim';
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.ts';
import type { StoreContext } from '../context.ts';
import { ResourceNotFound, translateUniqueViolation } from '../errors.ts';
import { markUsersDirty } from '../queue/marks.ts';
import type { Database, GroupRow } from '../schema/database.ts';
import { fold } from './fold.ts';
import { groupRoles, sameRoles } from './group-roles.ts';
import {
  applyMembershipChange,
  bumpGroupsContaining,
  insertMembers,
  loadMembers,
  replaceMembers,
  userMemberIds,
} from './memberships.ts';
import { parseResource, toStoredGroup, withoutMembers } from './rows.ts';

export async function withMembers(db: Kysely<Database>, groups: StoredGroup[]): Promise<StoredGroup[]> {
  const members = await loadMembers(
    db,
    groups.map((group) => group.id),
  );
  return groups.map((group) => ({ ...group, members: members.get(group.id) ?? [] }));
}

export async function getGroup(
  db: Kysely<Database>,
  id: string,
  options: { members?: boolean } = {},
): Promise<StoredGroup | undefined> {
  const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const group = toStoredGroup(row);
  if (options.members === false) return group;
  const [loaded] = await withMembers(db, [group]);
  return loaded;
}

async function lockGroup(db: Kysely<Database>, ctx: StoreContext, id: string): Promise<GroupRow | undefined> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('id', '=', id)
    .$if(ctx.dialect === 'postgres', (query) => query.forUpdate())
    .executeTakeFirst();
}

export async function getGroupForUpdate(
  db: Kysely<Database>,
  ctx: StoreContext,
  id: string,
  options: { members?: boolean } = {},
): Promise<StoredGroup | undefined> {
  const row = await lockGroup(db, ctx, id);
  if (!row) return undefined;
  if (options.members === false) return toStoredGroup(row);
  const [loaded] = await withMembers(db, [toStoredGroup(row)]);
  return loaded;
}

/**
 * A membership change without rewriting or even reading the member list: the group row gets a new version and
 * lastModified, only the named membership rows are touched, and only users who really joined or left are marked.
 */
export async function changeMembers(
  db: Kysely<Database>,
  ctx: StoreContext,
  id: string,
  change: MembershipChange,
  options: { expectedVersion?: number } = {},
): Promise<StoredGroup> {
  const current = await lockGroup(db, ctx, id);
  if (!current) throw new ResourceNotFound('Group', id);
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    throw new VersionConflict(current.version);
  }
  const row: GroupRow = { ...current, version: current.version + 1, last_modified: ctx.now() };
  await db
    .updateTable('groups')
    .set({ version: row.version, last_modified: row.last_modified })
    .where('id', '=', id)
    .execute();
  const applied = await applyMembershipChange(db, id, change);
  await markUsersDirty(db, ctx, [...applied.joinedUsers, ...applied.leftUsers], 'membership.changed');
  return toStoredGroup(row);
}

export async function existingGroupIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('groups').select('id').where('id', 'in', chunk).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

export async function insertGroup(
  db: Kysely<Database>,
  ctx: StoreContext,
  group: NewGroup,
): Promise<StoredGroup> {
  const now = ctx.now();
  const resource = withoutMembers(group.resource);
  const row: GroupRow = {
    id: group.id,
    display_name: group.displayName,
    display_name_folded: fold(group.displayName),
    external_id: group.externalId ?? null,
    resource: JSON.stringify(resource),
    version: 1,
    created: now,
    last_modified: now,
  };
  await translateUniqueViolation(
    () => db.insertInto('groups').values(row).execute(),
    () => new UniquenessConflict('id', group.id),
  );
  await insertMembers(db, group.id, group.members);
  await markUsersDirty(
    db,
    ctx,
    group.members.filter((member) => member.type === 'User').map((member) => member.value),
    'membership.changed',
  );
  const [stored] = await withMembers(db, [toStoredGroup(row)]);
  return stored ?? toStoredGroup(row);
}

export async function updateGroup(
  db: Kysely<Database>,
  ctx: StoreContext,
  id: string,
  group: Omit<NewGroup, 'id'>,
  options: { expectedVersion?: number } = {},
): Promise<StoredGroup> {
  const current = await lockGroup(db, ctx, id);
  if (!current) throw new ResourceNotFound('Group', id);
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    throw new VersionConflict(current.version);
  }
  const resource = withoutMembers(group.resource);
  const row: GroupRow = {
    id,
    display_name: group.displayName,
    display_name_folded: fold(group.displayName),
    external_id: group.externalId ?? null,
    resource: JSON.stringify(resource),
    version: current.version + 1,
    created: current.created,
    last_modified: ctx.now(),
  };
  const { id: _id, created: _created, ...changes } = row;
  await db.updateTable('groups').set(changes).where('id', '=', id).execute();
  const membership = await replaceMembers(db, id, group.members);
  await markUsersDirty(db, ctx, [...membership.joinedUsers, ...membership.leftUsers], 'membership.changed');

  const grantsChanged =
    current.display_name !== row.display_name ||
    current.external_id !== row.external_id ||
    !sameRoles(groupRoles(parseResource(current.resource)), groupRoles(resource));
  if (grantsChanged) {
    await markUsersDirty(db, ctx, await userMemberIds(db, id), 'group.changed');
  }
  const [stored] = await withMembers(db, [toStoredGroup(row)]);
  return stored ?? toStoredGroup(row);
}

export async function deleteGroup(db: Kysely<Database>, ctx: StoreContext, id: string): Promise<boolean> {
  const current = await lockGroup(db, ctx, id);
  if (!current) return false;
  const formerMembers = await userMemberIds(db, id);
  // Groups that listed this one as a nested member lose it.
  await bumpGroupsContaining(db, ctx, id);
  await db.deleteFrom('memberships').where('member_id', '=', id).execute();
  await db.deleteFrom('memberships').where('group_id', '=', id).execute();
  await db.deleteFrom('groups').where('id', '=', id).execute();
  await markUsersDirty(db, ctx, formerMembers, 'group.deleted');
  return true;
}
