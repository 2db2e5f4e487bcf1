/**
 * Turning stored records into SCIM representations. What a user's representation needs beyond its own row —
 * the connector's User extension and the read-only `groups` — is fetched for a whole page of users at once (one
 * call each, never one per user), and `groups` only when the projection can show it. Groups are loaded without
 * members when the client excluded them (Entra's `excludedAttributes=members` on every group lookup), which
 * saves the membership query.
 */
import type { JsonObject } from '../resource/json.ts';
import type { ProjectionOptions } from '../resource/project.ts';
import { groupRepresentation, userRepresentation } from '../resource/stored.ts';
import type { StoredGroup, StoredUser } from '../store/port.ts';
import type { ServiceDeps } from './context.ts';
import type { ProjectionParams } from './list-params.ts';
import { projectionCanContain } from './wanted-attributes.ts';

export interface PresentUsersOptions {
  /**
   * The users were created by this request, so no group can list them yet (a group's members are checked to be
   * existing users when it is written, and a new user's id is new) and the sync has not linked them to an account:
   * their `groups` are known to be empty and they have no connector state. Neither is read.
   */
  created?: boolean;
}

export async function presentUsers(
  deps: ServiceDeps,
  users: readonly StoredUser[],
  baseUrl: string,
  projection: ProjectionParams,
  options: PresentUsersOptions = {},
): Promise<JsonObject[]> {
  const ids = users.map((user) => user.id);
  const lookUp = ids.length > 0 && !options.created;
  // One after the other rather than in parallel: a request holds at most one pooled connection at a time.
  const states = lookUp && deps.userExtension ? await deps.userExtension(ids) : undefined;
  const groups = lookUp && wantsGroups(projection) ? await deps.store.groupsOfUsers(ids) : undefined;
  return users.map((user) => {
    const connector = states?.get(user.id);
    const memberOf = groups?.get(user.id);
    return userRepresentation(user, {
      baseUrl,
      ...projectionOptions(projection),
      ...(connector ? { connector } : {}),
      ...(memberOf ? { groups: memberOf } : {}),
    });
  });
}

export async function presentUser(
  deps: ServiceDeps,
  user: StoredUser,
  baseUrl: string,
  projection: ProjectionParams,
  options: PresentUsersOptions = {},
): Promise<JsonObject> {
  const [representation] = await presentUsers(deps, [user], baseUrl, projection, options);
  return representation ?? {};
}

export function presentGroup(group: StoredGroup, baseUrl: string, projection: ProjectionParams): JsonObject {
  return groupRepresentation(group, { baseUrl, ...projectionOptions(projection) });
}

function projectionOptions(projection: ProjectionParams): ProjectionOptions {
  const options: ProjectionOptions = {};
  if (projection.attributes) options.attributes = projection.attributes;
  if (projection.excludedAttributes) options.excludedAttributes = projection.excludedAttributes;
  return options;
}

/** Whether the representation asked for can contain `members`, i.e. whether loading them is worth it. */
export function wantsMembers(projection: ProjectionParams): boolean {
  return projectionCanContain('Group', 'members', projection);
}

/** Whether the representation asked for can contain a user's `groups`, i.e. whether loading them is worth it. */
export function wantsGroups(projection: ProjectionParams): boolean {
  return projectionCanContain('User', 'groups', projection);
}
