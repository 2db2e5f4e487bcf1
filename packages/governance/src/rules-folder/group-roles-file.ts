/** group-roles.json: role names every member of a group inherits, matched by displayName or externalId. */
import { parseRoleName } from '@scim-connector/role-grammar';
import type { GroupRolesEntry } from '../types.ts';
import type { DocumentSpec } from './document.ts';
import { childPointer, type Finding } from './finding.ts';

export const groupRolesDocument: DocumentSpec<GroupRolesEntry[]> = {
  schema: 'group-roles',
  check(value) {
    const entries = (value as { groups: GroupRolesEntry[] }).groups;
    const findings: Finding[] = [];
    const byDisplayName = new Map<string, number>();
    const byExternalId = new Map<string, number>();
    entries.forEach((entry, index) => {
      const at = childPointer('/groups', index);
      entry.roles.forEach((name, roleIndex) => {
        const parsed = parseRoleName(name);
        if (!parsed.ok) {
          findings.push({
            pointer: `${at}/roles/${roleIndex}`,
            stringIndex: parsed.error.offset,
            message: `'${name}' is not a valid role name: ${parsed.error.message} (character ${parsed.error.offset})`,
          });
        }
      });
      if (entry.displayName !== undefined) {
        noteDuplicate(
          byDisplayName,
          entry.displayName.toLowerCase(),
          index,
          `${at}/displayName`,
          'displayName',
          findings,
        );
      }
      if (entry.externalId !== undefined) {
        noteDuplicate(byExternalId, entry.externalId, index, `${at}/externalId`, 'externalId', findings);
      }
    });
    return { value: entries, findings };
  },
};

function noteDuplicate(
  seen: Map<string, number>,
  key: string,
  index: number,
  pointer: string,
  what: string,
  findings: Finding[],
): void {
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, index);
    return;
  }
  findings.push({
    pointer,
    message: `${what} '${key}' already has an entry at /groups/${first}: merge their roles`,
  });
}
