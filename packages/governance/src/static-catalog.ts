/**
 * A PlatformCatalog over fixed lists, for tests, the CLI and any caller that already holds the catalogue.
 */
import type { ContextType } from '@scim-connector/role-grammar';
import type { PlatformCatalog } from './types.ts';

export interface StaticCatalogData {
  roles: Iterable<string>;
  /** Existing contexts; omit to accept every context. */
  contexts?: Iterable<{ contextType: ContextType; contextId: string }>;
}

export function createStaticCatalog(data: StaticCatalogData): PlatformCatalog {
  const roles = new Set(data.roles);
  const contexts = data.contexts
    ? new Set([...data.contexts].map(({ contextType, contextId }) => `${contextType}_${contextId}`))
    : undefined;
  return {
    hasRole: (role) => Promise.resolve(roles.has(role)),
    hasContext: (contextType, contextId) =>
      Promise.resolve(contexts === undefined || contexts.has(`${contextType}_${contextId}`)),
  };
}
