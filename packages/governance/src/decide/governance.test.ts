/**
 * docs/architecture.md §5.1-§5.3 (roles, decisions, groups), one or more tests per rule, against the repository's
 * default rules/ folder.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { formatRoleName, type RoleRef } from '@scim-connector/role-grammar';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  account,
  catalog,
  defaultRules,
  group,
  input,
  mappingsFor,
  NO_ACCOUNT,
  REPO_RULES_DIR,
  ref,
  rulesFolder,
  user,
} from '../../test/fixtures.ts';
import { loadRules } from '../rules-folder/load-rules.ts';
import { roleMappingsFromSetting } from '../rules-folder/role-mappings-file.ts';
import { withRoleMappings } from '../rules-folder/with-role-mappings.ts';
import { createStaticCatalog } from '../static-catalog.ts';
import type { Decision, DecisionInput, RuleSet } from '../types.ts';
import { createGovernance } from './governance.ts';

let rules: RuleSet;
/** The default rules plus the scenario table's logical role C -> F, G and one group-roles entry. */
let scenarioRules: RuleSet;
/** The scenario rules with the opt-in `options.groupDisplayNamesAsRoles` on. */
let displayNamesAsRoles: RuleSet;

beforeAll(async () => {
  rules = await defaultRules();
  scenarioRules = {
    ...rules,
    roleMappings: mappingsFor({ C: ['F', 'G'], Store_Colleague: ['STORE', 'RETURNS_MANAGER'] }),
    groupRoles: [
      { displayName: 'EU Store Managers', roles: ['RETAILER_199_STORE_MANAGER'] },
      { externalId: '5f1c-ext', roles: ['AGENT_134_GRAPHQL'] },
    ],
  };
  displayNamesAsRoles = {
    ...scenarioRules,
    options: { ...scenarioRules.options, groupDisplayNamesAsRoles: true },
  };
});

const names = (refs: readonly RoleRef[]) => refs.map(formatRoleName).sort();
const effectiveNames = (decision: Decision) => decision.effectiveRoles.map((role) => role.name).sort();
const run = (decisionInput: DecisionInput, ruleSet = scenarioRules, platformCatalog = catalog) =>
  createGovernance(ruleSet).decide(decisionInput, platformCatalog);

describe("the scenario table of Fluent's SCIM connector documentation", () => {
  it('no role -> not created', async () => {
    const decision = await run(input(user({ directRoles: [] })));
    expect(decision.outcome).toBe('block');
    expect(decision.reasons).toEqual(['no-roles']);
    expect(decision.changes.createAccount).toBe(false);
  });

  it('D -> created with D', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_D'] })));
    expect(decision.outcome).toBe('create');
    expect(decision.changes).toMatchObject({ createAccount: true, status: 'ACTIVE', removeRoles: [] });
    expect(names(decision.changes.addRoles)).toEqual(['AGENT_134_D']);
  });

  it('C (logical -> F, G) -> F, G', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_C'] })));
    expect(decision.outcome).toBe('create');
    expect(names(decision.changes.addRoles)).toEqual(['AGENT_134_F', 'AGENT_134_G']);
  });

  it('C, D -> D, F, G', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_C', 'AGENT_134_D'] })));
    expect(names(decision.changes.addRoles)).toEqual(['AGENT_134_D', 'AGENT_134_F', 'AGENT_134_G']);
  });

  it('A, B (unknown) -> not created', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_A', 'AGENT_134_B'] })));
    expect(decision.outcome).toBe('block');
    expect(decision.reasons).toEqual(['unresolved-role']);
    expect(decision.unresolved.map((role) => [role.name, role.reason])).toEqual([
      ['AGENT_134_A', 'unknown-role'],
      ['AGENT_134_B', 'unknown-role'],
    ]);
    expect(decision.changes.createAccount).toBe(false);
  });

  it('A, B, C -> not created, because A and B do not resolve', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_A', 'AGENT_134_B', 'AGENT_134_C'] })));
    expect(decision.outcome).toBe('block');
    expect(decision.unresolved.map((role) => role.name)).toEqual(['AGENT_134_A', 'AGENT_134_B']);
    expect(decision.changes).toEqual({
      createAccount: false,
      status: null,
      addRoles: [],
      removeRoles: [],
      updateProfile: false,
      userType: null,
    });
  });
});

