/** governance.json: lifecycle rules for json-rules-engine plus the options the rules and resolution read. */
import type { GovernanceOptions, GovernanceRule, PrivilegedRolePolicy, UserTypeRule } from '../types.ts';
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

/**
 * Applies when governance.json has no `userTypes` (docs/rules.md, userTypes): an ACCOUNT-context role makes an
 * ADMIN; else a RETAILER-context role a RETAILER of the lowest such retailer id; else an AGENT-context role a
 * LOCATION of the lowest such location id. The IdP's userType is not consulted.
 */
export const DEFAULT_USER_TYPES: UserTypeRule[] = [
  { from: 'roles', match: { contextType: 'ACCOUNT' }, type: 'ADMIN' },
  { from: 'roles', match: { contextType: 'RETAILER' }, type: 'RETAILER' },
  { from: 'roles', match: { contextType: 'AGENT' }, type: 'LOCATION' },
];

/** A `userTypes` entry as written in governance.json. */
type UserTypeEntry =
  | {
      description?: string;
      match: Extract<UserTypeRule, { from: 'roles' }>['match'];
      type: 'ADMIN' | 'RETAILER' | 'LOCATION';
    }
  | { description?: string; useIdpUserType: true };

function userTypeRule(entry: UserTypeEntry): UserTypeRule {
  const description = entry.description === undefined ? {} : { description: entry.description };
  if ('useIdpUserType' in entry) return { from: 'idp', ...description };
  return { from: 'roles', ...description, match: entry.match, type: entry.type };
}

/** The context type whose roles give a RETAILER / LOCATION account its primary context. */
const PRIMARY_CONTEXT_TYPE = { RETAILER: 'RETAILER', LOCATION: 'AGENT' } as const;

/** What the schema cannot say well: one source per entry, and a context type the primary context can come from. */
function userTypeFindings(entry: UserTypeEntry, index: number): Finding[] {
  const at = childPointer('/userTypes', index);
  if ('useIdpUserType' in entry) {
    const extra = (['match', 'type'] as const).filter((key) => key in entry);
    return extra.map((key) => ({
      pointer: childPointer(at, key),
      atKey: true,
      message: `an entry with useIdpUserType takes the type from the IdP; '${key}' belongs in an entry of its own (entries are tried in order)`,
    }));
  }
  if (entry.type === 'ADMIN') return [];
  const wanted = PRIMARY_CONTEXT_TYPE[entry.type];
  if (entry.match.contextType === wanted) return [];
  return [
    {
      pointer: childPointer(childPointer(at, 'match'), 'contextType'),
      message: `a ${entry.type} account needs its ${entry.type === 'RETAILER' ? 'primaryRetailer' : 'primaryLocation'} from a ${wanted}-context role: set match.contextType to "${wanted}"`,
    },
  ];
}

export interface GovernanceDocument {
  options: GovernanceOptions;
  rules: GovernanceRule[];
  privilegedRoles: PrivilegedRolePolicy[];
  userTypes: UserTypeRule[];
}

export const governanceDocument: DocumentSpec<GovernanceDocument> = {
  schema: 'governance',
  check(value) {
    const document = value as {
      options?: Partial<GovernanceOptions>;
      rules: GovernanceRule[];
      privilegedRoles?: PrivilegedRolePolicy[];
      userTypes?: UserTypeEntry[];
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
    findings.push(...(document.userTypes ?? []).flatMap(userTypeFindings));
    return {
      value: {
        options: { ...DEFAULT_OPTIONS, ...document.options },
        rules: document.rules,
        privilegedRoles: document.privilegedRoles ?? DEFAULT_PRIVILEGED_ROLES,
        userTypes: document.userTypes?.map(userTypeRule) ?? DEFAULT_USER_TYPES,
      },
      findings,
    };
  },
};
