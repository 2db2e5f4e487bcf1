/** The canonical resource a Group PATCH works on: stored attributes, the name and externalId columns, members. */
import type { JsonObject } from '../resource/json.ts';
import type { StoredGroup } from '../store/port.ts';

export function patchableGroup(group: StoredGroup): JsonObject {
  return {
    ...group.resource,
    displayName: group.displayName,
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
    members: (group.members ?? []).map((member) => ({
      value: member.value,
      type: member.type,
      ...(member.display !== undefined ? { display: member.display } : {}),
    })),
  };
}
