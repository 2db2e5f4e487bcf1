/** Row <-> port type mapping for users and groups; the only place that parses stored resource JSON. */
import type { ResourceJson, StoredGroup, StoredUser } from '@scim-connector/scim';
import type { DeletedUserRow, GroupRow, UserRow } from '../schema/database.ts';

export function parseResource(json: string): ResourceJson {
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as ResourceJson)
    : {};
}

export function toStoredUser(row: UserRow | DeletedUserRow): StoredUser {
  const user: StoredUser = {
    id: row.id,
    userName: row.user_name,
    active: row.active === 1,
    resource: parseResource(row.resource),
    version: row.version,
    created: row.created,
    lastModified: row.last_modified,
  };
  if (row.external_id !== null) user.externalId = row.external_id;
  return user;
}

export function toStoredGroup(row: GroupRow): StoredGroup {
  const group: StoredGroup = {
    id: row.id,
    displayName: row.display_name,
    resource: parseResource(row.resource),
    version: row.version,
    created: row.created,
    lastModified: row.last_modified,
  };
  if (row.external_id !== null) group.externalId = row.external_id;
  return group;
}

/** Group resources never carry members in their JSON: memberships are rows of their own. */
export function withoutMembers(resource: ResourceJson): ResourceJson {
  if (!('members' in resource)) return resource;
  const { members: _members, ...rest } = resource;
  return rest;
}
