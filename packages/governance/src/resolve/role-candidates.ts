/**
 * Role resolution, first step (docs/architecture.md §5.1): every role name that applies to a user, with where it came
 * from — the user's own roles, and per group: its displayName when that is a role name, group-roles.json, and its
 * `roles` extension.
 */
import type { DirectoryUser, GroupRef, GroupRoleVia } from '../types.ts';
import type { GroupRolesIndex } from './group-index.ts';
import { parseRoleNameCached } from './parse-cache.ts';

export type CandidateOrigin = { type: 'direct' } | { type: 'group'; group: GroupRef; via: GroupRoleVia };

export interface RoleCandidate {
  name: string;
  origin: CandidateOrigin;
}

export function collectCandidates(user: DirectoryUser, groupRoles: GroupRolesIndex): RoleCandidate[] {
  const candidates: RoleCandidate[] = user.directRoles.map((name) => ({ name, origin: { type: 'direct' } }));
  for (const group of user.groups) {
    const ref: GroupRef = { id: group.id, displayName: group.displayName };
    // A displayName that is not a role name is just a name: it is not an unresolved role.
    if (parseRoleNameCached(group.displayName).ok) {
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
