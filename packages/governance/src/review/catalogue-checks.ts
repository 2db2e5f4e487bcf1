/**
 * Role names and contexts in the rules checked against the platform's catalogue (a platform fixture given to
 * `scim-rules validate --catalog`). At run time an unknown role or context is found only when a user carries it,
 * as an unresolved role that blocks that user's grants (docs/rules.md, How a decision is made); here a misspelt
 * target such as RETURNS_MANGER is an error before the rules ship. A privileged-role policy that matches no role
 * in the catalogue protects nothing, which is the opposite of what its author meant. A `userTypes` entry that
 * matches roles in a context the platform does not have never applies, so its users get the type of a later entry
 * (docs/rules.md, userTypes).
 */
import { type ContextType, parseRoleName } from '@scim-connector/role-grammar';
import { closest } from '../closest-word.ts';
import { wildcard } from '../resolve/source-policy.ts';
import type { RuleCatalogue, RuleSet } from '../types.ts';
import type { ReviewFinding } from './review-finding.ts';

const CONTEXT_NAMES: Record<ContextType, string> = {
  ACCOUNT: 'account',
  RETAILER: 'retailer',
  AGENT: 'location',
};

export function checkAgainstCatalogue(rules: RuleSet, catalogue: RuleCatalogue): ReviewFinding[] {
  return [
    ...mappingTargets(rules, catalogue),
    ...groupRoleNames(rules, catalogue),
    ...policies(rules, catalogue),
    ...userTypeContexts(rules, catalogue),
  ];
}

function mappingTargets(rules: RuleSet, catalogue: RuleCatalogue): ReviewFinding[] {
  const known = catalogue.roles;
  if (known === undefined) return [];
  const roles = new Set(known);
  return rules.roleMappings.rules.flatMap((rule, index) =>
    rule.action.targetRoles.flatMap((text, roleIndex): ReviewFinding[] => {
      const role = text.trim();
      if (roles.has(role)) return [];
      return [
        {
          document: 'roleMappings',
          severity: 'error',
          check: 'unknown-role',
          pointer: `/rules/${index}/action/targetRoles/${roleIndex}`,
          message: `target role '${role}' is not in the platform's role catalogue (${catalogue.source})${didYouMean(role, known)}: every user given '${rule.condition.appRole.trim()}' would be blocked`,
        },
      ];
    }),
  );
}

/** Context ids by type as sets: group-roles.json and a catalogue may each hold thousands of entries. */
function contextSets(catalogue: RuleCatalogue): Partial<Record<ContextType, ReadonlySet<string>>> {
  return Object.fromEntries(Object.entries(catalogue.contexts).map(([type, ids]) => [type, new Set(ids)]));
}

function groupRoleNames(rules: RuleSet, catalogue: RuleCatalogue): ReviewFinding[] {
  const roles = catalogue.roles === undefined ? undefined : new Set(catalogue.roles);
  const contexts = contextSets(catalogue);
  const findings: ReviewFinding[] = [];
  rules.groupRoles.forEach((entry, index) => {
    entry.roles.forEach((name, roleIndex) => {
      const parsed = parseRoleName(name);
      if (!parsed.ok) return; // the loader reports names that do not parse
      const { contextType, contextId, role } = parsed.value;
      const pointer = `/groups/${index}/roles/${roleIndex}`;
      const base = { document: 'groupRoles', pointer } as const;
      if (roles !== undefined && !rules.roleMappings.targets.has(role) && !roles.has(role)) {
        findings.push({
          ...base,
          severity: 'error',
          check: 'unknown-role',
          message: `'${name}': role '${role}' is neither in the platform's role catalogue (${catalogue.source}) nor a logical role of role-mappings.json${didYouMean(role, catalogue.roles ?? [])}: every member of the group would be blocked`,
        });
      }
      const ids = contexts[contextType];
      if (ids !== undefined && !ids.has(contextId)) {
        const what = `'${name}': ${CONTEXT_NAMES[contextType]} ${contextId} (${contextType} ${contextId}) does not exist in ${catalogue.source}`;
        findings.push(
          rules.options.checkContexts
            ? {
                ...base,
                severity: 'error',
                check: 'unknown-context',
                message: `${what}: every member of the group would be blocked`,
              }
            : {
                ...base,
                severity: 'warning',
                check: 'unknown-context',
                message: `${what}; options.checkContexts is false, so the role would be pushed as is and the platform may refuse it`,
              },
        );
      }
    });
  });
  return findings;
}

function policies(rules: RuleSet, catalogue: RuleCatalogue): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  rules.privilegedRoles.forEach((policy, index) => {
    const { role, contextType, contextId } = policy.match;
    const at = `/privilegedRoles/${index}/match`;
    const known = catalogue.roles;
    if (role !== undefined && known !== undefined && !rules.roleMappings.targets.has(role)) {
      const matches = wildcard(role);
      if (!known.some(matches)) {
        findings.push({
          document: 'governance',
          severity: 'error',
          check: 'policy-matches-nothing',
          pointer: `${at}/role`,
          message: `role '${role}' matches no role in the platform's role catalogue (${catalogue.source})${role.includes('*') ? '' : didYouMean(role, known)}: this policy protects nothing`,
        });
      }
    }
    if (
      contextType === undefined ||
      contextType === '*' ||
      contextId === undefined ||
      contextId.includes('*')
    )
      return;
    const ids = catalogue.contexts[contextType];
    if (ids !== undefined && !ids.includes(contextId)) {
      findings.push({
        document: 'governance',
        severity: 'error',
        check: 'policy-matches-nothing',
        pointer: `${at}/contextId`,
        message: `${CONTEXT_NAMES[contextType]} ${contextId} (${contextType} ${contextId}) does not exist in ${catalogue.source}: this policy protects nothing`,
      });
    }
  });
  return findings;
}

/** A literal `match.contextId` of a `userTypes` entry must exist in the catalogue, in the entry's context type. */
function userTypeContexts(rules: RuleSet, catalogue: RuleCatalogue): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  rules.userTypes.forEach((entry, index) => {
    if (entry.from !== 'roles') return;
    const { contextType, contextId } = entry.match;
    if (contextId === undefined || contextId.includes('*')) return;
    // Any context type: the id must be one of some type, which is certain only when the catalogue lists all three.
    const types = (
      contextType === undefined || contextType === '*'
        ? (Object.keys(CONTEXT_NAMES) as ContextType[])
        : [contextType]
    ).map((type) => ({ type, ids: catalogue.contexts[type] }));
    if (types.some(({ ids }) => ids === undefined || ids.includes(contextId))) return;
    const where =
      contextType === undefined || contextType === '*'
        ? `no account, retailer or location has id ${contextId}`
        : `${CONTEXT_NAMES[contextType]} ${contextId} (${contextType} ${contextId}) does not exist`;
    findings.push({
      document: 'governance',
      severity: 'error',
      check: 'unknown-context',
      pointer: `/userTypes/${index}/match/contextId`,
      message: `${where} in ${catalogue.source}: this userTypes entry (${entry.type}) never applies, so its users get the type of a later entry`,
    });
  });
  return findings;
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess === undefined ? '' : `; did you mean ${guess}?`;
}
