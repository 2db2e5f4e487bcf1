/**
 * Builds a PlatformModel from a fixture. Keys the fixture leaves out are taken from `base` (the default seed
 * unless told otherwise), so a rule test can say only `{"users": [...]}` and still have the usual catalogue;
 * an explicit empty list (`"roles": []`) empties that part.
 */
import { randomUUID } from 'node:crypto';
import { parseRoleName } from '@scim-connector/role-grammar';
import { FluentError } from '../model/fluent-error.ts';
import type { UserRoleInput } from '../model/inputs.ts';
import { PlatformModel } from '../model/platform-model.ts';
import { defaultSeed } from './default-seed.ts';
import type { FixtureUser, PlatformFixture } from './fixture.ts';
import { FixtureError } from './fixture-error.ts';
import { parseFixture } from './load-fixture.ts';

export interface CreateModelOptions {
  /** Supplies the keys `fixture` lacks; default: the default seed. Pass `{}` to use the fixture alone. */
  base?: PlatformFixture;
  /** Clock for createdOn/updatedOn. */
  now?: () => Date;
  /** Named in error messages, e.g. the fixture's file path. */
  source?: string;
}

export function createPlatformModel(
  fixture: PlatformFixture = defaultSeed,
  options: CreateModelOptions = {},
) {
  const source = options.source ?? '(seed)';
  const seed = parseFixture({ ...(options.base ?? defaultSeed), ...fixture }, source);
  const model = new PlatformModel(options.now ? { now: options.now } : {});
  const problems: string[] = [];
  const load = <T>(key: string, items: readonly T[] | undefined, add: (item: T) => void) => {
    items?.forEach((item, index) => {
      try {
        add(item);
      } catch (error) {
        if (!(error instanceof FluentError)) throw error;
        problems.push(`${key}[${index}]: ${error.message}`);
      }
    });
  };
  load('accounts', seed.accounts, (account) => model.addAccount(account));
  load('retailers', seed.retailers, (retailer) => model.addRetailer({ ref: `R${retailer.id}`, ...retailer }));
  load('locations', seed.locations, (location) => model.addLocation({ ref: `L${location.id}`, ...location }));
  load('roles', seed.roles, (name) => model.createRole({ name }));
  load('users', seed.users, (user) => model.createUser(createUserInput(user), seededFields(user)));
  load('settings', seed.settings, ({ id, ...setting }) => model.createSetting(setting, id ? { id } : {}));
  if (problems.length > 0) throw new FixtureError(source, problems);
  return model;
}

/** Fills the fields Fluent requires but a fixture may omit. */
function createUserInput(user: FixtureUser) {
  const { id: _id, status: _status, roles, language, ...profile } = user;
  return {
    ...profile,
    ref: user.ref ?? user.username,
    password: randomUUID(),
    primaryEmail: user.primaryEmail ?? user.username,
    type: user.type ?? 'ADMIN',
    timezone: user.timezone ?? 'UTC',
    ...(language ? { language: { value: language } } : {}),
    roles: groupRoleNames(roles ?? []),
  };
}

function seededFields(user: FixtureUser) {
  return { ...(user.id ? { id: user.id } : {}), status: user.status ?? 'ACTIVE' };
}

/** `["AGENT_134_STORE", "AGENT_135_STORE"]` -> one UserRoleInput for STORE with two contexts. */
function groupRoleNames(names: readonly string[]): UserRoleInput[] {
  const byRole = new Map<string, UserRoleInput>();
  for (const name of names) {
    const parsed = parseRoleName(name);
    if (!parsed.ok) continue; // parseFixture has already reported it
    const { role, contextType, contextId } = parsed.value;
    const entry = byRole.get(role) ?? { role: { name: role }, contexts: [] };
    entry.contexts.push({ contextType, contextId });
    byRole.set(role, entry);
  }
  return [...byRole.values()];
}
