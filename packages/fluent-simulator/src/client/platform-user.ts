/** Between the platform's user (Fluent fields, roles grouped by role) and the connector's PlatformUser contract. */
import type { PlatformProfile, PlatformUser, PlatformUserType } from '@scim-connector/platform';
import type { RoleRef } from '@scim-connector/role-grammar';
import type { UserProfileInput, UserRoleInput } from '../model/inputs.ts';
import type { User } from '../model/types.ts';

export function toPlatformUser(user: Readonly<User>): PlatformUser {
  const profile: PlatformProfile = {};
  const fields = [
    'firstName',
    'lastName',
    'primaryEmail',
    'primaryPhone',
    'department',
    'title',
    'timezone',
  ] as const;
  for (const field of fields) {
    const value = user[field];
    if (value !== undefined) profile[field] = value;
  }
  if (user.language) profile.language = user.language.value;
  return {
    id: user.id,
    username: user.username,
    ref: user.ref,
    status: user.status,
    profile,
    userType: userTypeOf(user),
    roles: user.roles.flatMap((userRole) =>
      userRole.contexts.map((context) => ({ ...context, role: userRole.roleName })),
    ),
  };
}

/** The profile as Fluent input fields; only the fields given. */
export function profileInput(profile: PlatformProfile): UserProfileInput {
  const { language, ...fields } = profile;
  const input: UserProfileInput = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(input, { [field]: value });
  }
  if (language !== undefined) input.language = { value: language };
  return input;
}

/** Role assignments grouped the way Fluent takes them: one entry per role, with its contexts. */
export function groupRoles(roles: readonly RoleRef[]): UserRoleInput[] {
  const byRole = new Map<string, UserRoleInput>();
  for (const { role, contextType, contextId } of roles) {
    const entry = byRole.get(role) ?? { role: { name: role }, contexts: [] };
    entry.contexts.push({ contextType, contextId });
    byRole.set(role, entry);
  }
  return [...byRole.values()];
}

/** The user's type as the contract has it: ADMIN, or RETAILER / LOCATION with their primary context. */
function userTypeOf(user: Readonly<User>): PlatformUserType | undefined {
  if (user.type === 'ADMIN') return { type: 'ADMIN' };
  if (user.type === 'RETAILER' && user.primaryRetailerId !== undefined)
    return { type: 'RETAILER', primaryRetailer: user.primaryRetailerId };
  if (user.type === 'LOCATION' && user.primaryLocationId !== undefined)
    return { type: 'LOCATION', primaryLocation: user.primaryLocationId };
  return undefined;
}

/** The user type as Fluent input fields: `type` and the `{id}` of its primary context, if it has one. */
export function userTypeInput(
  userType: PlatformUserType,
): Pick<UserProfileInput, 'primaryRetailer' | 'primaryLocation'> & { type: string } {
  if ('primaryRetailer' in userType)
    return { type: userType.type, primaryRetailer: { id: userType.primaryRetailer } };
  if ('primaryLocation' in userType)
    return { type: userType.type, primaryLocation: { id: userType.primaryLocation } };
  return { type: userType.type };
}
