/** The named facts of docs/rules.md (Facts), built from the input and the role resolution. */
import type { ContextType } from '@scim-connector/role-grammar';
import type { RoleResolution } from '../resolve/resolve-roles.ts';
import type { DecisionFacts, DecisionInput, GovernanceOptions } from '../types.ts';
import { type Drift, hasDrift } from './drift.ts';

export function buildFacts(
  input: DecisionInput,
  resolution: RoleResolution,
  drift: Drift,
  options: GovernanceOptions,
): DecisionFacts {
  const { user, platform } = input;
  const contextTypes = new Set<ContextType>();
  for (const role of resolution.effective) contextTypes.add(role.ref.contextType);
  return {
    trigger: input.trigger,
    user: {
      id: user.id,
      userName: user.userName,
      active: user.active,
      deleted: user.deleted,
      groups: user.groups.map((group) => group.displayName),
      attributes: user.attributes ?? {},
    },
    platform: { exists: platform.exists, linked: platform.linked, status: platform.status ?? null },
    roles: {
      direct: resolution.direct,
      inherited: resolution.inherited,
      effective: resolution.effective.map((role) => role.name),
      unresolved: resolution.unresolved.map(({ name, source, reason }) => ({ name, source, reason })),
      count: resolution.effective.length,
      unresolvedCount: resolution.unresolved.length,
      contextTypes: [...contextTypes],
    },
    options: {
      checkContexts: options.checkContexts,
      adoptExistingAccounts: options.adoptExistingAccounts,
      groupDisplayNamesAsRoles: options.groupDisplayNamesAsRoles,
    },
    drift: {
      addRoles: drift.addRoles.length,
      removeRoles: drift.removeRoles.length,
      status: drift.status,
      profile: drift.profile,
      userType: drift.userType,
      any: hasDrift(drift),
    },
  };
}
