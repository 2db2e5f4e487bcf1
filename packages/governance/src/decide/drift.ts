/**
 * How an existing platform account differs from what the directory says it should be: the exact role
 * difference (the platform only adds roles on update, so removals are explicit), status, profile and user type.
 */
import { formatRoleName, type RoleRef } from '@scim-connector/role-grammar';
import type { EffectiveRole, PlatformState, Trigger, UserType } from '../types.ts';

export interface Drift {
  addRoles: RoleRef[];
  removeRoles: RoleRef[];
  status: boolean;
  profile: boolean;
  /** The account's user type is not the decided one (never when no type was decided). */
  userType: boolean;
}

/** Triggers that may carry a profile change, pushed when the caller could not compare profiles. */
const PROFILE_TRIGGERS: ReadonlySet<Trigger> = new Set(['user.created', 'user.updated', 'resync', 'drift']);

export const NO_DRIFT: Drift = {
  addRoles: [],
  removeRoles: [],
  status: false,
  profile: false,
  userType: false,
};

export function computeDrift(
  trigger: Trigger,
  platform: PlatformState,
  effective: readonly EffectiveRole[],
  userType: UserType | null,
): Drift {
  if (!platform.exists) return NO_DRIFT;
  const held = new Set(platform.roles.map(formatRoleName));
  const wanted = new Set(effective.map((role) => role.name));
  return {
    addRoles: effective.filter((role) => !held.has(role.name)).map((role) => role.ref),
    removeRoles: platform.roles.filter((role) => !wanted.has(formatRoleName(role))),
    status: platform.status !== 'ACTIVE',
    profile: platform.profileInSync === undefined ? PROFILE_TRIGGERS.has(trigger) : !platform.profileInSync,
    userType: userType !== null && !sameUserType(userType, platform.userType),
  };
}

export function hasDrift(drift: Drift): boolean {
  return (
    drift.addRoles.length > 0 ||
    drift.removeRoles.length > 0 ||
    drift.status ||
    drift.profile ||
    drift.userType
  );
}

/** Same type and, for RETAILER / LOCATION, the same primary context. */
export function sameUserType(a: UserType, b: UserType | undefined): boolean {
  if (b === undefined || a.type !== b.type) return false;
  if (a.type === 'RETAILER') return b.type === 'RETAILER' && a.primaryRetailer === b.primaryRetailer;
  if (a.type === 'LOCATION') return b.type === 'LOCATION' && a.primaryLocation === b.primaryLocation;
  return true;
}

/** Levels of access, highest first: ADMIN (the account) > RETAILER (one retailer) > LOCATION (one location). */
const USER_TYPE_LEVEL: Readonly<Record<UserType['type'], number>> = { ADMIN: 3, RETAILER: 2, LOCATION: 1 };

/**
 * Whether `to` is a strictly lower level than `from` (ADMIN > RETAILER > LOCATION): a change that only takes
 * access away. A type the connector does not decide (`from` undefined) has no level, so nothing lowers it.
 */
export function lowersUserType(to: UserType, from: UserType | undefined): boolean {
  return from !== undefined && USER_TYPE_LEVEL[to.type] < USER_TYPE_LEVEL[from.type];
}
