/** Reads the roles a group grants from its connector extension (`...:scim-connector:2.0:Group`, `roles[].value`). */
import type { ResourceJson } from '@scim-connector/scim';

export const CONNECTOR_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';

/** Attribute names are case-insensitive in SCIM, so neither the URN key nor `roles` is matched by case. */
function propertyIgnoringCase(object: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export function groupRoles(resource: ResourceJson): string[] {
  const extension = propertyIgnoringCase(resource, CONNECTOR_GROUP_SCHEMA);
  if (typeof extension !== 'object' || extension === null) return [];
  const roles = propertyIgnoringCase(extension as Record<string, unknown>, 'roles');
  if (!Array.isArray(roles)) return [];
  const values: string[] = [];
  for (const role of roles) {
    const value =
      typeof role === 'object' && role !== null
        ? propertyIgnoringCase(role as Record<string, unknown>, 'value')
        : role;
    if (typeof value === 'string' && value.trim() !== '') values.push(value.trim());
  }
  return [...new Set(values)];
}

export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((role) => right.has(role));
}
