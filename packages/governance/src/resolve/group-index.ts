/** group-roles.json indexed for lookup: by displayName (case-insensitive) and by externalId. */
import type { GroupRolesEntry, UserGroup } from '../types.ts';

export interface GroupRolesIndex {
  rolesFor(group: UserGroup): string[];
}

export function indexGroupRoles(entries: readonly GroupRolesEntry[]): GroupRolesIndex {
  const byDisplayName = new Map<string, GroupRolesEntry[]>();
  const byExternalId = new Map<string, GroupRolesEntry[]>();
  for (const entry of entries) {
    if (entry.displayName !== undefined) append(byDisplayName, entry.displayName.toLowerCase(), entry);
    if (entry.externalId !== undefined) append(byExternalId, entry.externalId, entry);
  }
  return {
    rolesFor(group) {
      const matches = new Set<GroupRolesEntry>(byDisplayName.get(group.displayName.toLowerCase()));
      if (group.externalId !== undefined)
        for (const entry of byExternalId.get(group.externalId) ?? []) matches.add(entry);
      return [...matches].flatMap((entry) => entry.roles);
    },
  };
}

function append(map: Map<string, GroupRolesEntry[]>, key: string, entry: GroupRolesEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}