describe('4.1 resolving a user roles', () => {
  it("collects the user's SCIM roles[].value as direct roles", async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_STORE', 'ACCOUNT_0_GRAPHQL'] })));
    expect(effectiveNames(decision)).toEqual(['ACCOUNT_0_GRAPHQL', 'AGENT_134_STORE']);
    expect(decision.effectiveRoles[0]?.sources).toEqual([{ type: 'direct', name: 'AGENT_134_STORE' }]);
  });

  it("a group's displayName grants nothing by default, however much it looks like a role name", async () => {
    const decision = await run(
      input(user({ groups: [group('AGENT_134_STORE_ASSISTANT'), group('ACCOUNT_0_ADMIN')] })),
    );
    expect(decision.effectiveRoles).toEqual([]);
    expect(decision.unresolved).toEqual([]);
    expect(decision).toMatchObject({ outcome: 'block', reasons: ['no-roles'] });
  });

  it('with options.groupDisplayNamesAsRoles, a group named in exact canonical spelling grants that role', async () => {
    const decision = await run(
      input(user({ groups: [group('AGENT_134_STORE_ASSISTANT')] })),
      displayNamesAsRoles,
    );
    expect(effectiveNames(decision)).toEqual(['AGENT_134_STORE_ASSISTANT']);
    expect(decision.effectiveRoles[0]?.sources).toEqual([
      {
        type: 'group',
        name: 'AGENT_134_STORE_ASSISTANT',
        group: { id: 'g-AGENT_134_STORE_ASSISTANT', displayName: 'AGENT_134_STORE_ASSISTANT' },
        via: 'displayName',
      },
    ]);
  });

  it('even opted in, a name that only parses (whitespace, lower-case context type) grants nothing', async () => {
    const decision = await run(
      input(
        user({
          directRoles: ['AGENT_134_D'],
          groups: [group(' AGENT_134_STORE '), group('agent_134_STORE'), group('Agent_134_GRAPHQL')],
        }),
      ),
      displayNamesAsRoles,
    );
    expect(effectiveNames(decision)).toEqual(['AGENT_134_D']);
    expect(decision.unresolved).toEqual([]);
  });

  it('a displayName that is not a role name is just a name, not an unresolved role', async () => {
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D'], groups: [group('Marketing team')] })),
      displayNamesAsRoles,
    );
    expect(decision.unresolved).toEqual([]);
    expect(decision.outcome).toBe('create');
  });

  it('maps a group through group-roles.json by displayName, case-insensitively', async () => {
    const decision = await run(input(user({ groups: [group('eu store MANAGERS')] })));
    expect(effectiveNames(decision)).toEqual(['RETAILER_199_STORE_MANAGER']);
    expect(decision.effectiveRoles[0]?.sources[0]).toMatchObject({ type: 'group', via: 'group-roles' });
  });

  it('maps a group through group-roles.json by externalId', async () => {
    const decision = await run(input(user({ groups: [group('Anything', { externalId: '5f1c-ext' })] })));
    expect(effectiveNames(decision)).toEqual(['AGENT_134_GRAPHQL']);
  });

  it("takes the group's roles extension attribute when the client sends one", async () => {
    const decision = await run(
      input(user({ groups: [group('Desk', { roles: ['AGENT_134_RETURNS_MANAGER'] })] })),
    );
    expect(effectiveNames(decision)).toEqual(['AGENT_134_RETURNS_MANAGER']);
    expect(decision.effectiveRoles[0]?.sources[0]).toMatchObject({ via: 'extension' });
  });

  it('a name that does not parse is unresolved with reason parse-error, wherever it comes from', async () => {
    const decision = await run(
      input(
        user({ directRoles: ['AGENT_L134_STORE'], groups: [group('Desk', { roles: ['SHOP_1_STORE'] })] }),
      ),
    );
    expect(decision.unresolved).toMatchObject([
      { name: 'AGENT_L134_STORE', source: 'direct', reason: 'parse-error' },
      { name: 'SHOP_1_STORE', source: 'group', group: { displayName: 'Desk' }, reason: 'parse-error' },
    ]);
    expect(decision.unresolved[0]?.message).toContain('character 6');
  });

  it('dynamic mapping first: a logical role expands to its target roles in the same context', async () => {
    const decision = await run(input(user({ directRoles: ['RETAILER_199_Store_Colleague'] })));
    expect(effectiveNames(decision)).toEqual(['RETAILER_199_RETURNS_MANAGER', 'RETAILER_199_STORE']);
    expect(decision.effectiveRoles[0]?.sources).toEqual([
      { type: 'direct', name: 'RETAILER_199_Store_Colleague', mapping: { logicalRole: 'Store_Colleague' } },
    ]);
  });

  it('mapping comes before direct matching even when the logical id is also a platform role', async () => {
    const ruleSet = { ...scenarioRules, roleMappings: mappingsFor({ STORE: ['GRAPHQL'] }) };
    const decision = await run(input(user({ directRoles: ['AGENT_134_STORE'] })), ruleSet);
    expect(effectiveNames(decision)).toEqual(['AGENT_134_GRAPHQL']);
  });

  it('mappings may come from the platform setting instead of role-mappings.json', async () => {
    const setting = roleMappingsFromSetting({
      rules: [
        {
          condition: { type: 'HAS_APP_ROLE', appRole: 'Dat_Test' },
          action: {
            type: 'MAPPING_ROLE_ASSIGNMENT',
            sourceAppRole: 'Dat_Test',
            targetRoles: ['STORE', 'GRAPHQL'],
          },
        },
      ],
    });
    if (!setting.ok) throw new Error('setting should be valid');
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_Dat_Test'] })),
      withRoleMappings(rules, setting.value),
    );
    expect(effectiveNames(decision)).toEqual(['AGENT_134_GRAPHQL', 'AGENT_134_STORE']);
  });

  it('with no mapping rules the mapping step is skipped: a logical name must then be a platform role', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_C'] })), rules);
    expect(decision.unresolved).toMatchObject([
      { name: 'AGENT_134_C', reason: 'unknown-role', role: 'AGENT_134_C' },
    ]);
  });

  it('each resulting role must be in the platform role catalogue (unknown-role)', async () => {
    const ruleSet = { ...scenarioRules, roleMappings: mappingsFor({ C: ['F', 'NOPE'] }) };
    const decision = await run(input(user({ directRoles: ['AGENT_134_C'] })), ruleSet);
    expect(decision.unresolved).toMatchObject([
      { name: 'AGENT_134_C', reason: 'unknown-role', role: 'AGENT_134_NOPE' },
    ]);
    expect(decision.unresolved[0]?.message).toContain("logical role 'C' maps to 'NOPE'");
    expect(decision.outcome).toBe('block');
  });

  it('its context must exist on the platform (unknown-context)', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_999_STORE'] })));
    expect(decision.unresolved).toMatchObject([{ name: 'AGENT_999_STORE', reason: 'unknown-context' }]);
    expect(decision.unresolved[0]?.message).toContain('AGENT 999');
  });

  it('unless the rules turn context checks off', async () => {
    const ruleSet = { ...scenarioRules, options: { ...scenarioRules.options, checkContexts: false } };
    const decision = await run(input(user({ directRoles: ['AGENT_999_STORE'] })), ruleSet);
    expect(decision.unresolved).toEqual([]);
    expect(effectiveNames(decision)).toEqual(['AGENT_999_STORE']);
  });

  it('effective roles are the de-duplicated union of all sources, each source kept', async () => {
    const decision = await run(
      input(
        user({
          directRoles: ['AGENT_134_STORE', 'agent_134_STORE'],
          groups: [group('AGENT_134_STORE'), group('Desk', { roles: ['AGENT_134_C'] })],
        }),
      ),
      displayNamesAsRoles,
    );
    expect(effectiveNames(decision)).toEqual(['AGENT_134_F', 'AGENT_134_G', 'AGENT_134_STORE']);
    const store = decision.effectiveRoles.find((role) => role.name === 'AGENT_134_STORE');
    expect(store?.sources).toEqual([
      { type: 'direct', name: 'AGENT_134_STORE' },
      { type: 'direct', name: 'agent_134_STORE' },
      {
        type: 'group',
        name: 'AGENT_134_STORE',
        group: { id: 'g-AGENT_134_STORE', displayName: 'AGENT_134_STORE' },
        via: 'displayName',
      },
    ]);
  });

  it('asks the catalogue each question once per decision', async () => {
    const asked: string[] = [];
    const counting = {
      hasRole: (role: string) => {
        asked.push(role);
        return catalog.hasRole(role);
      },
      hasContext: catalog.hasContext,
    };
    await run(
      input(user({ directRoles: ['AGENT_134_STORE', 'RETAILER_199_STORE', 'agent_134_STORE'] })),
      rules,
      counting,
    );
    expect(asked).toEqual(['STORE']);
  });
});

