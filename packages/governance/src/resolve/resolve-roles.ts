/**
 * Role resolution (docs/architecture.md §5.1): collect, parse, expand logical roles (dynamic mapping first), check each
 * resulting role and its context against the platform, and merge everything that resolved into the effective set with
 * its sources.
 */
import { formatRoleName, type RoleRef } from '@scim-connector/role-grammar';
import type {
  DirectoryUser,
  EffectiveRole,
  GovernanceOptions,
  MappingSource,
  PlatformCatalog,
  RoleMappings,
  RoleSource,
  UnresolvedReason,
  UnresolvedRole,
} from '../types.ts';
import { CatalogLookups } from './catalog-lookups.ts';
import type { GroupRolesIndex } from './group-index.ts';
import { parseRoleNameCached } from './parse-cache.ts';
import { collectCandidates, type RoleCandidate } from './role-candidates.ts';
import type { SourcePolicy } from './source-policy.ts';

export interface ResolutionContext {
  options: GovernanceOptions;
  roleMappings: RoleMappings;
  groupRoles: GroupRolesIndex;
  sourcePolicy: SourcePolicy;
}

export interface RoleResolution {
  effective: EffectiveRole[];
  unresolved: UnresolvedRole[];
  /** Role names as given, by kind of source (facts `roles.direct` / `roles.inherited`). */
  direct: string[];
  inherited: string[];
}

interface Target {
  candidate: RoleCandidate;
  ref: RoleRef;
  mapping?: MappingSource;
}

export async function resolveRoles(
  user: DirectoryUser,
  catalog: PlatformCatalog,
  context: ResolutionContext,
): Promise<RoleResolution> {
  const candidates = collectCandidates(user, context.groupRoles, context.options);
  const unresolved: UnresolvedRole[] = [];
  const targets: Target[] = [];
  for (const candidate of candidates) {
    const parsed = parseRoleNameCached(candidate.name);
    if (!parsed.ok) {
      const { message, offset } = parsed.error;
      unresolved.push(unresolvedRole(candidate, 'parse-error', `${message} (character ${offset})`));
      continue;
    }
    targets.push(...expand(candidate, parsed.value, context.roleMappings));
  }

  const lookups = new CatalogLookups(catalog);
  const verdicts = await Promise.all(targets.map((target) => checkTarget(target, lookups, context)));

  const effective = new Map<string, EffectiveRole>();
  targets.forEach((target, index) => {
    const verdict = verdicts[index];
    if (verdict) {
      unresolved.push(
        unresolvedRole(target.candidate, verdict.reason, verdict.message, formatRoleName(target.ref)),
      );
      return;
    }
    addSource(effective, target);
  });

  return {
    effective: [...effective.values()],
    unresolved: dedupe(unresolved),
    direct: candidates.filter((c) => c.origin.type === 'direct').map((c) => c.name),
    inherited: [...new Set(candidates.filter((c) => c.origin.type === 'group').map((c) => c.name))],
  };
}

/** Step 3: a logical role expands to its target roles in the same context; anything else stands for itself. */
function expand(candidate: RoleCandidate, ref: RoleRef, mappings: RoleMappings): Target[] {
  const targetRoles = mappings.targets.get(ref.role);
  if (targetRoles === undefined) return [{ candidate, ref }];
  const mapping = { logicalRole: ref.role };
  return targetRoles.map((role) => ({ candidate, ref: { ...ref, role }, mapping }));
}

/**
 * Step 4: the role must be in the catalogue and its context must exist (unless context checks are off). Step 5: a
 * privileged role must come from a source its policy allows.
 */
async function checkTarget(
  target: Target,
  lookups: CatalogLookups,
  context: ResolutionContext,
): Promise<{ reason: UnresolvedReason; message: string } | undefined> {
  const { options } = context;
  const { ref, mapping } = target;
  const [roleExists, contextExists] = await Promise.all([
    lookups.hasRole(ref.role),
    options.checkContexts ? lookups.hasContext(ref.contextType, ref.contextId) : true,
  ]);
  const via = mapping
    ? `logical role '${mapping.logicalRole}' maps to '${ref.role}', which `
    : `role '${ref.role}' `;
  if (!roleExists) {
    return { reason: 'unknown-role', message: `${via}is not in the platform's role catalogue` };
  }
  if (!contextExists) {
    return {
      reason: 'unknown-context',
      message: `context ${ref.contextType} ${ref.contextId} does not exist on the platform`,
    };
  }
  const refusal = context.sourcePolicy.refusal(ref, target.candidate.origin, mapping !== undefined);
  if (refusal !== undefined) return { reason: 'source-not-allowed', message: refusal };
  return undefined;
}

function addSource(effective: Map<string, EffectiveRole>, target: Target): void {
  const name = formatRoleName(target.ref);
  const { origin, name: given } = target.candidate;
  const source: RoleSource =
    origin.type === 'direct'
      ? { type: 'direct', name: given, ...(target.mapping && { mapping: target.mapping }) }
      : {
          type: 'group',
          name: given,
          group: origin.group,
          via: origin.via,
          ...(target.mapping && { mapping: target.mapping }),
        };
  const existing = effective.get(name);
  if (!existing) {
    effective.set(name, { name, ref: target.ref, sources: [source] });
    return;
  }
  const key = sourceKey(source);
  if (!existing.sources.some((other) => sourceKey(other) === key)) existing.sources.push(source);
}

function sourceKey(source: RoleSource): string {
  const group = source.type === 'group' ? `${source.group.id}\u0000${source.via}` : '';
  return `${source.type}\u0000${source.name}\u0000${group}\u0000${source.mapping?.logicalRole ?? ''}`;
}

function unresolvedRole(
  candidate: RoleCandidate,
  reason: UnresolvedReason,
  message: string,
  role?: string,
): UnresolvedRole {
  const { origin, name } = candidate;
  return {
    name,
    source: origin.type,
    ...(origin.type === 'group' && { group: origin.group, via: origin.via }),
    reason,
    message,
    ...(role !== undefined && { role }),
  };
}

function dedupe(roles: UnresolvedRole[]): UnresolvedRole[] {
  const seen = new Set<string>();
  return roles.filter((role) => {
    const key = JSON.stringify(role);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
