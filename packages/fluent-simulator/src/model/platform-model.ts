/**
 * The in-memory platform: users, the role catalogue, retailers, locations, the account and settings, with the
 * rules Fluent enforces (required fields, lengths, unique usernames, known roles). Every mutation validates
 * everything before it changes anything, so a failed call leaves no trace — as Fluent's "partial mutations are not
 * permitted".
 *
 * Returned entities are the stored objects, typed read-only: callers must not change them.
 */
import { checkLength, checkOneOf, invalid, requireText } from './field-rules.ts';
import { FluentError, FluentErrorCode } from './fluent-error.ts';
import type {
  CreateRoleInput,
  CreateSettingInput,
  CreateUserInput,
  RemoveUserRolesFromUserInput,
  UpdateSettingInput,
  UpdateUserInput,
} from './inputs.ts';
import { byNumericId, type TextFilter } from './list-helpers.ts';
import { countAssignments, mergeRoles, removeRoles } from './role-assignments.ts';
import { type SettingFilter, Settings } from './settings.ts';
import {
  type Account,
  type Location,
  type Retailer,
  type Role,
  type Setting,
  USER_TYPES,
  type User,
  type UserStatus,
} from './types.ts';
import { type UserFilter, userMatches } from './user-filter.ts';
import { type ProfileReferences, profileChange, upsertAttributes } from './user-profile.ts';
import { checkTypeContext } from './user-type-rules.ts';
import { matchesAny } from './wildcard.ts';

/** Fields only a seed may set: Fluent's createUser has no status, and ids are the platform's to assign. */
export interface SeededUserFields {
  id?: string;
  status?: UserStatus;
}

export class PlatformModel {
  private readonly users = new Map<string, User>();
  private readonly usersByUsername = new Map<string, User>();
  private readonly roles = new Map<string, Role>();
  private readonly retailers = new Map<string, Retailer>();
  private readonly locations = new Map<string, Location>();
  private readonly accounts = new Map<string, Account>();
  private readonly settings = new Settings();
  private nextUserId = 10_001;
  private nextRoleId = 1;
  private userSeq = 0;
  private readonly now: () => Date;
  private readonly references: ProfileReferences = {
    retailerExists: (id) => this.retailers.has(id),
    locationExists: (id) => this.locations.has(id),
  };
  private readonly roleExists = (name: string) => this.roles.has(name);

