import type { EffectiveRole } from '@scim-connector/governance';
import type { PlatformUser, PlatformUserType } from '@scim-connector/platform';
import { parseRoleName, type RoleRef } from '@scim-connector/role-grammar';
import { describe, expect, it } from 'vitest';
import { compareAccount, driftKinds, expectedAccount } from './compare-account.ts';

function ref(name: string): RoleRef {
  const parsed = parseRoleName(name);
  if (!parsed.ok) throw new Error(`bad role ${name}`);
  return parsed.value;
}
const effective = (...names: string[]): EffectiveRole[] =>
  names.map((name) => ({ name, ref: ref(name), sources: [{ type: 'direct', name }] }));
const account = (
  roles: string[],
  status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE',
  userType: PlatformUserType = { type: 'ADMIN' },
): PlatformUser => ({
  id: '7',
  username: 'ann@example.com',
  ref: 'ann@example.com',
  status,
  profile: { firstName: 'Ann', lastName: 'Lee', primaryEmail: 'ann@example.com' },
  userType,
  roles: roles.map(ref),
});
const profile = { firstName: 'Ann', lastName: 'Lee', primaryEmail: 'ann@example.com' };
const ADMIN = { type: 'ADMIN' } as const;
const RETAILER_199 = { type: 'RETAILER', primaryRetailer: '199' } as const;
const LOCATION_134 = { type: 'LOCATION', primaryLocation: '134' } as const;

describe('compareAccount', () => {
  it('finds nothing when the account holds exactly what the decision grants', () => {
    const expected = expectedAccount('none', effective('AGENT_134_STORE'), profile, ADMIN);
    const differences = compareAccount(account(['AGENT_134_STORE']), expected);
    expect(driftKinds(differences)).toEqual([]);
  });

  it('finds a role added by hand, a role removed by hand, a hand deactivation and a changed profile field', () => {
    const expected = expectedAccount(
      'update',
      effective('AGENT_134_STORE', 'AGENT_134_GRAPHQL'),
      {
        ...profile,
        lastName: 'Lee-Smith',
      },
      ADMIN,
    );
    const differences = compareAccount(
      account(['AGENT_134_STORE', 'RETAILER_199_ADMIN'], 'INACTIVE'),
      expected,
    );
    expect(differences).toEqual({
      extraRoles: ['RETAILER_199_ADMIN'],
      missingRoles: ['AGENT_134_GRAPHQL'],
      status: { expected: 'ACTIVE', actual: 'INACTIVE' },
      profileFields: ['lastName'],
      userType: null,
    });
    expect(driftKinds(differences)).toEqual(['extra-role', 'missing-role', 'status', 'profile']);
  });

  it('expects a deactivated user inactive with no role at all, and ignores the profile', () => {
    const expected = expectedAccount(
      'deactivate',
      effective('AGENT_134_STORE'),
      {
        ...profile,
        firstName: 'X',
      },
      LOCATION_134,
    );
    expect(compareAccount(account(['AGENT_134_STORE']), expected)).toEqual({
      extraRoles: ['AGENT_134_STORE'],
      missingRoles: [],
      status: { expected: 'INACTIVE', actual: 'ACTIVE' },
      profileFields: [],
      userType: null,
    });
  });

  it('under a block, still reports a role nobody grants, but never a withheld grant as missing', () => {
    // Governance withholds AGENT_134_GRAPHQL (say, an unresolved role blocks the user): enforcing drift must not
    // grant it, so it is not drift; the hand-added admin role is.
    const expected = expectedAccount(
      'block',
      effective('AGENT_134_STORE', 'AGENT_134_GRAPHQL'),
      profile,
      ADMIN,
    );
    const differences = compareAccount(account(['AGENT_134_STORE', 'ACCOUNT_0_ADMIN'], 'INACTIVE'), expected);
    expect(differences).toEqual({
      extraRoles: ['ACCOUNT_0_ADMIN'],
      missingRoles: [],
      status: null,
      profileFields: [],
      userType: null,
    });
  });
});

describe('user-type drift', () => {
  const roles = effective('AGENT_134_STORE');

  it('finds an account whose type was raised by hand, with both types', () => {
    const differences = compareAccount(
      account(['AGENT_134_STORE'], 'ACTIVE', ADMIN),
      expectedAccount('none', roles, profile, LOCATION_134),
    );
    expect(differences.userType).toEqual({ expected: LOCATION_134, actual: ADMIN });
    expect(driftKinds(differences)).toEqual(['user-type']);
  });

  it('finds another primary context, and a type the connector does not decide, when the decision applies', () => {
    const elsewhere = { type: 'LOCATION', primaryLocation: '99' } as const;
    const moved = compareAccount(
      account(['AGENT_134_STORE'], 'ACTIVE', elsewhere),
      expectedAccount('update', roles, profile, LOCATION_134),
    );
    expect(moved.userType).toEqual({ expected: LOCATION_134, actual: elsewhere });
    const foreign = compareAccount(
      // Fluent's API type, say: the plugin reads no type the connector decides.
      { ...account(['AGENT_134_STORE']), userType: undefined },
      expectedAccount('none', roles, profile, LOCATION_134),
    );
    expect(foreign.userType).toEqual({ expected: LOCATION_134, actual: undefined });
  });

  it('under a block, reports a type above the decided one (a block lets the lowering through), never one below', () => {
    const raised = compareAccount(
      account(['AGENT_134_STORE'], 'ACTIVE', RETAILER_199),
      expectedAccount('block', roles, profile, LOCATION_134),
    );
    expect(raised.userType).toEqual({ expected: LOCATION_134, actual: RETAILER_199 });
    const withheld = compareAccount(
      account(['AGENT_134_STORE'], 'ACTIVE', LOCATION_134),
      expectedAccount('block', roles, profile, RETAILER_199),
    );
    expect(withheld.userType).toBeNull();
    const sameLevel = compareAccount(
      account(['AGENT_134_STORE'], 'ACTIVE', { type: 'LOCATION', primaryLocation: '99' }),
      expectedAccount('block', roles, profile, LOCATION_134),
    );
    expect(sameLevel.userType).toBeNull();
  });

  it('expects no type of a deactivated user, nor when no type was decided', () => {
    const account_ = account(['AGENT_134_STORE'], 'ACTIVE', ADMIN);
    expect(
      compareAccount(account_, expectedAccount('deactivate', roles, profile, LOCATION_134)).userType,
    ).toBeNull();
    expect(compareAccount(account_, expectedAccount('none', roles, profile, null)).userType).toBeNull();
  });
});