describe('4.2 lifecycle decisions (default rules/governance.json)', () => {
  it('evaluates the named facts: trigger, user, platform, roles', async () => {
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D', 'AGENT_134_A'] }), account(['AGENT_134_D']), 'resync'),
    );
    expect(decision.explanation.facts).toMatchObject({
      trigger: 'resync',
      user: { id: 'u1', userName: 'alice@example.com', active: true, deleted: false },
      platform: { exists: true, linked: true, status: 'ACTIVE' },
      roles: {
        direct: ['AGENT_134_D', 'AGENT_134_A'],
        inherited: [],
        effective: ['AGENT_134_D'],
        unresolved: [{ name: 'AGENT_134_A', source: 'direct', reason: 'unknown-role' }],
        count: 1,
      },
    });
  });

  it('deactivate > block: an inactive user with unresolved roles is deactivated', async () => {
    const decision = await run(
      input(user({ active: false, directRoles: ['AGENT_134_A'] }), account(['AGENT_134_D'])),
    );
    expect(decision.outcome).toBe('deactivate');
    // With no role left that resolves, the account would also be deactivated for no-roles.
    expect(decision.reasons).toEqual(['inactive', 'no-roles']);
    expect(decision.explanation.firedRules.map((rule) => rule.name)).toEqual([
      'deactivate-inactive-user',
      'deactivate-user-without-roles',
      'revoke-roles-no-longer-granted',
      'block-unresolved-roles',
      'update-drifted-user',
    ]);
    expect(decision.explanation.decidedBy).toEqual([
      'deactivate-inactive-user',
      'deactivate-user-without-roles',
    ]);
    expect(decision.blockedReasons).toEqual(['unresolved-role']);
  });

  it('block > create: a new user with an unresolved role is not created', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_D', 'AGENT_134_A'] })));
    expect(decision.outcome).toBe('block');
    expect(decision.explanation.firedRules.map((rule) => rule.event.type)).toEqual(['block', 'create']);
  });

  it('active: false -> deactivate: status INACTIVE and every role withdrawn', async () => {
    const decision = await run(
      input(
        user({ active: false, directRoles: ['AGENT_134_D'] }),
        account(['AGENT_134_D', 'AGENT_134_F']),
        'user.deactivated',
      ),
    );
    expect(decision.outcome).toBe('deactivate');
    expect(decision.changes).toEqual({
      createAccount: false,
      status: 'INACTIVE',
      addRoles: [],
      removeRoles: [ref('AGENT_134_D'), ref('AGENT_134_F')],
      updateProfile: false,
      userType: null,
    });
  });

  it('the directory keeps the roles, so a reactivated user gets them back', async () => {
    const deactivated = account([], { status: 'INACTIVE' });
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D', 'AGENT_134_C'] }), deactivated, 'user.updated'),
    );
    expect(decision.outcome).toBe('update');
    expect(decision.changes.status).toBe('ACTIVE');
    expect(names(decision.changes.addRoles)).toEqual(['AGENT_134_D', 'AGENT_134_F', 'AGENT_134_G']);
    expect(decision.changes.removeRoles).toEqual([]);
  });

  it('deleted -> deactivate (the platform has no delete)', async () => {
    const decision = await run(
      input(user({ deleted: true, directRoles: ['AGENT_134_D'] }), account(['AGENT_134_D']), 'user.deleted'),
    );
    expect(decision.outcome).toBe('deactivate');
    expect(decision.reasons).toEqual(['deleted']);
    expect(decision.changes.status).toBe('INACTIVE');
    expect(names(decision.changes.removeRoles)).toEqual(['AGENT_134_D']);
  });

  it('deactivating an account that is already inactive with no roles changes nothing', async () => {
    const decision = await run(input(user({ active: false }), account([], { status: 'INACTIVE' })));
    expect(decision.outcome).toBe('deactivate');
    expect(decision.changes).toMatchObject({ status: null, addRoles: [], removeRoles: [] });
  });

  it('a deleted or inactive user without an account gets none created', async () => {
    const decision = await run(input(user({ active: false, directRoles: ['AGENT_134_D'] })));
    expect(decision.outcome).toBe('deactivate');
    expect(decision.changes.createAccount).toBe(false);
  });

  it('offboarding is never blocked by anything', async () => {
    const decision = await run(
      input(
        user({ deleted: true, active: false, directRoles: ['NOT A ROLE', 'AGENT_134_A'] }),
        account(['AGENT_134_D']),
      ),
    );
    expect(decision.outcome).toBe('deactivate');
    expect(decision.changes.status).toBe('INACTIVE');
  });

  it('an existing account left with zero effective roles (the last role removed) is deactivated: no-roles', async () => {
    const decision = await run(input(user({ directRoles: [] }), account(['AGENT_134_D'])));
    expect(decision.outcome).toBe('deactivate');
    expect(decision.reasons).toEqual(['no-roles']);
    expect(decision.changes).toMatchObject({ status: 'INACTIVE', removeRoles: [ref('AGENT_134_D')] });
  });

  it('a new user with zero roles is blocked: no-roles, no account created', async () => {
    const decision = await run(input(user({ directRoles: [] })));
    expect(decision).toMatchObject({ outcome: 'block', reasons: ['no-roles'] });
    expect(decision.changes.createAccount).toBe(false);
  });

  it('any unresolved role blocks every grant to an existing user: no role added, no profile change', async () => {
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D', 'AGENT_134_F', 'AGENT_134_A'] }), account(['AGENT_134_D'])),
    );
    expect(decision.outcome).toBe('block');
    expect(decision.reasons).toEqual(['unresolved-role']);
    expect(decision.blockedReasons).toEqual(['unresolved-role']);
    expect(decision.unresolved.map((role) => role.name)).toEqual(['AGENT_134_A']);
    expect(decision.changes).toEqual({
      createAccount: false,
      status: null,
      addRoles: [],
      removeRoles: [],
      updateProfile: false,
      userType: null,
    });
    expect(decision.withheld).toEqual({
      createAccount: false,
      addRoles: [ref('AGENT_134_F')],
      updateProfile: true,
      status: null,
      userType: null,
    });
  });

  it('a block never stops a revocation: a role swapped for an unknown one is removed, the unknown one reported', async () => {
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D', 'AGENT_134_A'] }), account(['AGENT_134_D', 'AGENT_134_G'])),
    );
    expect(decision.outcome).toBe('block');
    expect(decision.blockedReasons).toEqual(['unresolved-role']);
    expect(decision.unresolved.map((role) => [role.name, role.reason])).toEqual([
      ['AGENT_134_A', 'unknown-role'],
    ]);
    expect(decision.changes).toEqual({
      createAccount: false,
      status: null,
      addRoles: [],
      removeRoles: [ref('AGENT_134_G')],
      updateProfile: false,
      userType: null,
    });
    expect(decision.explanation.decidedBy).toEqual([
      'block-unresolved-roles',
      'revoke-roles-no-longer-granted',
    ]);
  });

  it("leaving a group while another group's role is unresolved removes the first group's roles", async () => {
    const decision = await run(
      input(
        user({
          directRoles: ['AGENT_134_D'],
          groups: [group('Desk', { roles: ['AGENT_134_NOT_A_ROLE'] })],
        }),
        // The account still holds the role of 'EU Store Managers', which the user has left.
        account(['AGENT_134_D', 'RETAILER_199_STORE_MANAGER']),
        'membership.changed',
      ),
    );
    expect(decision.outcome).toBe('block');
    expect(names(decision.changes.removeRoles)).toEqual(['RETAILER_199_STORE_MANAGER']);
    expect(decision.changes.addRoles).toEqual([]);
  });

  it('an existing user left with only unresolved roles is deactivated with no roles; the block reasons stay', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_A'] }), account(['AGENT_134_D'])));
    expect(decision.outcome).toBe('deactivate');
    expect(decision.reasons).toEqual(['no-roles']);
    expect(decision.blockedReasons).toEqual(['unresolved-role']);
    expect(decision.changes).toMatchObject({
      status: 'INACTIVE',
      addRoles: [],
      removeRoles: [ref('AGENT_134_D')],
    });
  });

  it('a new user with any unresolved role is still not created, and the decision says what was withheld', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_D', 'AGENT_134_A'] })));
    expect(decision.outcome).toBe('block');
    expect(decision.changes.createAccount).toBe(false);
    expect(decision.withheld).toEqual({
      createAccount: true,
      addRoles: [ref('AGENT_134_D')],
      updateProfile: true,
      userType: { type: 'LOCATION', primaryLocation: '134' },
      status: 'ACTIVE',
    });
  });

  it('a foreign account keeps its roles: revocations apply only to the connector own accounts', async () => {
    const foreign = account(['AGENT_134_D', 'AGENT_134_G'], { linked: false });
    const decision = await run(input(user({ directRoles: ['AGENT_134_D'] }), foreign));
    expect(decision).toMatchObject({ outcome: 'block', reasons: ['not-new'] });
    expect(decision.changes.removeRoles).toEqual([]);
  });

  it('an account with the same username that the connector did not create is blocked: not-new', async () => {
    const foreign = account(['AGENT_134_D'], { linked: false });
    const decision = await run(input(user({ directRoles: ['AGENT_134_F'] }), foreign));
    expect(decision).toMatchObject({ outcome: 'block', reasons: ['not-new'] });
    expect(decision.changes.removeRoles).toEqual([]);
  });

  it('a foreign account is never deactivated either, while adoption is off', async () => {
    const foreign = account(['AGENT_134_D'], { linked: false });
    const decision = await run(input(user({ active: false, directRoles: ['AGENT_134_D'] }), foreign));
    expect(decision).toMatchObject({ outcome: 'block', reasons: ['not-new'] });
  });

  it('unless the rules allow adopting existing accounts', async () => {
    const adopting = { ...scenarioRules, options: { ...scenarioRules.options, adoptExistingAccounts: true } };
    const foreign = account(['AGENT_134_D'], { linked: false });
    const decision = await run(input(user({ directRoles: ['AGENT_134_F'] }), foreign), adopting);
    expect(decision.outcome).toBe('update');
    expect(names(decision.changes.addRoles)).toEqual(['AGENT_134_F']);
    expect(names(decision.changes.removeRoles)).toEqual(['AGENT_134_D']);
  });

  it('otherwise create: ACTIVE, with the effective roles and the profile', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_D'] }), NO_ACCOUNT, 'user.created'));
    expect(decision.changes).toEqual({
      createAccount: true,
      status: 'ACTIVE',
      addRoles: [ref('AGENT_134_D')],
      removeRoles: [],
      updateProfile: true,
      userType: { type: 'LOCATION', primaryLocation: '134' },
    });
  });

  it('or update: the exact role set — missing roles added, roles not in the effective set removed', async () => {
    const decision = await run(
      input(
        user({ directRoles: ['AGENT_134_D', 'AGENT_134_F'] }),
        account(['AGENT_134_D', 'AGENT_134_G']),
        'membership.changed',
      ),
    );
    expect(decision.outcome).toBe('update');
    expect(decision.changes).toEqual({
      createAccount: false,
      status: null,
      addRoles: [ref('AGENT_134_F')],
      removeRoles: [ref('AGENT_134_G')],
      updateProfile: false,
      userType: null,
    });
  });

  it('a user change updates the profile even when the roles match', async () => {
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D'] }), account(['AGENT_134_D']), 'user.updated'),
    );
    expect(decision.outcome).toBe('update');
    expect(decision.changes).toMatchObject({ updateProfile: true, addRoles: [], removeRoles: [] });
  });

  it('or none when the platform already matches', async () => {
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D'] }), account(['AGENT_134_D']), 'membership.changed'),
    );
    expect(decision.outcome).toBe('none');
    expect(decision.explanation.decidedBy).toEqual(['already-in-sync']);
    const inSync = await run(
      input(user({ directRoles: ['AGENT_134_D'] }), account(['AGENT_134_D'], { profileInSync: true })),
    );
    expect(inSync.outcome).toBe('none');
  });

  it('explains every rule that fired with its name, priority, event params and evaluated conditions', async () => {
    const decision = await run(input(user({ directRoles: [] })));
    const fired = decision.explanation.firedRules.find(
      (rule) => rule.name === 'block-new-user-without-roles',
    );
    expect(fired).toMatchObject({ priority: 50, event: { type: 'block', params: { reason: 'no-roles' } } });
    expect(fired?.conditions).toMatchObject({
      result: true,
      all: [
        {
          fact: 'platform',
          path: '$.exists',
          operator: 'equal',
          value: false,
          factResult: false,
          result: true,
        },
        { fact: 'roles', path: '$.count', factResult: 0, result: true },
        { fact: 'roles', path: '$.unresolvedCount', factResult: 0, result: true },
      ],
    });
  });

  it('admins may add rules: require a department for AGENT roles', async () => {
    const departmentRule = {
      name: 'require-department-for-store-roles',
      priority: 60,
      conditions: {
        all: [
          { fact: 'roles' as const, path: '$.contextTypes', operator: 'contains', value: 'AGENT' },
          {
            fact: 'user' as const,
            path: "$.attributes['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].department",
            operator: 'isEmpty',
            value: true,
          },
        ],
      },
      event: {
        type: 'block' as const,
        params: { reason: 'department-required', message: 'Store staff need a department' },
      },
    };
    const custom = { ...scenarioRules, rules: [...scenarioRules.rules, departmentRule] };
    const withoutDepartment = await run(
      input(user({ directRoles: ['AGENT_134_D'], attributes: {} })),
      custom,
    );
    expect(withoutDepartment).toMatchObject({ outcome: 'block', reasons: ['department-required'] });
    expect(withoutDepartment.explanation.decidedBy).toEqual(['require-department-for-store-roles']);

    const enterprise = {
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Stores' },
    };
    const withDepartment = await run(
      input(user({ directRoles: ['AGENT_134_D'], attributes: enterprise })),
      custom,
    );
    expect(withDepartment.outcome).toBe('create');

    const retailerOnly = await run(input(user({ directRoles: ['RETAILER_199_STORE'] })), custom);
    expect(retailerOnly.outcome).toBe('create');

    const leaving = await run(
      input(user({ active: false, directRoles: ['AGENT_134_D'] }), account(['AGENT_134_D'])),
      custom,
    );
    expect(leaving.outcome).toBe('deactivate');
  });

  it('an admin rule added to governance.json on disk loads, validates and takes effect', async () => {
    const governanceJson = JSON.parse(await readFile(join(REPO_RULES_DIR, 'governance.json'), 'utf8'));
    governanceJson.rules.push({
      name: 'require-department-for-store-roles',
      priority: 60,
      conditions: {
        all: [
          { fact: 'roles', path: '$.contextTypes', operator: 'contains', value: 'AGENT' },
          { fact: 'user', path: '$.attributes.department', operator: 'isEmpty', value: true },
        ],
      },
      event: { type: 'block', params: { reason: 'department-required' } },
    });
    const dir = await rulesFolder({ 'governance.json': governanceJson });
    try {
      const loaded = await loadRules(dir);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      const blocked = await run(
        input(user({ directRoles: ['AGENT_134_D'], attributes: { department: ' ' } })),
        loaded.rules,
      );
      expect(blocked).toMatchObject({ outcome: 'block', reasons: ['department-required'] });
      const created = await run(
        input(user({ directRoles: ['AGENT_134_D'], attributes: { department: 'Stores' } })),
        loaded.rules,
      );
      expect(created.outcome).toBe('create');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with no rule firing the outcome is none', async () => {
    const decision = await run(input(user({ directRoles: ['AGENT_134_D'] })), {
      ...scenarioRules,
      rules: [],
    });
    expect(decision).toMatchObject({
      outcome: 'none',
      reasons: [],
      explanation: { firedRules: [], decidedBy: [] },
    });
    expect(decision.changes.createAccount).toBe(false);
  });
});

