/**
 * The platform changes an outcome implies (docs/architecture.md §5.2; docs/rules.md, How a decision is made).
 * Block and none change nothing: no partial updates.
 */
import type { EffectiveRole, Outcome, PlatformChanges, PlatformState } from '../types.ts';
import type { Drift } from './drift.ts';

const NOTHING: PlatformChanges = {
  createAccount: false,
  status: null,
  addRoles: [],
  removeRoles: [],
  updateProfile: false,
};

export function changesFor(
  outcome: Outcome,
  platform: PlatformState,
  effective: readonly EffectiveRole[],
  drift: Drift,
): PlatformChanges {
  switch (outcome) {
    case 'create':
      return {
        createAccount: true,
        status: 'ACTIVE',
        addRoles: effective.map((role) => role.ref),
        removeRoles: [],
        updateProfile: true,
      };
    case 'update':
      return {
        createAccount: false,
        status: drift.status ? 'ACTIVE' : null,
        addRoles: drift.addRoles,
        removeRoles: drift.removeRoles,
        updateProfile: drift.profile,
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
      };
    default:
      return { ...NOTHING };
  }
}
