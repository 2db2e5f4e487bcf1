import { describe, expect, it } from 'vitest';
import { defaultRules, mappingsFor } from '../../test/fixtures.ts';
import type {
  GroupRolesEntry,
  PrivilegedRolePolicy,
  RuleCatalogue,
  RuleSet,
  UserTypeRule,
} from '../types.ts';
import { checkAgainstCatalogue } from './catalogue-checks.ts';

const catalogue: RuleCatalogue = {
  source: 'catalog.json',
  roles: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'RETURNS_MANAGER', 'ADMIN', 'STORE_MANAGER'],
  contexts: { ACCOUNT: ['0'], RETAILER: ['199'], AGENT: ['134'] },
};

async function rules(changes: {
  mappings?: Record<string, string[]>;
  groupRoles?: GroupRolesEntry[];
  privilegedRoles?: PrivilegedRolePolicy[];
  userTypes?: UserTypeRule[];
  checkContexts?: boolean;
}): Promise<RuleSet> {
  const base = await defaultRules();
  return {
    ...base,
    options: { ...base.options, checkContexts: changes.checkContexts ?? true },
    ...(changes.mappings && { roleMappings: mappingsFor(changes.mappings) }),
    ...(changes.groupRoles && { groupRoles: changes.groupRoles }),
    ...(changes.privilegedRoles && { privilegedRoles: changes.privilegedRoles }),
    ...(changes.userTypes && { userTypes: changes.userTypes }),
  };
}

describe('checkAgainstCatalogue', () => {
  it("the repository's rules match a catalogue with their roles", async () => {
    expect(checkAgainstCatalogue(await defaultRules(), catalogue)).toEqual([]);
  });

  it('a target role the platform has not is an error with a did-you-mean', async () => {
    const findings = checkAgainstCatalogue(
      await rules({ mappings: { Store_Colleague: ['STORE', 'RETURNS_MANGER'] } }),
      catalogue,
    );
    expect(findings).toEqual([
      {
        document: 'roleMappings',
        severity: 'error',
        check: 'unknown-role',
        pointer: '/rules/0/action/targetRoles/1',
        message: expect.stringContaining(
          "target role 'RETURNS_MANGER' is not in the platform's role catalogue (catalog.json); did you mean RETURNS_MANAGER?",
        ),
      },
    ]);
  });

  it('group-roles.json: unknown roles and contexts; a logical role is not a catalogue role', async () => {
    const groupRoles = [
      {
        displayName: 'Store 134',
        roles: ['AGENT_134_Store_Colleague', 'AGENT_134_STORE_MANAGR', 'AGENT_999_STORE'],
      },
      { displayName: 'EU', roles: ['RETAILER_199_STORE_MANAGER', 'RETAILER_7_ADMIN'] },
    ];
    const findings = checkAgainstCatalogue(await rules({ groupRoles }), catalogue);
    expect(findings.map((f) => [f.pointer, f.check, f.severity])).toEqual([
      ['/groups/0/roles/1', 'unknown-role', 'error'],
      ['/groups/0/roles/2', 'unknown-context', 'error'],
      ['/groups/1/roles/1', 'unknown-context', 'error'],
    ]);
    expect(findings[0]?.message).toContain('did you mean STORE_MANAGER?');
    expect(findings[1]?.message).toContain(
      "'AGENT_999_STORE': location 999 (AGENT 999) does not exist in catalog.json",
    );
    const unchecked = checkAgainstCatalogue(await rules({ groupRoles, checkContexts: false }), catalogue);
    expect(unchecked.map((f) => f.severity)).toEqual(['error', 'warning', 'warning']);
  });

  it('a context type the catalogue does not list is not checked', async () => {
    const groupRoles = [{ displayName: 'x', roles: ['AGENT_999_STORE'] }];
    expect(checkAgainstCatalogue(await rules({ groupRoles }), { ...catalogue, contexts: {} })).toEqual([]);
  });

  it('a privileged-role policy that matches no role or context of the catalogue protects nothing', async () => {
    const privilegedRoles: PrivilegedRolePolicy[] = [
      { match: { contextType: 'ACCOUNT', contextId: '*', role: 'ADMN' }, allowedSources: ['direct'] },
      { match: { role: '*_MANAGR' }, allowedSources: ['direct'] },
      { match: { contextType: 'RETAILER', contextId: '200' }, allowedSources: ['direct'] },
      { match: { contextType: 'ACCOUNT', role: '*' }, allowedSources: ['direct'] },
    ];
    const findings = checkAgainstCatalogue(await rules({ privilegedRoles }), catalogue);
    expect(findings.map((f) => `${f.document} ${f.pointer} ${f.check}`)).toEqual([
      'governance /privilegedRoles/0/match/role policy-matches-nothing',
      'governance /privilegedRoles/1/match/role policy-matches-nothing',
      'governance /privilegedRoles/2/match/contextId policy-matches-nothing',
    ]);
    expect(findings[0]?.message).toContain('did you mean ADMIN?');
  });

  it('userTypes: a context id the catalogue does not have is unknown-context; patterns and unlisted types are not checked', async () => {
    const userTypes: UserTypeRule[] = [
      { from: 'roles', match: { contextType: 'RETAILER', contextId: '199' }, type: 'RETAILER' },
      { from: 'roles', match: { contextType: 'RETAILER', contextId: '200' }, type: 'RETAILER' },
      { from: 'roles', match: { contextType: 'AGENT', contextId: '13*' }, type: 'LOCATION' },
      { from: 'roles', match: { contextId: '777' }, type: 'ADMIN' },
      { from: 'roles', match: { contextType: '*', contextId: '134' }, type: 'ADMIN' },
      { from: 'idp' },
      { from: 'roles', match: { contextType: 'AGENT' }, type: 'LOCATION' },
    ];
    const findings = checkAgainstCatalogue(await rules({ userTypes }), catalogue);
    expect(findings.map((f) => `${f.document} ${f.pointer} ${f.check} ${f.severity}`)).toEqual([
      'governance /userTypes/1/match/contextId unknown-context error',
      'governance /userTypes/3/match/contextId unknown-context error',
    ]);
    expect(findings[0]?.message).toBe(
      'retailer 200 (RETAILER 200) does not exist in catalog.json: this userTypes entry (RETAILER) never applies, so its users get the type of a later entry',
    );
    const noRetailers = { ...catalogue, contexts: { ACCOUNT: ['0'], AGENT: ['134'] } };
    expect(checkAgainstCatalogue(await rules({ userTypes }), noRetailers)).toEqual([]);
  });
});
