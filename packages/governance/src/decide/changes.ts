/**
 * The platform changes an outcome implies (docs/architecture.md §5.2; docs/rules.md, How a decision is made).
 * Block and none grant nothing: no account, no role added, no profile change, no partial updates. A fired
 * `revoke` event still removes the roles no source grants any more, whatever the outcome: a block withholds
 * grants, never revocations. For the same reason a block lets through a change of user type that only lowers the
 * level of an account the connector manages (ADMIN > RETAILER > LOCATION): it takes access away, like a
 * revocation. Raising the level, or moving to another primary context of the same level, is a grant and waits.
 */
import type {
  EffectiveRole,
  Outcome,
  PlatformChanges,
  PlatformState,
  UserType,
  WithheldChanges,
} from '../types.ts';
import { type Drift, lowersUserType } from './drift.ts';

const NOTHING: PlatformChanges = {
  createAccount: false,
  status: null,
  addRoles: [],
  removeRoles: [],
  updateProfile: false,
  userType: null,
};

export const NOTHING_WITHHELD: WithheldChanges = {
  createAccount: false,
  addRoles: [],
  updateProfile: false,
  status: null,
  userType: null,
};

export function changesFor(
  outcome: Outcome,
  platform: PlatformState,
  effective: readonly EffectiveRole[],
  drift: Drift,
  revoke: boolean,
  userType: UserType | null,
): PlatformChanges {
  switch (outcome) {
    case 'create':
      return {
        createAccount: true,
        status: 'ACTIVE',
        addRoles: effective.map((role) => role.ref),
        removeRoles: [],
        updateProfile: true,
        userType,
      };
    case 'update':
      return {
        createAccount: false,
        status: drift.status ? 'ACTIVE' : null,
        addRoles: drift.addRoles,
        removeRoles: drift.removeRoles,
        updateProfile: drift.profile,
        userType: drift.userType ? userType : null,
      };
    case 'deactivate':
      // Every role is withdrawn on the platform; the directory keeps them, so reactivation restores them.
      if (!platform.exists) return { ...NOTHING };
      return {
        createAccount: false,
        status: platform.status === 'INACTIVE' ? null : 'INACTIVE',
        addRoles: [],
        removeRoles: [...platform.roles],
        updateProfile: false,
        userType: null,
      };
    case 'block':
      return {
        ...NOTHING,
        removeRoles: revoke ? drift.removeRoles : [],
        userType: lowersLevel(platform, drift, userType) ? userType : null,
      };
    case 'none':
      return { ...NOTHING, removeRoles: revoke ? drift.removeRoles : [] };
  }
}

/**
 * The decided type differs from a linked account's and is a lower level: a block lets it through. An account the
 * connector does not manage (`not-new`) keeps its type, as it keeps its roles.
 */
function lowersLevel(platform: PlatformState, drift: Drift, userType: UserType | null): boolean {
  return (
    platform.exists &&
    platform.linked &&
    drift.userType &&
    userType !== null &&
    lowersUserType(userType, platform.userType)
  );
}

/**
 * What a block held back: what create or update would have granted. Nothing for any other outcome. A change of
 * user type goes with the grants, so a block holds it back too (docs/rules.md, userTypes), unless it only lowers
 * the level of a linked account, which goes through (see changesFor).
 */
export function withheldBy(
  outcome: Outcome,
  platform: PlatformState,
  effective: readonly EffectiveRole[],
  drift: Drift,
  userType: UserType | null,
): WithheldChanges {
  if (outcome !== 'block') return { ...NOTHING_WITHHELD };
  if (!platform.exists) {
    return {
      createAccount: true,
      addRoles: effective.map((role) => role.ref),
      updateProfile: true,
      status: 'ACTIVE',
      userType,
    };
  }
  return {
    createAccount: false,
    addRoles: drift.addRoles,
    updateProfile: drift.profile,
    status: drift.status ? 'ACTIVE' : null,
    userType: drift.userType && !lowersLevel(platform, drift, userType) ? userType : null,
  };
}
