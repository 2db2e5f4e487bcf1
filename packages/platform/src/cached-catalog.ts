/**
 * PlatformCatalog over a PlatformClient with a short-lived cache, so deciding for thousands of users costs a
 * handful of platform calls. A role the cache does not know triggers one early refresh (a role may have just been
 * created), but at most once per TTL, so a misspelt role in the rules cannot hammer the platform.
 */
import type { ContextType } from '@scim-connector/role-grammar';
import type { PlatformCatalog, PlatformClient } from './contract.ts';

export interface CachedCatalog extends PlatformCatalog {
  /** Forgets everything cached; the next question goes to the platform. */
  invalidate(): void;
}

export interface CachedCatalogOptions {
  ttlMs: number;
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
}

interface Cached<T> {
  value: Promise<T>;
  fetchedAt: number;
}

export function createCachedCatalog(
  client: Pick<PlatformClient, 'listRoles' | 'contextExists'>,
  options: CachedCatalogOptions,
): CachedCatalog {
  const { ttlMs } = options;
  const now = options.now ?? Date.now;
  let roles: Cached<ReadonlySet<string>> | undefined;
  let lastEarlyRefreshAt = Number.NEGATIVE_INFINITY;
  const contexts = new Map<string, Cached<boolean>>();

  const isFresh = (entry: Cached<unknown> | undefined, at: number): entry is Cached<unknown> =>
    entry !== undefined && at - entry.fetchedAt < ttlMs;

  /** Starts one fetch; concurrent callers share it, and a failed fetch is not remembered. */
  function fetchRoles(at: number): Cached<ReadonlySet<string>> {
    const entry: Cached<ReadonlySet<string>> = {
      fetchedAt: at,
      value: client.listRoles().then((names) => new Set(names)),
    };
    entry.value.catch(() => {
      if (roles === entry) roles = undefined;
    });
    roles = entry;
    return entry;
  }

  return {
    async hasRole(role) {
      const at = now();
      let entry = isFresh(roles, at) ? (roles as Cached<ReadonlySet<string>>) : fetchRoles(at);
      const fetchedNow = entry.fetchedAt === at;
      if ((await entry.value).has(role)) return true;
      if (fetchedNow || at - lastEarlyRefreshAt < ttlMs) return false;
      lastEarlyRefreshAt = at;
      entry = roles !== entry && roles !== undefined ? roles : fetchRoles(at);
      return (await entry.value).has(role);
    },

    async hasContext(contextType: ContextType, contextId: string) {
      const at = now();
      const key = `${contextType}:${contextId}`;
      const cached = contexts.get(key);
      if (isFresh(cached, at)) return cached.value as Promise<boolean>;
      const entry: Cached<boolean> = { fetchedAt: at, value: client.contextExists(contextType, contextId) };
      entry.value.catch(() => {
        if (contexts.get(key) === entry) contexts.delete(key);
      });
      contexts.set(key, entry);
      return entry.value;
    },

    invalidate() {
      roles = undefined;
      contexts.clear();
      lastEarlyRefreshAt = Number.NEGATIVE_INFINITY;
    },
  };
}
