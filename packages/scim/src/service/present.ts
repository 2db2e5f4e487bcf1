/**
 * Turning stored records into SCIM representations: the connector's User extension is fetched for a whole page
 * of users in one call, and groups are loaded without members when the client excluded them (Entra's
 * `excludedAttributes=members` on every group lookup, Q14), which saves the membership query.
 */
import type { JsonObject } from '../resource/json.ts';
import type { ProjectionOptions } from '../resource/project.ts';
import { groupRepresentation, userRepresentation } from '../resource/stored.ts';
import { CORE_GROUP_SCHEMA } from '../schema/urns.ts';
import type { StoredGroup, StoredUser } from '../store/port.ts';
import type { ServiceDeps } from './context.ts';
import type { ProjectionParams } from './list-params.ts';

export async function presentUsers(
  deps: ServiceDeps,
  users: readonly StoredUser[],
  baseUrl: string,
  projection: ProjectionParams,
): Promise<JsonObject[]> {
  const states =
    deps.userExtension && users.length > 0 ? await deps.userExtension(users.map((u) => u.id)) : undefined;
  return users.map((user) => {
    const connector = states?.get(user.id);
    return userRepresentation(user, {
      baseUrl,
      ...projectionOptions(projection),
      ...(connector ? { connector } : {}),
    });
  });
}

export async function presentUser(
  deps: ServiceDeps,
  user: StoredUser,
  baseUrl: string,
  projection: ProjectionParams,
): Promise<JsonObject> {
  const [representation] = await presentUsers(deps, [user], baseUrl, projection);
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
  if (projection.excludedAttributes?.some(namesWholeMembers)) return false;
  if (projection.attributes) return projection.attributes.some(namesMembers);
  return true;
}

function stripCoreUrn(name: string): string {
  const lower = name.trim().toLowerCase();
  const prefix = `${CORE_GROUP_SCHEMA.toLowerCase()}:`;
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
}

function namesWholeMembers(name: string): boolean {
  return stripCoreUrn(name) === 'members';
}

function namesMembers(name: string): boolean {
  const bare = stripCoreUrn(name);
  return (
    bare === 'members' ||
    bare.startsWith('members.') ||
    name.trim().toLowerCase() === CORE_GROUP_SCHEMA.toLowerCase()
  );
}
