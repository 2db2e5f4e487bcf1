import type { RoleRef } from './types.ts';

/** The canonical spelling of a role: upper-case context type, id and role as they are. */
export function formatRoleName(ref: RoleRef): string {
  return `${ref.contextType.toUpperCase()}_${ref.contextId}_${ref.role}`;
}
