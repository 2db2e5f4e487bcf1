/**
 * Logical role ids that collide with platform roles or with each other. A logical id is looked up in the ROLE part
 * of every role name before the catalogue (docs/architecture.md §5.1, step 3), so a logical id spelt like a
 * platform role takes that role's place: `AGENT_134_STORE` then grants the mapping's targets and never STORE
 * itself. Without a catalogue the platform roles known for sure are the mappings' own targets; with one, all of
 * its roles. A privileged-role policy naming a logical id is checked against the roles it maps to, so it never
 * matches: a policy that protects nothing.
 */
import type { RoleMappingRule, RuleCatalogue, RuleSet } from '../types.ts';
import type { ReviewFinding } from './review-finding.ts';

interface Mapping {
  index: number;
  appRole: string;
  targets: readonly string[];
}

export function findLogicalRoleCollisions(
  rules: RuleSet,
  catalogue: RuleCatalogue | undefined,
): ReviewFinding[] {
  const mappings = rules.roleMappings.rules.map(toMapping);
  const findings: ReviewFinding[] = [];
  const platformRoles = new Set(catalogue?.roles ?? []);
  for (const mapping of mappings) {
    const pointer = `/rules/${mapping.index}/condition/appRole`;
    const error = (message: string): ReviewFinding => ({
      document: 'roleMappings',
      severity: 'error',
      check: 'logical-role-shadows',
      pointer,
      message,
    });
    const twin = mappings.find(
      (other) =>
        other.index < mapping.index &&
        other.appRole !== mapping.appRole &&
        other.appRole.toLowerCase() === mapping.appRole.toLowerCase(),
    );
    if (twin) {
      findings.push(
        error(
          `logical role '${mapping.appRole}' differs from '${twin.appRole}' (/rules/${twin.index}) only in case: role ids are case-sensitive, so each spelling maps on its own and an IdP that sends the other gets other roles; keep one spelling`,
        ),
      );
    }
    const targetOf = mappings.find(
      (other) => other.index !== mapping.index && other.targets.includes(mapping.appRole),
    );
    if (targetOf) {
      findings.push(
        error(
          `logical role '${mapping.appRole}' is also a platform role: '${targetOf.appRole}' (/rules/${targetOf.index}) maps to it. A role given directly as CONTEXT_ID_${mapping.appRole} would become ${list(mapping.targets)} instead; rename the logical role`,
        ),
      );
    } else if (platformRoles.has(mapping.appRole)) {
      const keepsItself = mapping.targets.includes(mapping.appRole);
      findings.push({
        ...error(
          keepsItself
            ? `logical role '${mapping.appRole}' has the name of the platform role ${mapping.appRole} (${catalogue?.source}): every ${mapping.appRole} assignment also grants ${list(mapping.targets.filter((t) => t !== mapping.appRole))}, and all of them count as coming from logical-mapping for privilegedRoles`
            : `logical role '${mapping.appRole}' shadows the platform role ${mapping.appRole} (${catalogue?.source}): a user given CONTEXT_ID_${mapping.appRole} gets ${list(mapping.targets)} instead and can never hold ${mapping.appRole} itself; rename the logical role`,
        ),
        severity: keepsItself ? 'warning' : 'error',
      });
    }
  }
  rules.privilegedRoles.forEach((policy, index) => {
    const role = policy.match.role;
    const mapping = role === undefined ? undefined : mappings.find((m) => m.appRole === role);
    if (mapping === undefined) return;
    findings.push({
      document: 'governance',
      severity: 'error',
      check: 'policy-matches-nothing',
      pointer: `/privilegedRoles/${index}/match/role`,
      message: `'${mapping.appRole}' is a logical role (role-mappings.json /rules/${mapping.index}): policies are checked on the roles it maps to (${list(mapping.targets)}), so this policy never matches; name those roles instead`,
    });
  });
  return findings;
}

function toMapping(rule: RoleMappingRule, index: number): Mapping {
  return {
    index,
    appRole: rule.condition.appRole.trim(),
    targets: rule.action.targetRoles.map((role) => role.trim()),
  };
}

function list(roles: readonly string[]): string {
  return roles.length === 0 ? 'no role' : roles.join(', ');
}