describe('4.3 groups', () => {
  const storeGroup = group('Store staff', { roles: ['AGENT_134_STORE'] });

  it('members inherit group roles in addition to direct roles (join)', async () => {
    const decision = await run(
      input(
        user({ directRoles: ['AGENT_134_D'], groups: [storeGroup] }),
        account(['AGENT_134_D']),
        'membership.changed',
      ),
    );
    expect(effectiveNames(decision)).toEqual(['AGENT_134_D', 'AGENT_134_STORE']);
    expect(names(decision.changes.addRoles)).toEqual(['AGENT_134_STORE']);
  });

  it("leaving a group removes that group's roles", async () => {
    const before = account([
      'AGENT_134_D',
      'AGENT_134_STORE',
      'AGENT_134_RETURNS_MANAGER',
      'AGENT_134_GRAPHQL',
    ]);
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D'], groups: [storeGroup] }), before, 'membership.changed'),
    );
    expect(names(decision.changes.removeRoles)).toEqual(['AGENT_134_GRAPHQL', 'AGENT_134_RETURNS_MANAGER']);
    expect(decision.changes.addRoles).toEqual([]);
  });

  it('unless another source still grants them', async () => {
    const stillGranted = user({
      directRoles: ['AGENT_134_D'],
      groups: [group('Other desk', { roles: ['AGENT_134_GRAPHQL'] })],
    });
    const before = account(['AGENT_134_D', 'AGENT_134_RETURNS_MANAGER', 'AGENT_134_GRAPHQL']);
    const decision = await run(input(stillGranted, before, 'membership.changed'));
    expect(names(decision.changes.removeRoles)).toEqual(['AGENT_134_RETURNS_MANAGER']);
  });

  it('direct roles are never touched by leaving a group that also granted them', async () => {
    const before = account(['AGENT_134_STORE']);
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_STORE'], groups: [] }), before, 'membership.changed'),
    );
    expect(decision.outcome).toBe('none');
    expect(decision.changes.removeRoles).toEqual([]);
  });

  it("changing a group's roles changes every member's roles", async () => {
    const changed = group('Store staff', { roles: ['AGENT_134_STORE_ASSISTANT'] });
    const decision = await run(
      input(user({ groups: [changed] }), account(['AGENT_134_STORE']), 'group.changed'),
    );
    expect(decision.changes).toMatchObject({
      addRoles: [ref('AGENT_134_STORE_ASSISTANT')],
      removeRoles: [ref('AGENT_134_STORE')],
    });
  });

  it('renaming a group moves the roles its name granted (displayName, opted in, and group-roles.json)', async () => {
    const before = account(['AGENT_134_STORE', 'RETAILER_199_STORE_MANAGER']);
    const renamed = user({
      groups: [
        { id: 'g1', displayName: 'AGENT_134_GRAPHQL' },
        { id: 'g2', displayName: 'UK Store Managers' },
      ],
    });
    const decision = await run(input(renamed, before, 'group.changed'), displayNamesAsRoles);
    expect(names(decision.changes.addRoles)).toEqual(['AGENT_134_GRAPHQL']);
    expect(names(decision.changes.removeRoles)).toEqual(['AGENT_134_STORE', 'RETAILER_199_STORE_MANAGER']);
  });

  it('deleting a group removes its roles from every former member', async () => {
    const before = account(['AGENT_134_D', 'AGENT_134_STORE']);
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D'], groups: [] }), before, 'group.deleted'),
    );
    expect(decision.outcome).toBe('update');
    expect(names(decision.changes.removeRoles)).toEqual(['AGENT_134_STORE']);
  });

  it('deleting the group that granted the last role deactivates the member', async () => {
    const decision = await run(input(user({ groups: [] }), account(['AGENT_134_STORE']), 'group.deleted'));
    expect(decision).toMatchObject({ outcome: 'deactivate', reasons: ['no-roles'] });
  });
});

