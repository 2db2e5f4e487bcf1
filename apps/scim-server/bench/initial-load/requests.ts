/**
 * The initial load as an IdP's first provisioning cycle sends it: every user (each with one app role), then every
 * group (each granting one role through the connector's Group extension), then each group's members in one PATCH.
 * Also what the platform must hold afterwards, so a run can check every account.
 */
import type { RequestSpec } from '../load/request-spec.ts';
import { entraUser } from '../throughput/scenarios.ts';

export type InitialLoadStep = 'users' | 'groups' | 'members';
export type MembershipLayout = 'blocks' | 'two-per-user';

export interface InitialLoadShape {
  users: number;
  groups: number;
  /**
   * How memberships are laid out:
   * - `blocks`: group g holds users g*m .. g*m+m-1 (m = membersPerGroup), so the first groups*m users are in one
   *   group each and the rest in none;
   * - `two-per-user`: user u is in groups u mod G and (u+1) mod G, so every user is in two groups and every group
   *   holds 2*users/G users (membersPerGroup is not used). Two groups per user double the pushes a membership
   *   step causes, as a directory whose users sit in a site group and a team group does.
   */
  membership: MembershipLayout;
  membersPerGroup: number;
  /** Platform location ids the roles are spread over (the simulator seed's). */
  locationIds: readonly string[];
}

export interface InitialLoadFixture extends InitialLoadShape {
  /** User ids by user index, group ids by group index, once those steps ran. */
  userIds: readonly string[];
  groupIds: readonly string[];
}

const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export const loadUserName = (index: number) => `load.${index}@example.test`;
export const loadGroupName = (index: number) => `Load Group ${index}`;

function location(shape: InitialLoadShape, index: number): string {
  const id = shape.locationIds[index % shape.locationIds.length];
  if (id === undefined) throw new Error('the initial load needs at least one platform location');
  return id;
}

export const directRole = (shape: InitialLoadShape, user: number) =>
  `AGENT_${location(shape, user)}_STORE_ASSISTANT`;
export const groupRole = (shape: InitialLoadShape, group: number) =>
  `AGENT_${location(shape, group)}_STORE_MANAGER`;

/** The groups user `user` belongs to, by group index (see `InitialLoadShape.membership`). */
export function groupsOfUser(shape: InitialLoadShape, user: number): number[] {
  if (shape.membership === 'two-per-user') {
    if (shape.groups < 2) return shape.groups === 1 ? [0] : [];
    return [user % shape.groups, (user + 1) % shape.groups];
  }
  const group = Math.floor(user / shape.membersPerGroup);
  return group < shape.groups ? [group] : [];
}

/** The users of group `group`, by user index, in ascending order; the inverse of groupsOfUser. */
export function membersOfGroup(shape: InitialLoadShape, group: number): number[] {
  if (shape.membership === 'blocks') {
    const first = group * shape.membersPerGroup;
    const end = Math.min(first + shape.membersPerGroup, shape.users);
    return Array.from({ length: Math.max(end - first, 0) }, (_, offset) => first + offset);
  }
  // Users u with u mod G = group (their first group) or u mod G = group - 1 (their second).
  const members: number[] = [];
  const previous = (group - 1 + shape.groups) % shape.groups;
  for (let base = 0; base < shape.users; base += shape.groups) {
    for (const offset of previous < group ? [previous, group] : [group, previous]) {
      if (base + offset < shape.users) members.push(base + offset);
    }
  }
  return shape.groups === 1 ? [...new Set(members)] : members;
}

/** How many member values the membership step sends in all. */
export function membershipCount(shape: InitialLoadShape): number {
  return shape.membership === 'two-per-user'
    ? shape.users * Math.min(shape.groups, 2)
    : Math.min(shape.groups * shape.membersPerGroup, shape.users);
}

/** The platform account user `index` must end with: ACTIVE, its direct role and its groups' roles. */
export function expectedRoles(shape: InitialLoadShape, user: number): string[] {
  const roles = new Set([
    directRole(shape, user),
    ...groupsOfUser(shape, user).map((g) => groupRole(shape, g)),
  ]);
  return [...roles].sort();
}

export function initialLoadRequest(
  step: InitialLoadStep,
  fixture: InitialLoadFixture,
  index: number,
): RequestSpec {
  switch (step) {
    case 'users': {
      const body = entraUser(loadUserName(index), index);
      body.roles = [
        { primary: false, type: 'WindowsAzureActiveDirectoryRole', value: directRole(fixture, index) },
      ];
      return { method: 'POST', path: '/Users', body: JSON.stringify(body), expectStatus: 201 };
    }
    case 'groups': {
      const body = {
        schemas: [CORE_GROUP, CONNECTOR_GROUP],
        displayName: loadGroupName(index),
        externalId: `load-group-${index}`,
        members: [],
        [CONNECTOR_GROUP]: { roles: [{ value: groupRole(fixture, index) }] },
      };
      return { method: 'POST', path: '/Groups', body: JSON.stringify(body), expectStatus: 201 };
    }
    case 'members': {
      const groupId = fixture.groupIds[index];
      if (groupId === undefined) throw new Error(`group ${index} was not created`);
      const value = membersOfGroup(fixture, index).map((user) => ({ value: fixture.userIds[user] }));
      const body = { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value }] };
      return { method: 'PATCH', path: `/Groups/${groupId}`, body: JSON.stringify(body), expectStatus: 204 };
    }
  }
}
