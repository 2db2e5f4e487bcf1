/**
 * Group members: which ids name a user or a group, decided in the write's transaction before anything is
 * applied. An id that names nothing (or the group itself) is skipped and reported, never a 400 for the whole
 * request: Okta does not retry a 400, so one stale id would block every other change.
 */
import { invalidValue } from '../errors.ts';
import { isJsonObject } from '../resource/json.ts';
import type { MemberRef, ResourceType, ScimReader } from '../store/port.ts';

export interface MemberDirectory {
  /** The type of the resource an id names, when it can be a member of this group. */
  typeOf(id: string): ResourceType | undefined;
  has(id: string): boolean;
}

/** Looks up all `ids` with two queries. A group is never its own member. */
export async function lookUpMembers(
  reader: ScimReader,
  groupId: string | undefined,
  ids: readonly string[],
  knownMembers: readonly MemberRef[] = [],
): Promise<MemberDirectory> {
  const known = new Map(knownMembers.map((member) => [member.value, member.type]));
  const unknown = [...new Set(ids)].filter((id) => !known.has(id) && id !== groupId);
  const [users, groups] =
    unknown.length === 0
      ? [new Set<string>(), new Set<string>()]
      : await Promise.all([reader.existingUserIds(unknown), reader.existingGroupIds(unknown)]);
  const typeOf = (id: string): ResourceType | undefined =>
    known.get(id) ?? (users.has(id) ? 'User' : groups.has(id) ? 'Group' : undefined);
  return { typeOf, has: (id) => typeOf(id) !== undefined };
}

export function memberIdsOf(members: unknown): string[] {
  if (!Array.isArray(members)) return [];
  return members.flatMap((member) =>
    isJsonObject(member) && typeof member.value === 'string' ? [member.value] : [],
  );
}

/**
 * The store's member list for canonical `members` elements: de-duplicated by id, typed from the directory,
 * unknown ids left out and described in `skipped`.
 */
export function toMemberRefs(
  members: unknown,
  directory: MemberDirectory,
): { members: MemberRef[]; skipped: string[] } {
  if (members === undefined || members === null) return { members: [], skipped: [] };
  if (!Array.isArray(members)) throw invalidValue("Attribute 'members' must be an array of {value} objects.");
  const refs = new Map<string, MemberRef>();
  const skipped: string[] = [];
  for (const element of members) {
    const id = isJsonObject(element) ? element.value : undefined;
    if (typeof id !== 'string' || id.trim() === '') {
      throw invalidValue('Every "members" entry needs a "value": the id of the user or group to add.');
    }
    const type = directory.typeOf(id);
    if (type === undefined) {
      skipped.push(
        `Member "${id}" names no user or group on this server; it was not added, the rest was applied.`,
      );
      continue;
    }
    if (refs.has(id)) continue;
    const display =
      isJsonObject(element) && typeof element.display === 'string' ? element.display : undefined;
    refs.set(id, { value: id, type, ...(display !== undefined ? { display } : {}) });
  }
  return { members: [...refs.values()], skipped };
}
