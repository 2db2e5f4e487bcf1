/**
 * A small, complete in-memory PlatformClient used to test this package's own machinery (the cached catalogue and
 * the contract suite itself). It counts calls so caching can be observed. Not exported: the real in-process client
 * lives in the fluent-simulator package.
 */
import type { ContextType, RoleRef } from '@scim-connector/role-grammar';
import {
  type NewPlatformUser,
  type PlatformClient,
  PlatformError,
  type PlatformUser,
  type PlatformUserChange,
} from '../src/contract.ts';

export interface MemoryPlatform extends PlatformClient {
  roles: Set<string>;
  contexts: Set<string>;
  settings: Map<string, unknown>;
  calls: { listRoles: number; contextExists: number };
  failWith: 429 | 503 | undefined;
}

export function createMemoryPlatform(roles: string[], contexts: string[]): MemoryPlatform {
  const users = new Map<string, PlatformUser>();
  let nextId = 1;
  const key = (ref: RoleRef) => `${ref.contextType}_${ref.contextId}_${ref.role}`;

  const platform: MemoryPlatform = {
    roles: new Set(roles),
    contexts: new Set(contexts),
    settings: new Map(),
    calls: { listRoles: 0, contextExists: 0 },
    failWith: undefined,

    async findUserByUsername(username) {
      guard();
      const user = [...users.values()].find((candidate) => candidate.username === username);
      return user && structuredClone(user);
    },
    async createUser(user: NewPlatformUser) {
      guard();
      if ([...users.values()].some((existing) => existing.username === user.username)) {
        throw new PlatformError(`username ${user.username} is taken`, { transient: false });
      }
      checkRoles(user.roles);
      const created: PlatformUser = {
        ...structuredClone(user),
        id: String(nextId++),
        roles: dedupe(user.roles),
      };
      users.set(created.id, created);
      return structuredClone(created);
    },
    async updateUser(id, change: PlatformUserChange) {
      guard();
      const user = existing(id);
      if (change.profile) user.profile = { ...user.profile, ...change.profile };
      if (change.userType) user.userType = { ...change.userType };
      if (change.status) user.status = change.status;
      return structuredClone(user);
    },
    async addRoles(id, roles) {
      guard();
      const user = existing(id);
      checkRoles(roles);
      user.roles = dedupe([...user.roles, ...roles]);
    },
    async removeRoles(id, roles) {
      guard();
      const user = existing(id);
      const removed = new Set(roles.map(key));
      user.roles = user.roles.filter((ref) => !removed.has(key(ref)));
    },
    /** Creation order; the cursor is the last id seen, so accounts added meanwhile come later, never twice. */
    async listUsers({ after, limit }) {
      guard();
      const all = [...users.values()];
      const start = after === undefined ? 0 : all.findIndex((user) => user.id === after) + 1;
      const page = all.slice(start, start + limit);
      const last = page.at(-1);
      const more = start + page.length < all.length;
      return { users: structuredClone(page), nextCursor: more && last ? last.id : undefined };
    },
    async listRoles() {
      guard();
      platform.calls.listRoles++;
      return [...platform.roles];
    },
    async contextExists(contextType: ContextType, contextId: string) {
      guard();
      platform.calls.contextExists++;
      return platform.contexts.has(`${contextType}:${contextId}`);
    },
    async readSetting(name) {
      guard();
      return platform.settings.get(name);
    },
  };

  function guard(): void {
    if (platform.failWith) throw new PlatformError(`HTTP ${platform.failWith}`, { transient: true });
  }
  function existing(id: string): PlatformUser {
    const user = users.get(id);
    if (!user) throw new PlatformError(`no user ${id}`, { transient: false });
    return user;
  }
  function checkRoles(roles: readonly RoleRef[]): void {
    const unknown = roles.find((ref) => !platform.roles.has(ref.role));
    if (unknown) throw new PlatformError(`unknown role ${unknown.role}`, { transient: false });
  }
  function dedupe(roles: readonly RoleRef[]): RoleRef[] {
    return [...new Map(roles.map((ref) => [key(ref), { ...ref }])).values()];
  }
  return platform;
}
