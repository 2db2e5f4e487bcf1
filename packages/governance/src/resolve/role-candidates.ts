/**
 * Role resolution, first step (docs/architecture.md §5.1): every role name that applies to a user, with where it came
 * from — the user's own roles, and per group: group-roles.json, its `roles` extension, and its displayName only when
 * the rules opt in (`options.groupDisplayNamesAsRoles`).
 */
import { formatRoleName } from '@scim-connector/role-grammar';
import type { DirectoryUser, GroupRef, GroupRoleVia } from '../types.ts';
import type { GroupRolesIndex } from './group-index.ts';
import { parseRoleNameCached } from './parse-cache.ts';

export type CandidateOrigin = { type: 'direct' } | { type: 'group'; group: GroupRef; via: GroupRoleVia };

export interface RoleCandidate {
  name: string;
  origin: CandidateOrigin;
}

export interface CandidateOptions {
  groupDisplayNamesAsRoles: boolean;
}

export function collectCandidates(
  user: DirectoryUser,
  groupRoles: GroupRolesIndex,
  options: CandidateOptions,
): RoleCandidate[] {
  const candidates: RoleCandidate[] = user.directRoles.map((name) => ({ name, origin: { type: 'direct' } }));
  for (const group of user.groups) {
    const ref: GroupRef = { id: group.id, displayName: group.displayName };
    if (options.groupDisplayNamesAsRoles && isCanonicalRoleName(group.displayName)) {
      candidates.push({ name: group.displayName, origin: { type: 'group', group: ref, via: 'displayName' } });
    }
    for (const name of groupRoles.rolesFor(group)) {
      candidates.push({ name, origin: { type: 'group', group: ref, via: 'group-roles' } });
    }
    for (const name of group.roles ?? []) {
      candidates.push({ name, origin: { type: 'group', group: ref, via: 'extension' } });
    }
  }
  return candidates;
}

/**
 * Only the exact canonical spelling counts as a role-named group: `AGENT_134_STORE`, never ` agent_134_STORE `.
 * A name that is merely close to a role name is just a name; it is neither granted nor an unresolved role.
 */
function isCanonicalRoleName(displayName: string): boolean {
  const parsed = parseRoleNameCached(displayName);
  return parsed.ok && formatRoleName(parsed.value) === displayName;
}
