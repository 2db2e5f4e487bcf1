/**
 * PATCH requests that only add or remove group members — what IdPs send to push groups (Entra's batches of
 * `Add members`, `Remove members[value eq "..."]`, Okta's add and remove with a value list) — are applied to
 * the members they name instead of the whole member list. The PATCH engine runs unchanged on a group holding
 * just those members (found case-insensitively, as the engine compares them), which gives the same result for
 * them as on the full list, and the rest of the list is not read at all; the store then writes the difference.
 * A 100-member batch costs the same for a group of 100 or of 50,000. Anything else (replace of the list,
 * remove of all members, other filters or attributes) takes the general path.
 */
import type { CompareFilter, Filter, PatchPath } from '../filter/ast.ts';
import { applyPatch } from '../patch/apply.ts';
import { referencedMemberIds } from '../patch/members.ts';
import type { PatchOperation } from '../patch/operation.ts';
import { isJsonObject } from '../resource/json.ts';
import { validateResource } from '../resource/validate.ts';
import { CORE_GROUP_SCHEMA } from '../schema/urns.ts';
import type { MemberRef, MembershipChange, ScimTransaction, StoredGroup } from '../store/port.ts';
import { lookUpMembers, toMemberRefs } from './members.ts';
import { patchableGroup } from './patchable-group.ts';
import type { WriteReporter } from './warnings.ts';

/**
 * The member ids `operations` touch when every operation adds members or removes listed members; undefined
 * when any operation needs the whole group.
 */
export function membershipOnlyIds(operations: readonly PatchOperation[]): string[] | undefined {
  if (operations.length === 0) return undefined;
  const ids: string[] = [];
  for (const operation of operations) {
    const { path } = operation;
    if (path === undefined || !namesWholeMembers(path)) return undefined;
    if (path.filter === undefined) {
      // A remove without values empties the group: that one needs the list.
      if (operation.op === 'replace' || (operation.op === 'remove' && operation.value === undefined)) {
        return undefined;
      }
      ids.push(...valuesOf(operation.value));
      continue;
    }
    const id = operation.op === 'remove' ? memberIdFilter(path.filter) : undefined;
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}

function namesWholeMembers(path: PatchPath): boolean {
  const { uri, attr, sub } = path.path;
  return (
    sub === undefined &&
    path.sub === undefined &&
    attr.toLowerCase() === 'members' &&
    (uri === undefined || uri.toLowerCase() === CORE_GROUP_SCHEMA.toLowerCase())
  );
}

/** `value eq "id"` inside `members[...]`. */
function memberIdFilter(filter: Filter): string | undefined {
  if (filter.kind !== 'compare') return undefined;
  const compare: CompareFilter = filter;
  const { path } = compare;
  const namesValue = path.uri === undefined && path.sub === undefined && path.attr.toLowerCase() === 'value';
  return namesValue && compare.op === 'eq' && typeof compare.value === 'string' ? compare.value : undefined;
}

function valuesOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).flatMap((item) =>
    isJsonObject(item) && typeof item.value === 'string' ? [item.value] : [],
  );
}

/**
 * Applies membership-only `operations` to `group` (locked, loaded without members) and writes the difference.
 * Returns the group as written, or `group` itself when nothing changed.
 */
export async function patchMembership(
  tx: ScimTransaction,
  group: StoredGroup,
  operations: readonly PatchOperation[],
  touchedIds: readonly string[],
  report: WriteReporter,
): Promise<StoredGroup> {
  const touched = await tx.membersAmong(group.id, touchedIds);
  const directory = await lookUpMembers(tx, group.id, referencedMemberIds(operations), touched);
  const result = applyPatch(patchableGroup({ ...group, members: touched }), operations, {
    resourceType: 'Group',
    memberExists: (memberId) => directory.has(memberId),
  });
  report.warnings(result.warnings);
  if (!result.changed) return group;
  validateResource('Group', result.resource);
  const { members } = toMemberRefs(result.resource.members, directory);
  const change = membershipDiff(touched, members);
  // The version moves only when the stored membership does: unlike the general path, a request that adds and
  // removes the same member, or only reorders, is not a change.
  if (change.add.length + change.remove.length + change.update.length === 0) return group;
  return tx.changeMembers(group.id, change, { expectedVersion: group.version });
}

/** From the touched members before to after: who leaves, who joins (in order), whose type or display changes. */
export function membershipDiff(before: readonly MemberRef[], after: readonly MemberRef[]): MembershipChange {
  const afterById = new Map(after.map((member) => [member.value, member]));
  const beforeIds = new Set(before.map((member) => member.value));
  const update: MemberRef[] = [];
  const remove: string[] = [];
  for (const member of before) {
    const next = afterById.get(member.value);
    if (next === undefined) remove.push(member.value);
    else if (next.type !== member.type || next.display !== member.display) update.push(next);
  }
  return { add: after.filter((member) => !beforeIds.has(member.value)), remove, update };
}
