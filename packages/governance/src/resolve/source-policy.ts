/**
 * Role resolution, step 5 (docs/architecture.md §5.1): privileged roles may come only from the sources their policy
 * allows. A role matched by several policies must be allowed by each (fail closed); a role from a logical mapping
 * needs `logical-mapping` allowed as well as the source of the assignment itself.
 */
import { formatRoleName, type RoleRef } from '@scim-connector/role-grammar';
import type { GroupRoleVia, PrivilegedRolePolicy, RoleSourceKind } from '../types.ts';
import type { CandidateOrigin } from './role-candidates.ts';

export interface SourcePolicy {
  /** Undefined when every policy that matches allows these sources; else why not. */
  refusal(ref: RoleRef, origin: CandidateOrigin, mapped: boolean): string | undefined;
}

const VIA_KIND: Record<GroupRoleVia, RoleSourceKind> = {
  displayName: 'group-name',
  'group-roles': 'group-roles',
  extension: 'group-extension',
};

export function compileSourcePolicy(policies: readonly PrivilegedRolePolicy[]): SourcePolicy {
  const compiled = policies.map((policy, index) => ({
    index,
    policy,
    contextType: wildcard(policy.match.contextType),
    contextId: wildcard(policy.match.contextId),
    role: wildcard(policy.match.role),
    allowed: new Set(policy.allowedSources),
  }));
  return {
    refusal(ref, origin, mapped) {
      const kinds: RoleSourceKind[] = [origin.type === 'direct' ? 'direct' : VIA_KIND[origin.via]];
      if (mapped) kinds.push('logical-mapping');
      for (const entry of compiled) {
        if (!entry.contextType(ref.contextType) || !entry.contextId(ref.contextId) || !entry.role(ref.role))
          continue;
        const refused = kinds.filter((kind) => !entry.allowed.has(kind));
        if (refused.length === 0) continue;
        const allowed = entry.policy.allowedSources.join(', ') || 'no source';
        const named = entry.policy.description ? ` (${entry.policy.description})` : '';
        return `'${formatRoleName(ref)}' is privileged: privilegedRoles[${entry.index}]${named} allows it only from ${allowed}, not from ${refused.join(' and ')}`;
      }
      return undefined;
    },
  };
}

/**
 * `*` matches any run of characters (none too); a missing field matches anything.
 *
 * Patterns come from the rules folder, so they are matched without building a RegExp from them: a pattern such as
 * `A*A*A*A*B` would make a backtracking regex engine take exponential time on a long run of `A`s. Between the stars
 * are literal pieces; the first must start the value, the last must end it, and each one in between is taken at its
 * leftmost place after the one before. Leftmost is never worse, since a later star can absorb whatever an earlier
 * choice leaves over, so one pass over the value decides without backtracking.
 */
export function wildcard(pattern: string | undefined): (value: string) => boolean {
  if (pattern === undefined || pattern === '*') return () => true;
  if (!pattern.includes('*')) return (value) => value === pattern;
  const pieces = pattern.split('*');
  const head = pieces[0] ?? '';
  const tail = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  return (value) => {
    if (value.length < head.length + tail.length) return false;
    if (!value.startsWith(head) || !value.endsWith(tail)) return false;
    const end = value.length - tail.length;
    let at = head.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, at);
      if (found === -1 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
