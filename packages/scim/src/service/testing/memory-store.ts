/**
 * An in-memory ScimStore for the service's unit tests, held to the same contract as the real store: the SCIM part
 * of the store package's contract suite runs against it (`scimStoreContract`, docs/architecture.md section 8).
 * Transactions run one at a time on a draft of the state (draft-map.ts) that is written into it only on success,
 * so a transaction costs what it changes. Stored records are never changed in place, only replaced, which lets
 * drafts and readers share them. Exported to other packages' tests as `@scim-connector/scim/testing`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttrPath } from '../../filter/ast.ts';
import { getAttribute, isRecord, readAttrPath } from '../../filter/attribute-values.ts';
import { compileFilter } from '../../filter/compile.ts';
import { parseAttrPath } from '../../filter/parse.ts';
import { isCaseExact } from '../../schema/registry.ts';
import {
  createUserInTransaction,
  type JournalEntry,
  type ListQuery,
  type ListResult,
  type MemberRef,
  type NewGroup,
  type NewUser,
  type ResourceType,
  type ScimReader,
  type ScimStore,
  type ScimTransaction,
  type StoredGroup,
  type StoredUser,
  UniquenessConflict,
  type UserGroupRef,
  VersionConflict,
} from '../../store/port.ts';
import { DraftMap, type Table } from './draft-map.ts';

type GroupRecord = StoredGroup & { members: MemberRef[] };

interface State {
  users: Table<StoredUser>;
  groups: Table<GroupRecord>;
  journal: JournalEntry[];
}

interface CommittedState extends State {
  users: Map<string, StoredUser>;
  groups: Map<string, GroupRecord>;
}

export interface MemoryStoreOptions {
  /**
   * The clock for `created` and `lastModified`. Default: from 2024-01-01T00:00:00Z, one second later at every
   * reading, so successive writes get distinct times.
   */
  now?: () => Date;
}

export interface MemoryStore extends ScimStore {
  journal(): JournalEntry[];
  /** How many transactions committed (tests check that failed requests wrote nothing). */
  commits(): number;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const state: CommittedState = { users: new Map(), groups: new Map(), journal: [] };
  let commits = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const now = options.now ?? steppingClock(Date.UTC(2024, 0, 1));
  // Which async flow is inside a transaction: the real store refuses store calls from there (on SQLite they would
  // wait forever for the connection the transaction holds), so a service doing that must fail here too.
  const inside = new AsyncLocalStorage<true>();
  const refuseInside = (method: string) => {
    if (inside.getStore()) {
      throw new Error(`store.${method}() was called inside store.transaction(): use the transaction object`);
    }
  };

