/**
 * Group membership rules on top of the generic multi-valued semantics: a member id that
 * names nothing is skipped and reported as a warning, never a 400 for the whole request (Okta does not retry a
 * 400, so one stale id would block every other change: fleetdm/fleet#52600). The service decides existence
 * before applying, with the ids `referencedMemberIds` lists.
 */
import { invalidValue } from '../errors.ts';
import { CORE_GROUP_SCHEMA } from '../schema/index.ts';
import { isPlainObject } from './json.ts';
import type { PatchOperation } from './operation.ts';
import type { ApplyState } from './state.ts';
import type { Target } from './target.ts';

export function isGroupMembers(state: ApplyState, target: Target): boolean {
  return (
    state.resourceType === 'Group' && target.extensionUri === undefined && target.attribute.name === 'members'
  );
}

/** Whether a new `members` element may join; records a warning when its id names no resource. */
export function admitMember(element: unknown, state: ApplyState): boolean {
  const id = isPlainObject(element) ? element.value : undefined;
  if (typeof id !== 'string' || id.trim() === '') {
    throw invalidValue('Every "members" entry needs a "value": the id of the user or group to add.');
  }
  if (state.memberExists(id)) return true;
  state.warnings.push({
    code: 'unknown-member',
    detail: `Member "${id}" names no user or group on this server; it was not added, the rest was applied.`,
  });
  return false;
}

/**
 * Every member id the operations could add to a group, so the caller can look them all up in one query before
 * calling `applyPatch` (which is synchronous, to keep a request atomic).
 */
export function referencedMemberIds(operations: readonly PatchOperation[]): string[] {
  const ids = new Set<string>();
  for (const operation of operations) {
    if (operation.op === 'remove') continue;
    if (operation.path === undefined) {
      if (isPlainObject(operation.value)) collectIds(membersOf(operation.value), ids);
      continue;
    }
    const { path, filter } = operation.path;
    if (!namesMembers(path.uri, path.attr)) continue;
    collectIds(operation.value, ids);
    if (
      filter?.kind === 'compare' &&
      filter.op === 'eq' &&
      filter.path.attr.toLowerCase() === 'value' &&
      typeof filter.value === 'string'
    ) {
      ids.add(filter.value);
    }
  }
  return [...ids];
}

function namesMembers(uri: string | undefined, attr: string): boolean {
  return (
    (uri === undefined || uri.toLowerCase() === CORE_GROUP_SCHEMA.toLowerCase()) &&
    attr.toLowerCase() === 'members'
  );
}

function membersOf(value: Record<string, unknown>): unknown {
  for (const [key, member] of Object.entries(value)) {
    if (key.toLowerCase() === 'members') return member;
  }
  return undefined;
}

function collectIds(value: unknown, ids: Set<string>): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (isPlainObject(item) && typeof item.value === 'string') ids.add(item.value);
  }
}
