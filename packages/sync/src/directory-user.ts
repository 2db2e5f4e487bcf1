/**
 * The directory side of a decision: the stored SCIM user (or its tombstone) and its groups, in the shape
 * governance reads (DirectoryUser). Role values are read defensively: IdPs send `roles` as objects with a
 * `value` (Entra ID, Okta) and occasionally as bare strings.
 */
import type { DirectoryUser, UserGroup } from '@scim-connector/governance';
import type { StoredUser } from '@scim-connector/scim';
import type { DirectoryGroup, DirectoryState } from '@scim-connector/store';

/** A directory state with a user in it: every user that was ever created has one, even once deleted. */
export type KnownDirectoryState = DirectoryState & { user: StoredUser };

export function isKnown(state: DirectoryState): state is KnownDirectoryState {
  return state.user !== undefined;
}

export function toDirectoryUser(state: KnownDirectoryState): DirectoryUser {
  const { user } = state;
  return {
    id: user.id,
    userName: user.userName,
    active: user.active,
    deleted: state.deleted,
    directRoles: roleValues(user.resource.roles),
    groups: state.groups.map(toUserGroup),
    attributes: user.resource,
  };
}

function toUserGroup(group: DirectoryGroup): UserGroup {
  const userGroup: UserGroup = { id: group.id, displayName: group.displayName };
  if (group.externalId !== undefined) userGroup.externalId = group.externalId;
  // "When a client sends one": an empty extension grants nothing, so it is left out.
  if (group.roles.length > 0) userGroup.roles = [...group.roles];
  return userGroup;
}

/** `roles[].value` of a SCIM multi-valued attribute; empty and non-string values are ignored. */
export function roleValues(roles: unknown): string[] {
  if (!Array.isArray(roles)) return [];
  const values: string[] = [];
  for (const entry of roles) {
    const value =
      typeof entry === 'string'
        ? entry
        : typeof entry === 'object' && entry !== null
          ? (entry as { value?: unknown }).value
          : undefined;
    if (typeof value === 'string' && value.trim() !== '') values.push(value);
  }
  return values;
}
