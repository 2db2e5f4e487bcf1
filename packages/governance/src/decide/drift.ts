/**
 * How an existing platform account differs from what the directory says it should be: the exact role
 * difference (the platform only adds roles on update, so removals are explicit), status and profile.
 */
import { formatRoleName, type RoleRef } from '@scim-connector/role-grammar';
import type { EffectiveRole, PlatformState, Trigger } from '../types.ts';

export interface Drift {
  addRoles: RoleRef[];
  removeRoles: RoleRef[];
  status: boolean;
  profile: boolean;
}

/** Triggers that may carry a profile change, pushed when the caller could not compare profiles. */
const PROFILE_TRIGGERS: ReadonlySet<Trigger> = new Set(['user.created', 'user.updated', 'resync', 'drift']);

export const NO_DRIFT: Drift = { addRoles: [], removeRoles: [], status: false, profile: false };

export function computeDrift(
  trigger: Trigger,
  platform: PlatformState,
  effective: readonly EffectiveRole[],
): Drift {
  if (!platform.exists) return NO_DRIFT;
  const held = new Set(platform.roles.map(formatRoleName));
  const wanted = new Set(effective.map((role) => role.name));
  return {
    addRoles: effective.filter((role) => !held.has(role.name)).map((role) => role.ref),
    removeRoles: platform.roles.filter((role) => !wanted.has(formatRoleName(role))),
    status: platform.status !== 'ACTIVE',
    profile: platform.profileInSync === undefined ? PROFILE_TRIGGERS.has(trigger) : !platform.profileInSync,
  };
}

export function hasDrift(drift: Drift): boolean {
  return drift.addRoles.length > 0 || drift.removeRoles.length > 0 || drift.status || drift.profile;
}
