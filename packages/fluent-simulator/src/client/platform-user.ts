/** Between the platform's user (Fluent fields, roles grouped by role) and the connector's PlatformUser contract. */
import type { PlatformProfile, PlatformUser } from '@scim-connector/platform';
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
    'type',
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
