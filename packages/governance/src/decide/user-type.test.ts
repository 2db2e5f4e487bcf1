/** docs/rules.md, userTypes: the platform user type follows from the effective roles, never the IdP by default. */
import { beforeAll, describe, expect, it } from 'vitest';
import { account, defaultRules, input, NO_ACCOUNT, rulesFolder, user } from '../../test/fixtures.ts';
import { loadRules } from '../rules-folder/load-rules.ts';
import { createStaticCatalog } from '../static-catalog.ts';
import type { DecisionInput, RuleSet } from '../types.ts';
import { lowersUserType } from './drift.ts';
import { createGovernance } from './governance.ts';
import { compareNumericIds } from './user-type.ts';

const catalog = createStaticCatalog({
  roles: ['ADMIN', 'STORE', 'STORE_MANAGER', 'GRAPHQL'],
  contexts: [
    { contextType: 'ACCOUNT', contextId: '0' },
    { contextType: 'RETAILER', contextId: '20' },
    { contextType: 'RETAILER', contextId: '199' },
    { contextType: 'RETAILER', contextId: '1000' },
    { contextType: 'AGENT', contextId: '99' },
    { contextType: 'AGENT', contextId: '134' },
  ],
});

let rules: RuleSet;
beforeAll(async () => {
  rules = await defaultRules();
});
const decide = (decisionInput: DecisionInput, ruleSet = rules) =>
  createGovernance(ruleSet).decide(decisionInput, catalog);
const newUser = (directRoles: string[], attributes: Record<string, unknown> = {}) =>
  input(user({ directRoles, attributes }), NO_ACCOUNT, 'user.created');

describe('the default userTypes', () => {
  it('any ACCOUNT-context role makes an ADMIN, whatever else the user has', async () => {
    const decision = await decide(newUser(['RETAILER_199_STORE', 'ACCOUNT_0_ADMIN', 'AGENT_134_STORE']));
    expect(decision.userType).toEqual({
      userType: { type: 'ADMIN' },
      entry: 0,
      from: 'roles',
      role: 'ACCOUNT_0_ADMIN',
    });
    expect(decision.changes.userType).toEqual({ type: 'ADMIN' });
  });

  it('else a RETAILER-context role makes a RETAILER of the lowest retailer id, as a number', async () => {
    const decision = await decide(
      newUser(['RETAILER_199_STORE', 'AGENT_99_STORE', 'RETAILER_1000_STORE', 'RETAILER_20_GRAPHQL']),
    );
    expect(decision.outcome).toBe('create');
    expect(decision.userType).toMatchObject({
      userType: { type: 'RETAILER', primaryRetailer: '20' },
      entry: 1,
      role: 'RETAILER_20_GRAPHQL',
    });
    expect(decision.changes.userType).toEqual({ type: 'RETAILER', primaryRetailer: '20' });
  });

  it('else an AGENT-context role makes a LOCATION of the lowest location id', async () => {
    const decision = await decide(newUser(['AGENT_134_STORE', 'AGENT_99_STORE']));
    expect(decision.userType).toMatchObject({
      userType: { type: 'LOCATION', primaryLocation: '99' },
      entry: 2,
    });
  });

  it('ignores the IdP userType: "ADMIN" sent with only a RETAILER role still makes a RETAILER', async () => {
    const decision = await decide(newUser(['RETAILER_199_STORE'], { userType: 'ADMIN' }));
    expect(decision.changes.userType).toEqual({ type: 'RETAILER', primaryRetailer: '199' });
    expect(decision.userType?.from).toBe('roles');
  });

  it('decides no type for a user without roles', async () => {
    const decision = await decide(newUser([]));
    expect(decision.userType).toBeNull();
    expect(decision.outcome).toBe('block');
  });
});

