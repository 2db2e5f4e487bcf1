/**
 * The user attributes IdPs and admins filter and sort on, kept in columns of `users` beside the resource JSON so
 * a filter or `sortBy` on them runs in SQL with a limit (issue #13, docs/architecture.md section 7): displayName,
 * title, name.givenName, name.familyName and the enterprise extension's employeeNumber and department. All are
 * `caseExact: false` strings (RFC 7643 sections 4.1.1 and 4.3), so the columns hold the folded value; an
 * attribute that is absent, or not a string, is NULL.
 */
import type { ResourceJson } from '@scim-connector/scim';
import type { UsersTable } from '../schema/database.ts';
import { fold } from './fold.ts';

export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export type UserAttributeColumns = Pick<
  UsersTable,
  | 'display_name_folded'
  | 'title_folded'
  | 'given_name_folded'
  | 'family_name_folded'
  | 'employee_number_folded'
  | 'department_folded'
>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `object[name]` with SCIM's case-insensitive attribute names (RFC 7643 section 2.1), own keys only. */
function attribute(object: unknown, name: string): unknown {
  if (!isRecord(object)) return undefined;
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
  return undefined;
}

function folded(value: unknown): string | null {
  return typeof value === 'string' ? fold(value) : null;
}

export function userAttributeColumns(resource: ResourceJson): UserAttributeColumns {
  const name = attribute(resource, 'name');
  const enterprise = attribute(resource, ENTERPRISE_USER_URN);
  return {
    // An empty string stays '' (not NULL): `displayName eq ""` matches it, as the in-memory predicate does.
    display_name_folded: folded(attribute(resource, 'displayName')),
    title_folded: folded(attribute(resource, 'title')),
    given_name_folded: folded(attribute(name, 'givenName')),
    family_name_folded: folded(attribute(name, 'familyName')),
    employee_number_folded: folded(attribute(enterprise, 'employeeNumber')),
    department_folded: folded(attribute(enterprise, 'department')),
  };
}

/** The same columns from a stored resource's JSON text (the migration's backfill); unreadable JSON gives NULLs. */
export function userAttributeColumnsOfText(resourceText: string): UserAttributeColumns {
  let parsed: unknown;
  try {
    parsed = JSON.parse(resourceText);
  } catch {
    parsed = null;
  }
  return userAttributeColumns(isRecord(parsed) ? (parsed as ResourceJson) : {});
}
