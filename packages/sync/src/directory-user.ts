/**
 * The directory side of a decision: the stored SCIM user (or its tombstone) and its groups, in the shape
 * governance reads (DirectoryUser). Direct roles are read by `rolesOf`, the reader the store uses for the roles
 * a group grants, so both sources of a role name are read alike.
 */
import type { DirectoryUser, UserGroup } from '@scim-connector/governance';
import { rolesOf, type StoredUser } from '@scim-connector/scim';
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
    directRoles: rolesOf(user.resource),
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
