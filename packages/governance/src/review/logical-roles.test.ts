import { describe, expect, it } from 'vitest';
import { defaultRules, mappingsFor } from '../../test/fixtures.ts';
import type { PrivilegedRolePolicy, RuleCatalogue, RuleSet } from '../types.ts';
import { findLogicalRoleCollisions } from './logical-roles.ts';

async function rulesWith(
  mappings: Record<string, string[]>,
  privilegedRoles?: PrivilegedRolePolicy[],
): Promise<RuleSet> {
  const rules = await defaultRules();
  return { ...rules, roleMappings: mappingsFor(mappings), ...(privilegedRoles && { privilegedRoles }) };
}

const catalogue: RuleCatalogue = {
  source: 'catalog.json',
  roles: ['STORE', 'RETURNS_MANAGER', 'ADMIN'],
  contexts: {},
};

describe('findLogicalRoleCollisions', () => {
  it("the repository's mappings collide with nothing", async () => {
    expect(findLogicalRoleCollisions(await defaultRules(), catalogue)).toEqual([]);
  });

  it('a logical id that another mapping targets is a platform role it shadows, catalogue or not', async () => {
    const rules = await rulesWith({
      Store_Colleague: ['STORE', 'RETURNS_MANAGER'],
      STORE: ['RETURNS_MANAGER'],
    });
    expect(findLogicalRoleCollisions(rules, undefined)).toEqual([
      expect.objectContaining({
        document: 'roleMappings',
        severity: 'error',
        check: 'logical-role-shadows',
        pointer: '/rules/1/condition/appRole',
        message: expect.stringContaining(
          "logical role 'STORE' is also a platform role: 'Store_Colleague' (/rules/0) maps to it",
        ),
      }),
    ]);
  });

  it('with a catalogue, a logical id that is a platform role is an error; one that keeps itself a warning', async () => {
    const rules = await rulesWith({ ADMIN: ['RETURNS_MANAGER'], STORE: ['STORE', 'RETURNS_MANAGER'] });
    const findings = findLogicalRoleCollisions(rules, catalogue);
    expect(findings.map((f) => [f.pointer, f.severity])).toEqual([
      ['/rules/0/condition/appRole', 'error'],
      ['/rules/1/condition/appRole', 'warning'],
    ]);
    expect(findings[0]?.message).toContain(
      "logical role 'ADMIN' shadows the platform role ADMIN (catalog.json): a user given CONTEXT_ID_ADMIN gets RETURNS_MANAGER instead",
    );
    expect(findings[1]?.message).toContain('every STORE assignment also grants RETURNS_MANAGER');
    expect(findLogicalRoleCollisions(rules, undefined)).toEqual([]);
  });

  it('logical ids that differ only in case collide with each other', async () => {
    const rules = await rulesWith({ Store_Colleague: ['STORE'], store_colleague: ['RETURNS_MANAGER'] });
    expect(findLogicalRoleCollisions(rules, undefined)).toEqual([
      expect.objectContaining({
        pointer: '/rules/1/condition/appRole',
        message: expect.stringContaining(
          "logical role 'store_colleague' differs from 'Store_Colleague' (/rules/0) only in case",
        ),
      }),
    ]);
  });

  it('a privileged-role policy that names a logical id never matches', async () => {
    const rules = await rulesWith({ Store_Colleague: ['STORE'] }, [
      { match: { contextType: 'AGENT', role: 'Store_Colleague' }, allowedSources: ['direct'] },
      { match: { role: 'STORE' }, allowedSources: ['direct'] },
    ]);
    expect(findLogicalRoleCollisions(rules, undefined)).toEqual([
      {
        document: 'governance',
        severity: 'error',
        check: 'policy-matches-nothing',
        pointer: '/privilegedRoles/0/match/role',
        message: expect.stringContaining("'Store_Colleague' is a logical role (role-mappings.json /rules/0)"),
      },
    ]);
  });
});
