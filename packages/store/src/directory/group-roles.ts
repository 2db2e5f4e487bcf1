/** The roles a group grants: `roles[].value` of its connector extension (`...:scim-connector:2.0:Group`). */
import {
  attributeIgnoringCase,
  CONNECTOR_GROUP_SCHEMA,
  type ResourceJson,
  rolesOf,
} from '@scim-connector/scim';

/** Read with the same leniency as a user's direct roles (`rolesOf`); the URN key matches in any case. */
export function groupRoles(resource: ResourceJson): string[] {
  return rolesOf(attributeIgnoringCase(resource, CONNECTOR_GROUP_SCHEMA));
}

export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((role) => right.has(role));
}