  const store: MemoryStore = {
    ...outsideOnly(
      reader(() => state),
      refuseInside,
    ),
    journal: () => [...state.journal],
    commits: () => commits,
    createUser: (user, entry) => createUserInTransaction(store, user, entry),
    async transaction<T>(work: (tx: ScimTransaction) => Promise<T>): Promise<T> {
      refuseInside('transaction');
      const run = () =>
        inside.run(true, async () => {
          const users = new DraftMap(state.users);
          const groups = new DraftMap(state.groups);
          const journal: JournalEntry[] = [];
          const result = await work(transaction({ users, groups, journal }, () => now().toISOString()));
          // In one synchronous step, so a reader sees the whole transaction or none of it.
          users.commit();
          groups.commit();
          state.journal.push(...journal);
          commits++;
          return result;
        });
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
  return store;
}

function steppingClock(start: number): () => Date {
  let time = start;
  return () => {
    time += 1000;
    return new Date(time);
  };
}

/** `api` with every method first calling `refuse(name)`, its failure returned as a rejected promise. */
function outsideOnly(api: ScimReader, refuse: (method: string) => void): ScimReader {
  const wrap =
    <A extends unknown[], R>(name: string, method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      refuse(name);
      return method(...args);
    };
  return {
    getUser: wrap('getUser', api.getUser),
    getGroup: wrap('getGroup', api.getGroup),
    listUsers: wrap('listUsers', api.listUsers),
    listGroups: wrap('listGroups', api.listGroups),
    existingUserIds: wrap('existingUserIds', api.existingUserIds),
    existingGroupIds: wrap('existingGroupIds', api.existingGroupIds),
    groupsOfUsers: wrap('groupsOfUsers', api.groupsOfUsers),
  };
}

const fold = (text: string) => text.normalize('NFC').toLowerCase();

/** Ordinal comparison, as the databases compare ids. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function userGroups(state: State, ids: readonly string[]): Map<string, UserGroupRef[]> {
  const result = new Map<string, UserGroupRef[]>(ids.map((id) => [id, []]));
  const groups = [...state.groups.values()].sort(
    (a, b) => compare(fold(a.displayName), fold(b.displayName)) || compare(a.id, b.id),
  );
  for (const group of groups) {
    for (const member of group.members) {
      if (member.type !== 'User') continue;
      result.get(member.value)?.push({ value: group.id, display: group.displayName, type: 'direct' });
    }
  }
  return result;
}

/** The resource as the filter predicate sees it, server attributes included (as the real store's candidates). */
function userJson(user: StoredUser, groups: readonly UserGroupRef[]): Record<string, unknown> {
  return {
    ...user.resource,
    id: user.id,
    userName: user.userName,
    active: user.active,
    externalId: user.externalId,
    groups,
    meta: { resourceType: 'User', created: user.created, lastModified: user.lastModified },
  };
}

function groupJson(group: GroupRecord): Record<string, unknown> {
  return {
    ...group.resource,
    id: group.id,
    displayName: group.displayName,
    externalId: group.externalId,
    members: group.members,
    meta: { resourceType: 'Group', created: group.created, lastModified: group.lastModified },
  };
}

function reader(current: () => State): ScimReader {
  return {
    async getUser(id) {
      const user = current().users.get(id);
      return user && structuredClone(user);
    },
    async getGroup(id, options) {
      const group = current().groups.get(id);
      return group && groupView(group, options?.members ?? true);
    },
    async listUsers(query) {
      const users = [...current().users.values()];
      const groups = userGroups(
        current(),
        users.map((user) => user.id),
      );
      const result = page(users, 'User', query, (user) => userJson(user, groups.get(user.id) ?? []));
      return { ...result, items: result.items.map((user) => structuredClone(user)) };
    },
    async listGroups(query) {
      const result = page([...current().groups.values()], 'Group', query, groupJson);
      return { ...result, items: result.items.map((group) => groupView(group, query.members ?? true)) };
    },
    async existingUserIds(ids) {
      return new Set(ids.filter((id) => current().users.has(id)));
    },
    async existingGroupIds(ids) {
      return new Set(ids.filter((id) => current().groups.has(id)));
    },
    async groupsOfUsers(ids) {
      return userGroups(current(), ids);
    },
  };
}

function groupView(group: GroupRecord, withMembers: boolean): StoredGroup {
  if (withMembers) return structuredClone(group);
  // Without copying the member list only to drop it.
  const { members: _members, ...rest } = group;
  return structuredClone(rest);
}

type SortKey = string | number | undefined;

/**
 * What a resource sorts by (RFC 7644 section 3.4.2.3): a multi-valued attribute by its primary element, or its
 * first when none is primary; strings case-insensitively unless the attribute is caseExact.
 */
function sortKey(type: ResourceType, json: Record<string, unknown>, sortBy: string, path: AttrPath): SortKey {
  const elements = readAttrPath(json, { ...(path.uri !== undefined && { uri: path.uri }), attr: path.attr });
  const chosen = elements.find((element) => isRecord(element) && element.primary === true) ?? elements[0];
  const value =
    path.sub !== undefined
      ? isRecord(chosen)
        ? getAttribute(chosen, path.sub)
        : undefined
      : isRecord(chosen)
        ? chosen.value
        : chosen;
  if (typeof value === 'string') return isCaseExact(type, sortBy) ? value : fold(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' ? value : undefined;
}

/** Absent last, numbers before strings, strings by code unit. */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Filters, sorts and pages as the real store does: by id without sortBy; with it, absent values last in either
 * direction and ties by id, so pages never overlap.
 */
function page<T extends { id: string }>(
  all: T[],
  type: ResourceType,
  query: ListQuery,
  asJson: (item: T) => Record<string, unknown>,
): ListResult<T> {
  const matches = query.filter
    ? compileFilter(query.filter, { caseExact: (path) => isCaseExact(type, path) })
    : () => true;
  const direction = query.sortOrder === 'descending' ? -1 : 1;
  const parsed = query.sortBy === undefined ? undefined : parseAttrPath(query.sortBy);
  const { sortBy } = query;
  const keyed = all
    .map((item) => ({ item, json: asJson(item) }))
    .filter(({ json }) => matches(json))
    .map(({ item, json }) => ({
      item,
      key:
        sortBy === undefined ? item.id : parsed?.ok ? sortKey(type, json, sortBy, parsed.value) : undefined,
    }));
  keyed.sort((a, b) => {
    const byKey = compareKeys(a.key, b.key);
    const directed = a.key === undefined || b.key === undefined ? byKey : direction * byKey;
    return directed || compare(a.item.id, b.item.id);
  });
  const start = Math.max(query.startIndex, 1) - 1;
  const items = keyed.slice(start, start + Math.max(query.count, 0)).map(({ item }) => item);
  return { totalResults: keyed.length, items };
}

/** First occurrence wins: a member listed twice is one membership. */
function distinct(members: readonly MemberRef[]): MemberRef[] {
  const seen = new Set<string>();
  return members.filter((member) => !seen.has(member.value) && seen.add(member.value));
}

/** The group's resource without `members`, which the store keeps as the member list only. */
function withoutMembers(resource: Record<string, unknown>): Record<string, unknown> {
  const { members: _members, ...rest } = structuredClone(resource);
  return rest;
}

function transaction(state: State, now: () => string): ScimTransaction {
  const checkUserName = (userName: string, exceptId?: string) => {
    for (const user of state.users.values()) {
      if (user.id !== exceptId && fold(user.userName) === fold(userName)) {
        throw new UniquenessConflict('userName', userName);
      }
    }
  };
  const checkVersion = (current: { version: number }, expected: number | undefined) => {
    if (expected !== undefined && expected !== current.version) throw new VersionConflict(current.version);
  };
  const existing = <T>(map: Table<T>, type: ResourceType, id: string): T => {
    const found = map.get(id);
    if (!found) throw new Error(`${type} "${id}" does not exist`);
    return found;
  };
  /** A member deleted elsewhere changes every group that listed it, so their versions (ETags) change too. */
  const dropMember = (id: string) => {
    for (const group of [...state.groups.values()]) {
      if (!group.members.some((member) => member.value === id)) continue;
      state.groups.set(group.id, {
        ...group,
        members: group.members.filter((member) => member.value !== id),
        version: group.version + 1,
        lastModified: now(),
      });
    }
  };
  return {
    ...reader(() => state),
    async getGroupForUpdate(id, options) {
      const group = state.groups.get(id);
      return group && groupView(group, options?.members ?? true);
    },
    async membersAmong(groupId, ids) {
      const wanted = new Set(ids.map((id) => id.toLowerCase()));
      const group = state.groups.get(groupId);
      return structuredClone(group?.members.filter((member) => wanted.has(member.value.toLowerCase())) ?? []);
    },
    async changeMembers(id, change, options) {
      const current = existing(state.groups, 'Group', id);
      checkVersion(current, options?.expectedVersion);
      const removed = new Set(change.remove);
      const updates = new Map(change.update.map((member) => [member.value, member]));
      // Members that stay are shared with the stored record (never changed in place); only the updated are copied.
      const members = current.members
        .filter((member) => !removed.has(member.value))
        .map((member) => {
          const update = updates.get(member.value);
          return update === undefined ? member : structuredClone(update);
        });
      const present = new Set(members.map((member) => member.value));
      members.push(
        ...distinct(change.add.filter((member) => !present.has(member.value))).map((member) =>
          structuredClone(member),
        ),
      );
      const stored = { ...current, members, lastModified: now(), version: current.version + 1 };
      state.groups.set(id, stored);
      return groupView(stored, false);
    },
    async insertUser(user: NewUser) {
      if (state.users.has(user.id)) throw new UniquenessConflict('id', user.id);
      checkUserName(user.userName);
      const time = now();
      const stored: StoredUser = { ...structuredClone(user), created: time, lastModified: time, version: 1 };
      state.users.set(user.id, stored);
      return structuredClone(stored);
    },
    async updateUser(id, user, options) {
      const current = existing(state.users, 'User', id);
      checkVersion(current, options?.expectedVersion);
      checkUserName(user.userName, id);
      const stored: StoredUser = {
        id,
        ...structuredClone(user),
        created: current.created,
        lastModified: now(),
        version: current.version + 1,
      };
      state.users.set(id, stored);
      return structuredClone(stored);
    },
    async deleteUser(id) {
      if (!state.users.delete(id)) return false;
      dropMember(id);
      return true;
    },
    async insertGroup(group: NewGroup) {
      if (state.groups.has(group.id)) throw new UniquenessConflict('id', group.id);
      const time = now();
      const stored: GroupRecord = {
        ...structuredClone(group),
        resource: withoutMembers(group.resource),
        members: distinct(group.members).map((member) => structuredClone(member)),
        created: time,
        lastModified: time,
        version: 1,
      };
      state.groups.set(group.id, stored);
      return structuredClone(stored);
    },
    async updateGroup(id, group, options) {
      const current = existing(state.groups, 'Group', id);
      checkVersion(current, options?.expectedVersion);
      // Members who stay keep their place (with the type and display sent now); joiners follow in the order sent.
      const wanted = new Map(distinct(group.members).map((member) => [member.value, member]));
      const staying = current.members.flatMap((member) => wanted.get(member.value) ?? []);
      const stayingIds = new Set(staying.map((member) => member.value));
      const joining = [...wanted.values()].filter((member) => !stayingIds.has(member.value));
      const stored: GroupRecord = {
        id,
        ...structuredClone(group),
        resource: withoutMembers(group.resource),
        members: [...staying, ...joining].map((member) => structuredClone(member)),
        created: current.created,
        lastModified: now(),
        version: current.version + 1,
      };
      state.groups.set(id, stored);
      return structuredClone(stored);
    },
    async deleteGroup(id) {
      if (!state.groups.delete(id)) return false;
      dropMember(id);
      return true;
    },
    async appendJournal(entry) {
      state.journal.push(structuredClone(entry));
    },
  };
}
