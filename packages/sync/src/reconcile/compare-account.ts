/**
 * The pure heart of reconciliation (docs/architecture.md, "Drift reconciliation"): what the current decision
 * says a linked account should hold, and how the account as read from the platform differs from that.
 *
 * What the decision says:
 * - deactivate: INACTIVE with no role (offboarding withdraws every role, §5.2);
 * - block: no grant and no profile change is made, but a role no source grants any more must go (reductions are
 *   never blocked), so a held role outside the effective set is drift and a missing one is not; likewise a user
 *   type above the decided one is drift (a block lets a lowering through, docs/rules.md) and one below is not;
 * - create / update / none: ACTIVE with exactly the effective roles, the decided user type and the mapped profile.
 * A role the IdP and the rules do not grant is always drift, whatever the outcome: fail closed.
 */
import {
  type EffectiveRole,
  lowersUserType,
  type Outcome,
  sameUserType,
  type UserType,
} from '@scim-connector/governance';
import type {
  PlatformProfile,
  PlatformUser,
  PlatformUserStatus,
  PlatformUserType,
} from '@scim-connector/platform';
import { formatRoleName } from '@scim-connector/role-grammar';
import type { DriftKind } from '@scim-connector/store';
import { differingProfileFields } from '../profile-match.ts';

export interface ExpectedAccount {
  /** Undefined: the decision leaves the status as it is (a block). */
  status: PlatformUserStatus | undefined;
  /** Canonical role names the decision grants. */
  roles: ReadonlySet<string>;
  /** Whether a granted role the account lacks is drift; false while governance withholds new grants. */
  grantsApplied: boolean;
  /** The profile fields the connector manages, as it maps them; undefined when the decision sets no profile. */
  profile: PlatformProfile | undefined;
  /**
   * The user type governance decided; undefined when the decision sets none (deactivation, or no type decided).
   * While grants are withheld only an account above this level is drift.
   */
  userType: UserType | undefined;
}

export interface AccountDifferences {
  /** Held on the platform, not granted by the IdP and the rules. */
  extraRoles: string[];
  /** Granted, not held. */
  missingRoles: string[];
  status: { expected: PlatformUserStatus; actual: PlatformUserStatus } | null;
  /** Names of managed profile fields that differ (never their values: findings and logs carry no profile data). */
  profileFields: string[];
  /** The account's type (undefined: one the connector does not decide) is not the decided one. */
  userType: { expected: PlatformUserType; actual: PlatformUserType | undefined } | null;
}

export function expectedAccount(
  outcome: Outcome,
  effective: readonly EffectiveRole[],
  profile: PlatformProfile | undefined,
  userType: UserType | null,
): ExpectedAccount {
  const granted = new Set(effective.map((role) => role.name));
  const decided = userType ?? undefined;
  switch (outcome) {
    case 'deactivate':
      return {
        status: 'INACTIVE',
        roles: new Set(),
        grantsApplied: true,
        profile: undefined,
        userType: undefined,
      };
    case 'block':
      return {
        status: undefined,
        roles: granted,
        grantsApplied: false,
        profile: undefined,
        userType: decided,
      };
    default:
      return { status: 'ACTIVE', roles: granted, grantsApplied: true, profile, userType: decided };
  }
}

export function compareAccount(account: PlatformUser, expected: ExpectedAccount): AccountDifferences {
  const held = new Set(account.roles.map(formatRoleName));
  const extraRoles = [...held].filter((role) => !expected.roles.has(role)).sort();
  const missingRoles = expected.grantsApplied
    ? [...expected.roles].filter((role) => !held.has(role)).sort()
    : [];
  const status =
    expected.status !== undefined && expected.status !== account.status
      ? { expected: expected.status, actual: account.status }
      : null;
  return {
    extraRoles,
    missingRoles,
    status,
    profileFields:
      expected.profile === undefined ? [] : differingProfileFields(expected.profile, account.profile),
    userType: userTypeDifference(account.userType, expected),
  };
}

/** The same rule as governance's (drift.userType, and a block letting only a lowering through): never stricter. */
function userTypeDifference(
  actual: PlatformUserType | undefined,
  expected: ExpectedAccount,
): AccountDifferences['userType'] {
  const wanted = expected.userType;
  if (wanted === undefined || sameUserType(wanted, actual)) return null;
  if (!expected.grantsApplied && !lowersUserType(wanted, actual)) return null;
  return { expected: wanted, actual };
}

export function driftKinds(differences: AccountDifferences): DriftKind[] {
  const kinds: DriftKind[] = [];
  if (differences.extraRoles.length > 0) kinds.push('extra-role');
  if (differences.missingRoles.length > 0) kinds.push('missing-role');
  if (differences.status !== null) kinds.push('status');
  if (differences.profileFields.length > 0) kinds.push('profile');
  if (differences.userType !== null) kinds.push('user-type');
  return kinds;
}