describe('a change of user type on an existing account', () => {
  it('an ADMIN that loses its ACCOUNT role becomes a RETAILER in the same update that revokes the role', async () => {
    const existing = account(['ACCOUNT_0_ADMIN', 'RETAILER_199_STORE']);
    expect(existing.userType).toEqual({ type: 'ADMIN' });
    const decision = await decide(input(user({ directRoles: ['RETAILER_199_STORE'] }), existing));
    expect(decision.outcome).toBe('update');
    expect(decision.changes.userType).toEqual({ type: 'RETAILER', primaryRetailer: '199' });
    expect(decision.explanation.facts.drift).toMatchObject({ userType: true, any: true });
  });

  it('an account of the decided type and primary context is left alone', async () => {
    const decision = await decide(
      input(user({ directRoles: ['AGENT_134_STORE'] }), account(['AGENT_134_STORE']), 'resync'),
    );
    expect(decision.explanation.facts.drift.userType).toBe(false);
    expect(decision.changes.userType).toBeNull();
  });

  it('a new primary context is a change: LOCATION 134 -> LOCATION 99', async () => {
    const decision = await decide(
      input(
        user({ directRoles: ['AGENT_134_STORE', 'AGENT_99_STORE'] }),
        account(['AGENT_134_STORE'], { profileInSync: true }),
      ),
    );
    expect(decision.changes.userType).toEqual({ type: 'LOCATION', primaryLocation: '99' });
  });

  it('a block lets a type change through that only lowers the level of a linked account, like a revocation', async () => {
    const decision = await decide(
      input(
        user({ directRoles: ['RETAILER_199_STORE', 'RETAILER_199_NO_SUCH_ROLE'] }),
        account(['ACCOUNT_0_ADMIN', 'RETAILER_199_STORE'], { profileInSync: true }),
      ),
    );
    expect(decision.outcome).toBe('block');
    expect(decision.changes.userType).toEqual({ type: 'RETAILER', primaryRetailer: '199' });
    expect(decision.withheld.userType).toBeNull();
    expect(decision.changes.removeRoles.map((role) => role.role)).toEqual(['ADMIN']);
    expect(decision.changes.addRoles).toEqual([]);
  });

  it('ADMIN set by hand on a LOCATION account goes back to LOCATION under a block, with no role to revoke', async () => {
    const decision = await decide(
      input(
        user({ directRoles: ['AGENT_134_STORE', 'AGENT_134_NO_SUCH_ROLE'] }),
        account(['AGENT_134_STORE'], { profileInSync: true, userType: { type: 'ADMIN' } }),
      ),
    );
    expect(decision.outcome).toBe('block');
    expect(decision.changes).toMatchObject({
      userType: { type: 'LOCATION', primaryLocation: '134' },
      addRoles: [],
      removeRoles: [],
    });
  });

  it('a block withholds a type change that raises the level, and says so', async () => {
    const decision = await decide(
      input(
        user({ directRoles: ['RETAILER_199_STORE', 'AGENT_134_STORE', 'RETAILER_199_NO_SUCH_ROLE'] }),
        account(['AGENT_134_STORE'], { profileInSync: true }),
      ),
    );
    expect(decision.outcome).toBe('block');
    expect(decision.changes.userType).toBeNull();
    expect(decision.withheld.userType).toEqual({ type: 'RETAILER', primaryRetailer: '199' });
  });

  it('a block withholds a new primary context of the same level: LOCATION 134 -> LOCATION 99 waits', async () => {
    const decision = await decide(
      input(
        user({ directRoles: ['AGENT_134_STORE', 'AGENT_99_STORE', 'AGENT_99_NO_SUCH_ROLE'] }),
        account(['AGENT_134_STORE'], { profileInSync: true }),
      ),
    );
    expect(decision.outcome).toBe('block');
    expect(decision.changes.userType).toBeNull();
    expect(decision.withheld.userType).toEqual({ type: 'LOCATION', primaryLocation: '99' });
  });

  it('an account the connector does not manage keeps its type under a block, lowering or not', async () => {
    const decision = await decide(
      input(
        user({ directRoles: ['AGENT_134_STORE'] }),
        account(['AGENT_134_STORE'], { linked: false, userType: { type: 'ADMIN' } }),
      ),
    );
    expect(decision).toMatchObject({ outcome: 'block', reasons: ['not-new'] });
    expect(decision.changes.userType).toBeNull();
    expect(decision.withheld.userType).toEqual({ type: 'LOCATION', primaryLocation: '134' });
  });
});

describe('lowersUserType', () => {
  it('orders ADMIN > RETAILER > LOCATION; an undecided type is lowered by nothing', () => {
    const admin = { type: 'ADMIN' } as const;
    const retailer = { type: 'RETAILER', primaryRetailer: '199' } as const;
    const location = { type: 'LOCATION', primaryLocation: '134' } as const;
    expect(lowersUserType(retailer, admin)).toBe(true);
    expect(lowersUserType(location, admin)).toBe(true);
    expect(lowersUserType(location, retailer)).toBe(true);
    expect(lowersUserType(admin, retailer)).toBe(false);
    expect(lowersUserType(retailer, location)).toBe(false);
    expect(lowersUserType(retailer, { type: 'RETAILER', primaryRetailer: '20' })).toBe(false);
    expect(lowersUserType(location, undefined)).toBe(false);
  });
});

