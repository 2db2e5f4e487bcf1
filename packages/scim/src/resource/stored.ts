/**
 * Representations of the store's records: the user with the connector's read-only extension and its groups,
 * the group with its members (each with a `$ref`). Thin adapters over `toRepresentation`.
 */

import { CONNECTOR_USER_SCHEMA } from '../schema/urns.ts';
import type { MemberRef, StoredGroup, StoredUser, UserGroupRef } from '../store/port.ts';
import type { JsonObject } from './json.ts';
import { type ProjectionOptions, resourceLocation, toRepresentation } from './project.ts';

/** What the sync worker and governance made of the user (docs/architecture.md §5.4). */
export interface ConnectorUserState {
  platformStatus?: string;
  blockedReasons?: readonly string[];
  /** ISO 8601. */
  lastSyncedAt?: string;
  /** Why the user is parked (platformStatus PARKED): the platform's last refusal. */
  syncError?: string;
  /** ISO 8601: since when reconciliation has found the account drifted. */
  driftDetectedAt?: string;
}

export interface UserRepresentationOptions extends ProjectionOptions {
  baseUrl: string;
  connector?: ConnectorUserState;
  groups?: readonly UserGroupRef[];
}

export interface GroupRepresentationOptions extends ProjectionOptions {
  baseUrl: string;
}

export function userRepresentation(user: StoredUser, options: UserRepresentationOptions): JsonObject {
  const { [CONNECTOR_USER_SCHEMA]: _storedState, ...stored } = user.resource;
  const resource: JsonObject = {
    ...stored,
    userName: user.userName,
    active: user.active,
    ...(user.externalId !== undefined ? { externalId: user.externalId } : {}),
  };
  if (options.groups && options.groups.length > 0) {
    resource.groups = options.groups.map((group) => ({
      value: group.value,
      $ref: resourceLocation(options.baseUrl, 'Group', group.value),
      ...(group.display !== undefined ? { display: group.display } : {}),
      ...(group.type !== undefined ? { type: group.type } : {}),
    }));
  }
  if (options.connector) resource[CONNECTOR_USER_SCHEMA] = { ...options.connector };
  return toRepresentation('User', { id: user.id, resource, meta: user, baseUrl: options.baseUrl }, options);
}

/** `members` is present (possibly `[]`) when the group was loaded with its members, absent otherwise. */
export function groupRepresentation(group: StoredGroup, options: GroupRepresentationOptions): JsonObject {
  const resource: JsonObject = {
    ...group.resource,
    displayName: group.displayName,
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
  };
  delete resource.members;
  if (group.members) resource.members = group.members.map((member) => memberValue(member, options.baseUrl));
  return toRepresentation(
    'Group',
    { id: group.id, resource, meta: group, baseUrl: options.baseUrl },
    options,
  );
}

function memberValue(member: MemberRef, baseUrl: string): JsonObject {
  return {
    value: member.value,
    $ref: resourceLocation(baseUrl, member.type, member.value),
    type: member.type,
    ...(member.display !== undefined ? { display: member.display } : {}),
  };
}
