/** governance.json: lifecycle rules for json-rules-engine plus the options the rules and resolution read. */
import type { GovernanceOptions, GovernanceRule, PrivilegedRolePolicy } from '../types.ts';
import type { DocumentSpec } from './document.ts';
import { checkFactPaths } from './fact-paths.ts';
import { childPointer, type Finding } from './finding.ts';

export const DEFAULT_OPTIONS: GovernanceOptions = {
  checkContexts: true,
  adoptExistingAccounts: false,
  groupDisplayNamesAsRoles: false,
  roleMappingsSource: 'file',
};

/**
 * Applies when governance.json has no `privilegedRoles`: account-wide roles only by direct assignment or an entry of
 * group-roles.json, so neither a group's name, its extension attribute nor a logical mapping can grant them.
 */
export const DEFAULT_PRIVILEGED_ROLES: PrivilegedRolePolicy[] = [
  {
    description: 'ACCOUNT-context roles only by direct assignment or group-roles.json',
    match: { contextType: 'ACCOUNT', contextId: '*', role: '*' },
    allowedSources: ['direct', 'group-roles'],
  },
];

export interface GovernanceDocument {
  options: GovernanceOptions;
  rules: GovernanceRule[];
  privilegedRoles: PrivilegedRolePolicy[];
}

export const governanceDocument: DocumentSpec<GovernanceDocument> = {
  schema: 'governance',
  check(value) {
    const document = value as {
      options?: Partial<GovernanceOptions>;
      rules: GovernanceRule[];
      privilegedRoles?: PrivilegedRolePolicy[];
    };
    const findings: Finding[] = [];
    const firstIndexByName = new Map<string, number>();
    document.rules.forEach((rule, index) => {
      const first = firstIndexByName.get(rule.name);
      if (first === undefined) firstIndexByName.set(rule.name, index);
      else {
        findings.push({
          pointer: childPointer(childPointer('/rules', index), 'name'),
          message: `duplicate rule name '${rule.name}' (first used by /rules/${first}): explanations name rules, so names must be unique`,
        });
      }
    });
    findings.push(...checkFactPaths(document.rules));
    return {
      value: {
        options: { ...DEFAULT_OPTIONS, ...document.options },
        rules: document.rules,
        privilegedRoles: document.privilegedRoles ?? DEFAULT_PRIVILEGED_ROLES,
      },
      findings,
    };
  },
};
