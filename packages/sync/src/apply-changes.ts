/**
 * Carries out a decision's platform changes in a safe order, and returns the account as it now stands.
 * - Create: one `createUser` with the status and every role, so the account never exists half-provisioned.
 * - Deactivate: status INACTIVE first (access ends at once), then every role withdrawn.
 * - Update: status/profile/user type in one call, then roles added, then roles removed, so a user moving between roles never holds
 *   none in between.
 * A failure midway leaves the dirty mark in place; the retry re-reads the platform and does only what is left.
 */
import type { PlatformChanges } from '@scim-connector/governance';
import {
  type PlatformClient,
  PlatformError,
  type PlatformProfile,
  type PlatformUser,
  type PlatformUserChange,
  type PlatformUserStatus,
} from '@scim-connector/platform';
import { formatRoleName, type RoleRef } from '@scim-connector/role-grammar';

export interface AccountState {
  id: string;
  username: string;
  status: PlatformUserStatus;
  roles: RoleRef[];
}

export interface ApplyRequest {
  changes: PlatformChanges;
  /** The account as read before deciding; absent when there is none. */
  account: PlatformUser | undefined;
  /** The username a new account gets. */
  userName: string;
  /** The mapped profile; required when the changes create an account or update the profile. */
  profile: () => PlatformProfile;
  /** Runs just before `createUser` (records the create intent). */
  beforeCreate: () => Promise<void>;
}

export interface ApplyResult {
  /** The account after the changes; undefined when there is still none. */
  account: AccountState | undefined;
  /** Whether any platform call was made. */
  changed: boolean;
}

export async function applyChanges(platform: PlatformClient, request: ApplyRequest): Promise<ApplyResult> {
  const { changes, account } = request;
  if (changes.createAccount) {
    const profile = request.profile();
    // Governance never decides a create without a type (it blocks `no-user-type`); refuse one rather than guess.
    if (changes.userType === null) {
      throw new PlatformError(`no user type was decided for "${request.userName}"; no account is created`, {
        transient: false,
      });
    }
    await request.beforeCreate();
    const created = await platform.createUser({
      username: request.userName,
      ref: request.userName,
      status: changes.status ?? 'ACTIVE',
      profile,
      userType: changes.userType,
      roles: changes.addRoles,
    });
    return { account: stateOf(created), changed: true };
  }
  if (account === undefined) return { account: undefined, changed: false };

  let changed = false;
  let status = account.status;
  if (changes.status !== null || changes.updateProfile || changes.userType !== null) {
    const change: PlatformUserChange = {};
    if (changes.updateProfile) change.profile = request.profile();
    if (changes.status !== null) change.status = changes.status;
    if (changes.userType !== null) change.userType = changes.userType;
    const updated = await platform.updateUser(account.id, change);
    status = updated.status;
    changed = true;
  }
  const add = async () => {
    if (changes.addRoles.length === 0) return;
    await platform.addRoles(account.id, changes.addRoles);
    changed = true;
  };
  const remove = async () => {
    if (changes.removeRoles.length === 0) return;
    await platform.removeRoles(account.id, changes.removeRoles);
    changed = true;
  };
  if (changes.status === 'INACTIVE') {
    await remove();
    await add();
  } else {
    await add();
    await remove();
  }
  return {
    account: {
      id: account.id,
      username: account.username,
      status,
      roles: rolesAfter(account.roles, changes),
    },
    changed,
  };
}

function stateOf(user: PlatformUser): AccountState {
  return { id: user.id, username: user.username, status: user.status, roles: [...user.roles] };
}

function rolesAfter(held: readonly RoleRef[], changes: PlatformChanges): RoleRef[] {
  const removed = new Set(changes.removeRoles.map(formatRoleName));
  const roles = new Map<string, RoleRef>();
  for (const role of held) if (!removed.has(formatRoleName(role))) roles.set(formatRoleName(role), role);
  for (const role of changes.addRoles) roles.set(formatRoleName(role), role);
  return [...roles.values()];
}
