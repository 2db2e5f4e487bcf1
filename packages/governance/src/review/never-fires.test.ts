import { describe, expect, it } from 'vitest';
import type { GovernanceRule, RuleCondition } from '../types.ts';
import { findRulesThatNeverFire } from './never-fires.ts';

function rule(conditions: RuleCondition, name = 'r'): GovernanceRule {
  return { name, conditions, event: { type: 'block', params: { reason: 'x' } } };
}
const leaf = (fact: string, path: string | undefined, operator: string, value: unknown): RuleCondition =>
  ({ fact, ...(path !== undefined && { path }), operator, value }) as RuleCondition;

function review(...conditions: RuleCondition[]) {
  return findRulesThatNeverFire(conditions.map((c, i) => rule(c, `r${i}`)));
}

describe('findRulesThatNeverFire: values a fact never holds', () => {
  it.each([
    [
      'a status in the wrong case',
      leaf('platform', '$.status', 'equal', 'active'),
      '"ACTIVE", "INACTIVE", null',
    ],
    ['a count compared with a string', leaf('roles', '$.count', 'equal', '0'), 'a whole number from 0'],
    ['a negative count', leaf('drift', '$.removeRoles', 'lessThan', 0), 'a whole number from 0'],
    ['a boolean compared with a string', leaf('user', '$.active', 'equal', 'false'), 'true or false'],
    ['a context type the grammar has not', leaf('roles', '$.contextTypes', 'contains', 'LOCATION'), 'AGENT'],
    ['a trigger that does not exist', leaf('trigger', undefined, 'equal', 'user.create'), '"user.updated"'],
    [
      'a list compared with equal (=== never holds for a list)',
      leaf('roles', '$.effective', 'equal', []),
      'a list of',
    ],
    [
      'an unresolved reason that does not exist',
      leaf('roles', '$.unresolved[0].reason', 'in', ['unknown']),
      'or absent',
    ],
  ])('%s', (_what, condition, domain) => {
    const { findings, deadRules } = review({ all: [condition] });
    expect(findings).toEqual([
      {
        pointer: '/rules/0/conditions/all/0/value',
        message: expect.stringContaining("rule 'r0' can never fire"),
      },
    ]);
    expect(findings[0]?.message).toContain(domain);
    expect([...deadRules]).toEqual([0]);
  });

  it('accepts conditions that can hold, and says nothing about what it cannot evaluate', () => {
    const { findings, deadRules } = review(
      {
        all: [
          leaf('platform', '$.status', 'equal', 'INACTIVE'),
          leaf('roles', '$.count', 'greaterThan', '0'),
        ],
      },
      {
        all: [
          leaf('roles', '$.contextTypes', 'contains', 'AGENT'),
          leaf('user', '$.groups', 'isEmpty', true),
        ],
      },
      {
        all: [
          leaf('trigger', '$', 'in', ['resync', 'drift']),
          leaf('roles', '$.effective.length', 'equal', 0),
        ],
      },
      { all: [leaf('user', '$.attributes.title', 'equal', 42), leaf('roles', '$.count', 'not:equal', 'x')] },
      { all: [leaf('roles', '$.count', 'equal', { fact: 'drift', path: '$.addRoles' })] },
      { all: [leaf('user', '$.userName', 'isEmpty', true), leaf('user', '$.userName', 'notEqual', '')] },
    );
    expect(findings).toEqual([]);
    expect(deadRules.size).toBe(0);
  });

  it('an impossible condition inside any or not is reported, but the rule can still fire', () => {
    const { findings, deadRules } = review({
      all: [
        { any: [leaf('platform', '$.exists', 'equal', 'yes'), leaf('platform', '$.linked', 'equal', true)] },
        { not: leaf('platform', '$.status', 'equal', 'inactive') },
      ],
    });
    expect(findings.map((f) => [f.pointer, f.message.split(':')[0]])).toEqual([
      ['/rules/0/conditions/all/0/any/0/value', 'this condition can never hold'],
      ['/rules/0/conditions/all/1/not/value', 'this condition can never hold'],
    ]);
    expect(findings[1]?.message).toContain("the 'not' around it always holds");
    expect(deadRules.size).toBe(0);
  });
});

describe('findRulesThatNeverFire: conditions that contradict each other', () => {
  it('two required conditions on one field that no value satisfies together', () => {
    const { findings, deadRules } = review({
      all: [
        leaf('platform', '$.exists', 'equal', true),
        leaf('roles', '$.count', 'equal', 0),
        { all: [leaf('roles', '$.count', 'greaterThan', 0)] },
      ],
    });
    expect(findings).toEqual([
      {
        pointer: '/rules/0/conditions/all/2/all/0',
        message: expect.stringContaining(
          "rule 'r0' can never fire: 'roles $.count greaterThan 0' contradicts 'roles $.count equal 0' at /rules/0/conditions/all/1",
        ),
      },
    ]);
    expect([...deadRules]).toEqual([0]);
  });

  it.each([
    [
      'equal and notEqual',
      [leaf('platform', '$.linked', 'equal', true), leaf('platform', '$.linked', 'notEqual', true)],
    ],
    [
      'two different values',
      [leaf('trigger', undefined, 'equal', 'resync'), leaf('trigger', '$', 'equal', 'drift')],
    ],
    [
      'an empty range',
      [leaf('roles', '$.count', 'greaterThan', 3), leaf('roles', '$.count', 'lessThanInclusive', 3)],
    ],
    [
      'in and notIn',
      [
        leaf('platform', '$.status', 'in', ['ACTIVE']),
        leaf('platform', '$.status', 'notIn', ['ACTIVE', null]),
      ],
    ],
    [
      'contains and doesNotContain',
      [leaf('roles', '$.direct', 'contains', 'X'), leaf('roles', '$.direct', 'doesNotContain', 'X')],
    ],
    [
      'empty and containing',
      [
        leaf('roles', '$.contextTypes', 'isEmpty', true),
        leaf('roles', '$.contextTypes', 'contains', 'AGENT'),
      ],
    ],
  ])('%s', (_what, conditions) => {
    expect(review({ all: conditions }).deadRules.has(0)).toBe(true);
  });

  it('conditions in different branches of an any do not contradict', () => {
    const { findings } = review({
      any: [leaf('roles', '$.count', 'equal', 0), leaf('roles', '$.count', 'greaterThan', 0)],
    });
    expect(findings).toEqual([]);
  });

  it('a range with a hole still has values', () => {
    const { findings } = review({
      all: [
        leaf('roles', '$.count', 'greaterThan', 3),
        leaf('roles', '$.count', 'notEqual', 4),
        leaf('roles', '$.count', 'notEqual', 5),
        leaf('roles', '$.count', 'lessThan', 7),
      ],
    });
    expect(findings).toEqual([]);
  });
});