  constructor(options: { now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
  }

  // ---- users -------------------------------------------------------------------------------------------------

  createUser(input: CreateUserInput | null | undefined, seeded: SeededUserFields = {}): User {
    const op = 'createUser';
    if (!input) throw invalid(op, '"input" is required');
    const username = requireText(op, 'username', input.username);
    const fields = {
      ref: requireText(op, 'ref', input.ref),
      primaryEmail: requireText(op, 'primaryEmail', input.primaryEmail),
      type: checkOneOf(op, 'type', requireText(op, 'type', input.type), USER_TYPES),
      timezone: requireText(op, 'timezone', input.timezone),
    };
    requireText(op, 'password', input.password);
    const profile = profileChange(op, input, this.references);
    checkTypeContext(op, { ...profile, type: fields.type });
    const roles = mergeRoles(op, this.roleExists, [], input.roles);
    if (this.usersByUsername.has(username)) {
      throw new FluentError(
        FluentErrorCode.alreadyExists,
        `${op}: a user with username "${username}" already exists`,
      );
    }
    const id = seeded.id ?? this.allocateUserId();
    if (this.users.has(id))
      throw new FluentError(FluentErrorCode.alreadyExists, `${op}: user id ${id} is taken`);
    const timestamp = this.now().toISOString();
    const user: User = {
      attributes: [],
      ...profile,
      ...fields,
      id,
      seq: ++this.userSeq,
      username,
      status: seeded.status ?? 'ACTIVE',
      createdOn: timestamp,
      updatedOn: timestamp,
      roles,
    };
    if (/^\d+$/.test(id)) this.nextUserId = Math.max(this.nextUserId, Number(id) + 1);
    this.users.set(id, user);
    this.usersByUsername.set(username, user);
    return user;
  }

  /** Changes the fields given; `roles` are added (merged by role name, contexts unioned), never removed. */
  updateUser(input: UpdateUserInput | null | undefined): User {
    const op = 'updateUser';
    if (!input) throw invalid(op, '"input" is required');
    const user = this.requireUser(op, { id: input.id });
    const change: Partial<User> = profileChange(op, input, this.references);
    for (const field of ['ref', 'primaryEmail', 'timezone'] as const) {
      const value = input[field];
      if (value !== undefined && value !== null) change[field] = requireText(op, field, value);
    }
    if (input.type !== undefined && input.type !== null) {
      change.type = checkOneOf(op, 'type', requireText(op, 'type', input.type), USER_TYPES);
    }
    if (input.status !== undefined && input.status !== null) {
      change.status = checkOneOf<UserStatus>(op, 'status', checkLength(op, 'status', input.status), [
        'ACTIVE',
        'INACTIVE',
      ]);
    }
    if (input.password !== undefined && input.password !== null) requireText(op, 'password', input.password);
    if (change.attributes) change.attributes = upsertAttributes(user.attributes, change.attributes);
    checkTypeContext(op, { ...user, ...change });
    const roles = mergeRoles(op, this.roleExists, user.roles, input.roles);
    Object.assign(user, change, { roles, updatedOn: this.now().toISOString() });
    return user;
  }

  /** Removes the listed (role, context) pairs; a role left with no context is dropped. Absent pairs are ignored. */
  removeUserRolesFromUser(input: RemoveUserRolesFromUserInput | null | undefined): { status: 'SUCCESS' } {
    const op = 'removeUserRolesFromUser';
    if (!input) throw invalid(op, '"input" is required');
    const user = this.requireUser(op, input.user);
    const roles = removeRoles(op, user.roles, input.roles);
    if (countAssignments(roles) !== countAssignments(user.roles)) {
      Object.assign(user, { roles, updatedOn: this.now().toISOString() });
    }
    return { status: 'SUCCESS' };
  }

  getUserById(id: string): Readonly<User> | undefined {
    return this.users.get(id);
  }

  getUserByUsername(username: string): Readonly<User> | undefined {
    return this.usersByUsername.get(username);
  }

  /** Fluent's `user(id, username)`: every key given must match the same user. */
  findUser(key: { id?: string | null; username?: string | null }): Readonly<User> | undefined {
    const byId = key.id != null ? this.users.get(key.id) : undefined;
    const byName = key.username != null ? this.usersByUsername.get(key.username) : undefined;
    if (key.id != null && key.username != null) return byId === byName ? byId : undefined;
    return byId ?? byName;
  }

  /** Users matching every filter given, newest first. */
  listUsers(filter: UserFilter = {}): Readonly<User>[] {
    const exactNames = filter.username?.every((name) => name !== null && !name.includes('%'));
    if (exactNames) {
      const candidates = (filter.username ?? []).flatMap(
        (name) => this.usersByUsername.get(name as string) ?? [],
      );
      return [...new Set(candidates)]
        .filter((user) => userMatches(user, filter))
        .sort((a, b) => b.seq - a.seq);
    }
    // The map keeps creation order, which is `seq` order: newest first is a backwards walk, not a sort of every
    // user for every page (a reconciliation pages through all of them).
    const all = [...this.users.values()];
    const matching: Readonly<User>[] = [];
    for (let index = all.length - 1; index >= 0; index--) {
      const user = all[index] as User;
      if (userMatches(user, filter)) matching.push(user);
    }
    return matching;
  }

  get userCount(): number {
    return this.users.size;
  }

  // ---- roles ---------------------------------------------------------------------------------------------------

  createRole(input: CreateRoleInput | null | undefined): Role {
    const op = 'createRole';
    if (!input) throw invalid(op, '"input" is required');
    const name = requireText(op, 'name', input.name);
    if (this.roles.has(name)) {
      throw new FluentError(FluentErrorCode.alreadyExists, `${op}: a role named "${name}" already exists`);
    }
    const permissions = (input.permissions ?? []).map((permission) => ({
      name: requireText(op, 'permissions.name', permission.name),
    }));
    const role: Role = { id: String(this.nextRoleId++), name, permissions };
    this.roles.set(name, role);
    return role;
  }

  getRole(name: string): Readonly<Role> | undefined {
    return this.roles.get(name);
  }

  /** The catalogue in creation order, optionally only the names given (`%` wildcards allowed). */
  listRoles(names?: TextFilter): Readonly<Role>[] {
    const all = [...this.roles.values()];
    return names ? all.filter((role) => matchesAny(role.name, names)) : all;
  }

  // ---- retailers, locations, the account -----------------------------------------------------------------------

  addAccount(account: Account): void {
    addUnique(this.accounts, account.id, { ...account }, 'account');
  }

  addRetailer(retailer: Omit<Retailer, 'status'> & { status?: string }): void {
    addUnique(this.retailers, retailer.id, { status: 'ACTIVE', ...retailer }, 'retailer');
  }

  addLocation(location: Omit<Location, 'status'> & { status?: string }): void {
    if (location.retailerId !== undefined && !this.retailers.has(location.retailerId)) {
      throw new FluentError(
        FluentErrorCode.notFound,
        `location ${location.id} belongs to retailer ${location.retailerId}, which does not exist`,
      );
    }
    addUnique(this.locations, location.id, { status: 'ACTIVE', ...location }, 'location');
  }

  listAccounts(): Readonly<Account>[] {
    return [...this.accounts.values()];
  }

  getRetailer(id: string): Readonly<Retailer> | undefined {
    return this.retailers.get(id);
  }

  listRetailers(refs?: TextFilter): Readonly<Retailer>[] {
    return byNumericId([...this.retailers.values()]).filter(
      (retailer) => !refs || matchesAny(retailer.ref, refs),
    );
  }

  getLocation(id: string): Readonly<Location> | undefined {
    return this.locations.get(id);
  }

  listLocations(
    filter: { ref?: TextFilter; retailerId?: readonly string[] | null } = {},
  ): Readonly<Location>[] {
    return byNumericId([...this.locations.values()]).filter(
      (location) =>
        (!filter.ref || matchesAny(location.ref, filter.ref)) &&
        (!filter.retailerId || filter.retailerId.includes(location.retailerId ?? '')),
    );
  }

  /** AGENT contexts are locations; ACCOUNT contexts are the accounts (usually just "0"). */
  contextExists(contextType: string, contextId: string): boolean {
    switch (contextType) {
      case 'ACCOUNT':
        return this.accounts.has(contextId);
      case 'RETAILER':
        return this.retailers.has(contextId);
      case 'AGENT':
        return this.locations.has(contextId);
      default:
        return false;
    }
  }

  // ---- settings ------------------------------------------------------------------------------------------------

  createSetting(input: CreateSettingInput | null | undefined, seeded: { id?: string } = {}): Setting {
    return this.settings.create(input, seeded);
  }

  updateSetting(input: UpdateSettingInput | null | undefined): Setting {
    return this.settings.update(input);
  }

  getSetting(id: string): Readonly<Setting> | undefined {
    return this.settings.get(id);
  }

  listSettings(filter: SettingFilter = {}): Readonly<Setting>[] {
    return this.settings.list(filter);
  }

  /** A setting's value as JSON; see Settings.readValue. */
  readSettingValue(name: string, context?: { contextType: string; contextId: string }): unknown {
    return this.settings.readValue(name, context);
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  private allocateUserId(): string {
    while (this.users.has(String(this.nextUserId))) this.nextUserId++;
    return String(this.nextUserId++);
  }

  private requireUser(
    op: string,
    key: { id?: string | null; username?: string | null } | null | undefined,
  ): User {
    if (!key || (key.id == null && key.username == null))
      throw invalid(op, 'a user "id" or "username" is required');
    const user = this.findUser(key);
    if (!user) {
      const described = [
        key.id != null && `id ${key.id}`,
        key.username != null && `username "${key.username}"`,
      ]
        .filter(Boolean)
        .join(' and ');
      throw new FluentError(FluentErrorCode.notFound, `${op}: no user with ${described}`);
    }
    return user as User;
  }
}

function addUnique<T>(map: Map<string, T>, id: string, value: T, kind: string): void {
  if (map.has(id))
    throw new FluentError(FluentErrorCode.alreadyExists, `a ${kind} with id ${id} already exists`);
  map.set(id, value);
}
