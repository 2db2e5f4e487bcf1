/** Asks the platform catalogue each question once per decision, however many names share a role or context. */
import type { ContextType } from '@scim-connector/role-grammar';
import type { PlatformCatalog } from '../types.ts';

export class CatalogLookups {
  private readonly roles = new Map<string, Promise<boolean>>();
  private readonly contexts = new Map<string, Promise<boolean>>();

  constructor(private readonly catalog: PlatformCatalog) {}

  hasRole(role: string): Promise<boolean> {
    let answer = this.roles.get(role);
    if (answer === undefined) {
      answer = this.catalog.hasRole(role);
      this.roles.set(role, answer);
    }
    return answer;
  }

  hasContext(contextType: ContextType, contextId: string): Promise<boolean> {
    const key = `${contextType}_${contextId}`;
    let answer = this.contexts.get(key);
    if (answer === undefined) {
      answer = this.catalog.hasContext(contextType, contextId);
      this.contexts.set(key, answer);
    }
    return answer;
  }
}
