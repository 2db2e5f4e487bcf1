/**
 * The one reader of a `roles` attribute (RFC 7643 section 4.1.2: `roles[].value`), for a user's direct roles and
 * for the roles a group's connector extension grants. Both feed the same governance step (docs/architecture.md §5.1), so
 * they read with the same leniency:
 *
 * - attribute names match case-insensitively (RFC 7643 section 2.1), both `roles` and `value`;
 * - an element may be an object with a `value` or a bare string (some IdP attribute mappings send those);
 * - values are trimmed, since role names are matched trimmed anyway (docs/architecture.md §5.1), and an empty or
 *   non-string value grants nothing;
 * - a role listed twice is one role (first spelling kept, order kept).
 */
import { isJsonObject, type JsonObject } from './json.ts';

/** The value of `name` in `object`, matched case-insensitively (RFC 7643 section 2.1). */
export function attributeIgnoringCase(object: JsonObject, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * The role names in `holder.roles[].value`: `holder` is a user resource, or the object of the connector group
 * extension. Anything that is not an object holding a `roles` array has no roles.
 */
export function rolesOf(holder: unknown): string[] {
  if (!isJsonObject(holder)) return [];
  const roles = attributeIgnoringCase(holder, 'roles');
  if (!Array.isArray(roles)) return [];
  const names = new Set<string>();
  for (const role of roles) {
    const value = isJsonObject(role) ? attributeIgnoringCase(role, 'value') : role;
    if (typeof value !== 'string') continue;
    const name = value.trim();
    if (name !== '') names.add(name);
  }
  return [...names];
}
