import { describe, expect, it } from 'vitest';
import type { EventType, GovernanceRule, RuleCondition } from '../types.ts';
import { findRulesThatNeverDecide } from './never-decides.ts';

const exists = (value: boolean): RuleCondition => ({
  fact: 'platform',
  path: '$.exists',
  operator: 'equal',
  value,
});
const noRoles: RuleCondition = { fact: 'roles', path: '$.count', operator: 'equal', value: 0 };
const inSync: RuleCondition = { fact: 'drift', path: '$.any', operator: 'equal', value: false };

function rule(name: string, type: EventType, conditions: RuleCondition, priority?: number): GovernanceRule {
  return {
    name,
    conditions,
    ...(priority !== undefined && { priority }),
    event: {
      type,
      ...(type !== 'create' && type !== 'update' && type !== 'none' && { params: { reason: name } }),
    },
  };
}

describe('findRulesThatNeverDecide', () => {
  it('a create rule whose conditions include all of a block rule’s never decides', () => {
    const rules = [
      rule('block-new', 'block', { all: [exists(false)] }, 50),
      rule('create-new-without-roles', 'create', { all: [noRoles, { all: [exists(false)] }] }, 10),
    ];
    expect(findRulesThatNeverDecide(rules, new Set())).toEqual([
      {
        pointer: '/rules/1/name',
        message: expect.stringContaining(
          "rule 'create-new-without-roles' can never decide: whenever its conditions hold, rule 'block-new' (/rules/0) fires too and a block event beats create",
        ),
      },
    ]);
  });

  it('among create, update and none: the higher priority, then the earlier rule', () => {
    const rules = [
      rule('in-sync', 'none', { all: [exists(true), inSync] }, 10),
      rule('in-sync-twice', 'update', { all: [inSync, exists(true)] }, 10),
      rule('urgent', 'update', { all: [{ ...inSync, name: 'renamed' }] }, 20),
    ];
    const messages = findRulesThatNeverDecide(rules, new Set()).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(
        /^rule 'in-sync' can never decide: .* rule 'urgent' \(\/rules\/2\) .* a higher priority/,
      ),
      expect.stringMatching(
        /^rule 'in-sync-twice' can never decide: .* rule 'in-sync' \(\/rules\/0\) .* same priority and comes first/,
      ),
    ]);
  });

  it('an any on the winner needs only one alternative; an any on the loser needs all of them', () => {
    const winner = rule('deactivate', 'deactivate', { any: [noRoles, exists(false)] });
    const shadowed = rule('create', 'create', { any: [{ all: [noRoles, inSync] }, exists(false)] });
    expect(findRulesThatNeverDecide([winner, shadowed], new Set())).toHaveLength(1);
    const notProven = rule('create', 'create', { any: [inSync, exists(false)] });
    expect(findRulesThatNeverDecide([winner, notProven], new Set())).toEqual([]);
  });

  it('block, deactivate and revoke rules are never reported, nor rules already known not to fire', () => {
    const always = rule('always', 'deactivate', { all: [] });
    const rules = [
      always,
      rule('block', 'block', { all: [noRoles] }),
      rule('revoke', 'revoke', { all: [noRoles] }),
      rule('create', 'create', { all: [noRoles] }),
    ];
    expect(findRulesThatNeverDecide(rules, new Set([3]))).toEqual([]);
  });

  it('the shipped rules: none is shadowed (more conditions on the loser are not implied)', () => {
    const rules = [
      rule('block-new-user-without-roles', 'block', { all: [exists(false), noRoles] }, 50),
      rule('create-new-user', 'create', { all: [exists(false)] }, 10),
    ];
    expect(findRulesThatNeverDecide(rules, new Set())).toEqual([]);
  });
});
