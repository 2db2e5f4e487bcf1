import type { EffectiveRole } from '@scim-connector/governance';
import type { PlatformUser } from '@scim-connector/platform';
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
const account = (roles: string[], status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE'): PlatformUser => ({
  id: '7',
  username: 'ann@example.com',
  ref: 'ann@example.com',
  status,
  profile: { firstName: 'Ann', lastName: 'Lee', primaryEmail: 'ann@example.com' },
  userType: { type: 'ADMIN' },
  roles: roles.map(ref),
});
const profile = { firstName: 'Ann', lastName: 'Lee', primaryEmail: 'ann@example.com' };

describe('compareAccount', () => {
  it('finds nothing when the account holds exactly what the decision grants', () => {
    const expected = expectedAccount('none', effective('AGENT_134_STORE'), profile);
    const differences = compareAccount(account(['AGENT_134_STORE']), expected);
    expect(driftKinds(differences)).toEqual([]);
  });

  it('finds a role added by hand, a role removed by hand, a hand deactivation and a changed profile field', () => {
    const expected = expectedAccount('update', effective('AGENT_134_STORE', 'AGENT_134_GRAPHQL'), {
      ...profile,
      lastName: 'Lee-Smith',
    });
    const differences = compareAccount(
      account(['AGENT_134_STORE', 'RETAILER_199_ADMIN'], 'INACTIVE'),
      expected,
    );
    expect(differences).toEqual({
      extraRoles: ['RETAILER_199_ADMIN'],
      missingRoles: ['AGENT_134_GRAPHQL'],
      status: { expected: 'ACTIVE', actual: 'INACTIVE' },
      profileFields: ['lastName'],
    });
    expect(driftKinds(differences)).toEqual(['extra-role', 'missing-role', 'status', 'profile']);
  });

  it('expects a deactivated user inactive with no role at all, and ignores the profile', () => {
    const expected = expectedAccount('deactivate', effective('AGENT_134_STORE'), {
      ...profile,
      firstName: 'X',
    });
    expect(compareAccount(account(['AGENT_134_STORE']), expected)).toEqual({
      extraRoles: ['AGENT_134_STORE'],
      missingRoles: [],
      status: { expected: 'INACTIVE', actual: 'ACTIVE' },
      profileFields: [],
    });
  });

  it('under a block, still reports a role nobody grants, but never a withheld grant as missing', () => {
    // Governance withholds AGENT_134_GRAPHQL (say, an unresolved role blocks the user): enforcing drift must not
    // grant it, so it is not drift; the hand-added admin role is.
    const expected = expectedAccount('block', effective('AGENT_134_STORE', 'AGENT_134_GRAPHQL'), profile);
    const differences = compareAccount(account(['AGENT_134_STORE', 'ACCOUNT_0_ADMIN'], 'INACTIVE'), expected);
    expect(differences).toEqual({
      extraRoles: ['ACCOUNT_0_ADMIN'],
      missingRoles: [],
      status: null,
      profileFields: [],
    });
  });
});
