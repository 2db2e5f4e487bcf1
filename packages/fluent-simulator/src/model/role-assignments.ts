/**
 * A user's role assignments as Fluent changes them: `updateUser` merges (by role name, contexts unioned) and never
 * removes; `removeUserRolesFromUser` takes away (role, context) pairs and drops a role left without contexts.
 * Both return a new list and leave the one given untouched.
 */
import { checkOneOf, invalid, requireText } from './field-rules.ts';
import { FluentError, FluentErrorCode } from './fluent-error.ts';
import type { UserRoleInput } from './inputs.ts';
import { ROLE_CONTEXT_TYPES, type RoleContext, type RoleContextType, type UserRole } from './types.ts';

/** Existing roles plus the inputs. Unknown roles and roles without a context are refused. */
export function mergeRoles(
  op: string,
  roleExists: (name: string) => boolean,
  existing: readonly UserRole[],
  inputs: readonly UserRoleInput[] | null | undefined,
): UserRole[] {
  const merged = existing.map((userRole) => ({ ...userRole, contexts: [...userRole.contexts] }));
  for (const input of inputs ?? []) {
    const roleName = requireText(op, 'roles.role.name', input.role?.name);
    if (!roleExists(roleName)) {
      throw new FluentError(FluentErrorCode.notFound, `${op}: role "${roleName}" does not exist`);
    }
    const contexts = roleContexts(op, input.contexts, true);
    let target = merged.find((userRole) => userRole.roleName === roleName);
    if (!target) {
      target = { roleName, contexts: [] };
      merged.push(target);
    }
    for (const context of contexts) {
      if (!target.contexts.some((have) => sameContext(have, context))) target.contexts.push(context);
    }
  }
  return merged;
}

/** Existing roles less the listed (role, context) pairs; pairs the user does not have are ignored. */
export function removeRoles(
  op: string,
  existing: readonly UserRole[],
  removals: readonly UserRoleInput[] | null | undefined,
): UserRole[] {
  const parsed = (removals ?? []).map((entry) => ({
    roleName: requireText(op, 'role.name', entry.role?.name),
    contexts: roleContexts(op, entry.contexts, false),
  }));
  return existing
    .map((userRole) => {
      const removed = parsed
        .filter((removal) => removal.roleName === userRole.roleName)
        .flatMap((r) => r.contexts);
      return {
        ...userRole,
        contexts: userRole.contexts.filter((have) => !removed.some((r) => sameContext(r, have))),
      };
    })
    .filter((userRole) => userRole.contexts.length > 0);
}

export function countAssignments(roles: readonly UserRole[]): number {
  return roles.reduce((sum, userRole) => sum + userRole.contexts.length, 0);
}

function roleContexts(op: string, inputs: UserRoleInput['contexts'] | null | undefined, required: boolean) {
  if (required && (!inputs || inputs.length === 0)) {
    throw invalid(op, 'a role is always assigned with at least one context; "contexts" is empty');
  }
  return (inputs ?? []).map(
    (context): RoleContext => ({
      contextType: checkOneOf<RoleContextType>(
        op,
        'contextType',
        String(context.contextType),
        ROLE_CONTEXT_TYPES,
      ),
      contextId: requireText(
        op,
        'contextId',
        context.contextId == null ? undefined : String(context.contextId),
      ),
    }),
  );
}

function sameContext(a: RoleContext, b: RoleContext): boolean {
  return a.contextType === b.contextType && a.contextId === b.contextId;
}
