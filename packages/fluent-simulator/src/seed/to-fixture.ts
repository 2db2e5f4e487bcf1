/** Dumps the platform's current state in the fixture format (the CLI prints it; a dump loads back unchanged). */
import { formatRoleName } from '@scim-connector/role-grammar';
import type { PlatformModel } from '../model/platform-model.ts';
import type { User } from '../model/types.ts';
import type { FixtureUser, PlatformFixture } from './fixture.ts';

export function toFixture(model: PlatformModel): PlatformFixture {
  return {
    accounts: model.listAccounts().map(({ id }) => ({ id })),
    retailers: model.listRetailers().map(({ status, ...retailer }) => ({
      ...withoutUndefined(retailer),
      ...(status !== 'ACTIVE' ? { status } : {}),
    })),
    locations: model.listLocations().map(({ status, ...location }) => ({
      ...withoutUndefined(location),
      ...(status !== 'ACTIVE' ? { status } : {}),
    })),
    roles: model.listRoles().map((role) => role.name),
    users: model
      .listUsers()
      .reverse()
      .map((user) => fixtureUser(user)),
    settings: model.listSettings().map((setting) => withoutUndefined({ ...setting })),
  };
}

/** The user with its roles as canonical role names, sorted. */
export function fixtureUser(user: Readonly<User>): FixtureUser {
  return withoutUndefined({
    id: user.id,
    username: user.username,
    ref: user.ref,
    status: user.status,
    roles: user.roles
      .flatMap((userRole) =>
        userRole.contexts.map((context) => formatRoleName({ ...context, role: userRole.roleName })),
      )
      .sort(),
    title: user.title,
    firstName: user.firstName,
    lastName: user.lastName,
    primaryEmail: user.primaryEmail,
    primaryPhone: user.primaryPhone,
    type: user.type,
    department: user.department,
    country: user.country,
    timezone: user.timezone,
    language: user.language?.value,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