describe('createGovernance(rules).decide', () => {
  it('decides an input again the same way: the engine it keeps carries nothing from one decision to the next', async () => {
    const governance = createGovernance(scenarioRules);
    const decisionInput = input(user({ directRoles: ['AGENT_134_C'] }));
    const first = await governance.decide(decisionInput, catalog);
    expect(await governance.decide(input(user({ directRoles: [] })), catalog)).toMatchObject({
      outcome: 'block',
    });
    expect(await governance.decide(decisionInput, catalog)).toEqual(first);
    expect(first).toEqual(await createGovernance(scenarioRules).decide(decisionInput, catalog));
  });

  it('passes catalogue failures to the caller', async () => {
    const failing = createStaticCatalog({ roles: [] });
    const broken = { ...failing, hasRole: () => Promise.reject(new Error('platform down')) };
    await expect(run(input(user({ directRoles: ['AGENT_134_D'] })), rules, broken)).rejects.toThrow(
      'platform down',
    );
  });
});

describe('privileged roles: which sources may grant them (privilegedRoles)', () => {
  const unresolvedOf = (decision: Decision) => decision.unresolved.map((role) => [role.name, role.reason]);

  it('the shipped policy lets a direct assignment grant an ACCOUNT role', async () => {
    const decision = await run(input(user({ directRoles: ['ACCOUNT_0_GRAPHQL'] })));
    expect(effectiveNames(decision)).toEqual(['ACCOUNT_0_GRAPHQL']);
  });

  it('and an entry of group-roles.json', async () => {
    const ruleSet = {
      ...scenarioRules,
      groupRoles: [{ displayName: 'Admins', roles: ['ACCOUNT_0_GRAPHQL'] }],
    };
    const decision = await run(input(user({ groups: [group('Admins')] })), ruleSet);
    expect(effectiveNames(decision)).toEqual(['ACCOUNT_0_GRAPHQL']);
  });

  it("attack: a group's roles extension cannot grant an ACCOUNT role; it is unresolved and blocks grants", async () => {
    const decision = await run(
      input(
        user({
          directRoles: ['AGENT_134_D'],
          groups: [group('Self-service', { roles: ['ACCOUNT_0_GRAPHQL'] })],
        }),
        account(['AGENT_134_D']),
      ),
    );
    expect(effectiveNames(decision)).toEqual(['AGENT_134_D']);
    expect(unresolvedOf(decision)).toEqual([['ACCOUNT_0_GRAPHQL', 'source-not-allowed']]);
    expect(decision.unresolved[0]?.message).toContain('privilegedRoles[0]');
    expect(decision.unresolved[0]?.message).toContain('not from group-extension');
    expect(decision).toMatchObject({ outcome: 'block', blockedReasons: ['unresolved-role'] });
    expect(decision.changes.addRoles).toEqual([]);
  });

  it('attack: a group named like an ACCOUNT role grants it not even with groupDisplayNamesAsRoles on', async () => {
    const decision = await run(
      input(user({ directRoles: ['AGENT_134_D'], groups: [group('ACCOUNT_0_GRAPHQL')] })),
      displayNamesAsRoles,
    );
    expect(unresolvedOf(decision)).toEqual([['ACCOUNT_0_GRAPHQL', 'source-not-allowed']]);
    expect(decision.unresolved[0]?.message).toContain('not from group-name');
    expect(decision.changes.createAccount).toBe(false);
  });

  it('a logical role cannot expand into an ACCOUNT role unless logical-mapping is allowed too', async () => {
    const decision = await run(input(user({ directRoles: ['ACCOUNT_0_C', 'AGENT_134_D'] })));
    expect(unresolvedOf(decision)).toEqual([
      ['ACCOUNT_0_C', 'source-not-allowed'],
      ['ACCOUNT_0_C', 'source-not-allowed'],
    ]);
    expect(decision.unresolved[0]?.message).toContain('not from logical-mapping');
  });

  it('an ACCOUNT role the account holds from a source no longer allowed is revoked (fails closed)', async () => {
    const decision = await run(
      input(
        user({ directRoles: ['AGENT_134_D'], groups: [group('Desk', { roles: ['ACCOUNT_0_GRAPHQL'] })] }),
        account(['AGENT_134_D', 'ACCOUNT_0_GRAPHQL']),
      ),
    );
    expect(decision.outcome).toBe('block');
    expect(names(decision.changes.removeRoles)).toEqual(['ACCOUNT_0_GRAPHQL']);
  });

  it('policies match by context type, context id and role with wildcards; each matching policy must allow', async () => {
    const ruleSet: RuleSet = {
      ...scenarioRules,
      privilegedRoles: [
        { match: { role: '*_MANAGER' }, allowedSources: ['direct', 'group-roles'] },
        { match: { contextType: 'AGENT', contextId: '1*' }, allowedSources: ['direct', 'group-extension'] },
      ],
    };
    const decision = await run(
      input(
        user({
          groups: [
            group('Desk', { roles: ['AGENT_134_RETURNS_MANAGER', 'AGENT_134_STORE', 'RETAILER_199_STORE'] }),
            group('EU Store Managers'),
          ],
        }),
      ),
      ruleSet,
    );
    // RETURNS_MANAGER from the extension: refused by the first policy. STORE at AGENT 134: the second allows
    // the extension. RETAILER_199_STORE matches neither. STORE_MANAGER from group-roles: the first allows it.
    expect(unresolvedOf(decision)).toEqual([['AGENT_134_RETURNS_MANAGER', 'source-not-allowed']]);
    expect(effectiveNames(decision)).toEqual([
      'AGENT_134_STORE',
      'RETAILER_199_STORE',
      'RETAILER_199_STORE_MANAGER',
    ]);
  });

  it('an empty policy list turns the checks off', async () => {
    const ruleSet = { ...scenarioRules, privilegedRoles: [] };
    const decision = await run(
      input(user({ groups: [group('Desk', { roles: ['ACCOUNT_0_GRAPHQL'] })] })),
      ruleSet,
    );
    expect(effectiveNames(decision)).toEqual(['ACCOUNT_0_GRAPHQL']);
  });
});