describe('userTypes in governance.json', () => {
  const governanceWith = async (userTypes: unknown[]) => {
    const base = await defaultRulesJson();
    return loadRules(await rulesFolder({ 'governance.json': { ...base, userTypes } }));
  };

  it('takes the IdP userType only where an entry says useIdpUserType, and only when the roles support it', async () => {
    const loaded = await governanceWith([
      { useIdpUserType: true },
      { match: { contextType: '*' }, type: 'ADMIN' },
    ]);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const fromIdp = await decide(newUser(['AGENT_134_STORE'], { UserType: 'location' }), loaded.rules);
    expect(fromIdp.userType).toEqual({
      userType: { type: 'LOCATION', primaryLocation: '134' },
      entry: 0,
      from: 'idp',
      role: 'AGENT_134_STORE',
      idpUserType: 'location',
    });
    // RETAILER asked for, but no RETAILER-context role to be its primary retailer: the next entry decides.
    const unsupported = await decide(newUser(['AGENT_134_STORE'], { userType: 'RETAILER' }), loaded.rules);
    expect(unsupported.userType).toMatchObject({ userType: { type: 'ADMIN' }, entry: 1, from: 'roles' });
  });

  it('an IdP-sent ADMIN counts only with an ACCOUNT-context role; else the roles decide (never escalates)', async () => {
    const loaded = await governanceWith([
      { useIdpUserType: true },
      { match: { contextType: 'ACCOUNT' }, type: 'ADMIN' },
      { match: { contextType: 'RETAILER' }, type: 'RETAILER' },
      { match: { contextType: 'AGENT' }, type: 'LOCATION' },
    ]);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const escalation = await decide(
      newUser(['RETAILER_199_STORE', 'AGENT_134_STORE'], { userType: 'admin' }),
      loaded.rules,
    );
    expect(escalation.userType).toMatchObject({
      userType: { type: 'RETAILER', primaryRetailer: '199' },
      entry: 2,
      from: 'roles',
    });
    expect(escalation.changes.userType).toEqual({ type: 'RETAILER', primaryRetailer: '199' });
    const backed = await decide(
      newUser(['AGENT_134_STORE', 'ACCOUNT_0_ADMIN'], { userType: 'ADMIN' }),
      loaded.rules,
    );
    expect(backed.userType).toMatchObject({
      userType: { type: 'ADMIN' },
      entry: 0,
      from: 'idp',
      role: 'ACCOUNT_0_ADMIN',
    });
    // The IdP entry alone, with no ACCOUNT role: no type at all rather than ADMIN.
    const only = await governanceWith([{ useIdpUserType: true }]);
    if (!only.ok) throw new Error(JSON.stringify(only.problems));
    const alone = await decide(newUser(['RETAILER_199_STORE'], { userType: 'ADMIN' }), only.rules);
    expect(alone.userType).toBeNull();
    expect(alone.reasons).toEqual(['no-user-type']);
  });

  it('blocks a create when no entry applies (no-user-type), rather than guess a type', async () => {
    const loaded = await governanceWith([{ match: { contextType: 'ACCOUNT' }, type: 'ADMIN' }]);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const decision = await decide(newUser(['AGENT_134_STORE']), loaded.rules);
    expect(decision.userType).toBeNull();
    expect(decision.outcome).toBe('block');
    expect(decision.reasons).toEqual(['no-user-type']);
    expect(decision.changes.createAccount).toBe(false);
    expect(decision.withheld.createAccount).toBe(true);
  });

  it('refuses a RETAILER entry that cannot supply a primary retailer, and an entry with two sources', async () => {
    const loaded = await governanceWith([
      { match: { contextType: 'AGENT' }, type: 'RETAILER' },
      { useIdpUserType: true, type: 'ADMIN' },
    ]);
    expect(loaded.ok).toBe(false);
    const messages = loaded.ok
      ? []
      : loaded.problems.map((problem) => `${problem.pointer}: ${problem.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        '/userTypes/0/match/contextType: a RETAILER account needs its primaryRetailer from a RETAILER-context role: set match.contextType to "RETAILER"',
        "/userTypes/1/type: an entry with useIdpUserType takes the type from the IdP; 'type' belongs in an entry of its own (entries are tried in order)",
      ]),
    );
    const neither = await governanceWith([{ description: 'neither' }]);
    expect(neither.ok ? [] : neither.problems.map((problem) => problem.message)).toEqual([
      "missing required property 'match'",
      "missing required property 'type'",
    ]);
  });
});

describe('compareNumericIds', () => {
  it('orders digit strings as numbers, beyond 2^53 too', () => {
    expect(['199', '20', '1000', '020'].sort(compareNumericIds)).toEqual(['20', '020', '199', '1000']);
    expect(compareNumericIds('90071992547409930', '90071992547409929')).toBeGreaterThan(0);
  });
});

async function defaultRulesJson(): Promise<Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  const { REPO_RULES_DIR } = await import('../../test/fixtures.ts');
  const { join } = await import('node:path');
  return JSON.parse(await readFile(join(REPO_RULES_DIR, 'governance.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}
