/**
 * The initial load as an IdP's first provisioning cycle sends it: every user (each with one app role), then every
 * group (each granting one role through the connector's Group extension), then each group's members in one PATCH.
 * Also what the platform must hold afterwards, so a run can check every account.
 */
import type { RequestSpec } from '../load/request-spec.ts';
import { entraUser } from '../throughput/scenarios.ts';

export type InitialLoadStep = 'users' | 'groups' | 'members';

export interface InitialLoadShape {
  users: number;
  groups: number;
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

/** Group `g` holds users g*m .. g*m+m-1, so the first groups*m users are in one group each. */
export function groupOfUser(shape: InitialLoadShape, user: number): number | undefined {
  const group = Math.floor(user / shape.membersPerGroup);
  return group < shape.groups ? group : undefined;
}

/** The platform account user `index` must end with: ACTIVE, its direct role and its group's role. */
export function expectedRoles(shape: InitialLoadShape, user: number): string[] {
  const group = groupOfUser(shape, user);
  return [directRole(shape, user), ...(group === undefined ? [] : [groupRole(shape, group)])].sort();
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
      const first = index * fixture.membersPerGroup;
      const value = fixture.userIds
        .slice(first, first + fixture.membersPerGroup)
        .map((id) => ({ value: id }));
      const body = { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value }] };
      return { method: 'PATCH', path: `/Groups/${groupId}`, body: JSON.stringify(body), expectStatus: 204 };
    }
  }
}
