/**
 * The review claims a rule can never fire or never decide only when that is proven: checked here against
 * json-rules-engine itself. Random rules over the real facts, random facts built from the same constants (so
 * conditions hit and miss), and whenever the review calls a rule dead, the engine must agree on every sample.
 */
import { CONTEXT_TYPES } from '@scim-connector/role-grammar';
import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseOutcome } from '../decide/outcome.ts';
import { createRulesEngine } from '../decide/rules-engine.ts';
import type { DecisionFacts, GovernanceRule, OutcomeEventType, RuleCondition } from '../types.ts';
import { findRulesThatNeverDecide } from './never-decides.ts';
import { findRulesThatNeverFire } from './never-fires.ts';

const SEED = 0x5e71e;

const FIELDS: readonly [fact: string, path: string | undefined][] = [
  ['trigger', undefined],
  ['user', '$.active'],
  ['user', '$.userName'],
  ['user', '$.groups'],
  ['platform', '$.exists'],
  ['platform', '$.status'],
  ['roles', '$.count'],
  ['roles', '$.unresolvedCount'],
  ['roles', '$.contextTypes'],
  ['roles', '$.effective'],
  ['roles', '$.effective[0]'],
  ['roles', '$.effective.length'],
  ['drift', '$.removeRoles'],
  ['drift', '$.any'],
];
const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'isEmpty',
];
const VALUES: readonly unknown[] = [
  0,
  1,
  2,
  -1,
  '0',
  true,
  false,
  'true',
  null,
  '',
  ' ',
  'ACTIVE',
  'active',
  'INACTIVE',
  'AGENT',
  'LOCATION',
  'X',
  'Ops',
  'resync',
  'user.create',
];
const LISTS: readonly unknown[] = [[], ['ACTIVE'], ['X', 'AGENT'], [0, 1], ['resync', 'drift'], [null]];

const leaf: fc.Arbitrary<RuleCondition> = fc
  .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPERATORS), fc.constantFrom(...VALUES, ...LISTS))
  .map(([[fact, path], operator, value]) => {
    // `in` with a value that is neither a list nor a string makes json-rules-engine throw: not a rule anyone ships.
    const safe = (operator === 'in' || operator === 'notIn') && !Array.isArray(value) ? [value] : value;
    return { fact, ...(path !== undefined && { path }), operator, value: safe } as RuleCondition;
  });

const condition: fc.Arbitrary<RuleCondition> = fc.letrec<{ node: RuleCondition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

const topLevel = fc.array(condition, { minLength: 1, maxLength: 4 }).map((all): RuleCondition => ({ all }));

const someOf = <T>(values: readonly T[]) => fc.subarray([...values]);
const facts: fc.Arbitrary<DecisionFacts> = fc.record({
  trigger: fc.constantFrom('user.created', 'resync', 'drift', 'group.changed'),
  user: fc.record({
    id: fc.constant('u1'),
    userName: fc.constantFrom('', ' ', 'X', 'bob@example.com'),
    active: fc.boolean(),
    deleted: fc.boolean(),
    groups: someOf(['Ops', 'X']),
    attributes: fc.constant({}),
  }),
  platform: fc.record({
    exists: fc.boolean(),
    linked: fc.boolean(),
    status: fc.constantFrom('ACTIVE' as const, 'INACTIVE' as const, null),
  }),
  roles: fc.record({
    direct: someOf(['X', 'AGENT_134_STORE']),
    inherited: someOf(['X', 'Ops']),
    effective: someOf(['X', 'AGENT', 'ACTIVE']),
    unresolved: fc.constant([]),
    count: fc.nat(3),
    unresolvedCount: fc.nat(3),
    contextTypes: someOf(CONTEXT_TYPES),
  }),
  options: fc.record({
    checkContexts: fc.boolean(),
    adoptExistingAccounts: fc.boolean(),
    groupDisplayNamesAsRoles: fc.boolean(),
  }),
  drift: fc.record({
    addRoles: fc.nat(3),
    removeRoles: fc.nat(3),
    status: fc.boolean(),
    profile: fc.boolean(),
    userType: fc.boolean(),
    any: fc.boolean(),
  }),
}) as fc.Arbitrary<DecisionFacts>;

const samples = fc.array(facts, { minLength: 25, maxLength: 25 });

/** The value at a JSON pointer (`/rules/0/conditions/all/1`) of the rules array, as `{rules}`. */
function at(rules: readonly GovernanceRule[], pointer: string): unknown {
  let current: unknown = { rules };
  for (const segment of pointer.split('/').slice(1)) current = (current as Record<string, unknown>)[segment];
  return current;
}

function rule(name: string, type: OutcomeEventType, conditions: RuleCondition, priority = 1): GovernanceRule {
  return { name, priority, conditions, event: { type, params: { reason: name } } };
}

describe('the review agrees with json-rules-engine', () => {
  it(
    'a rule the review says can never fire fires for no facts, nor does a condition it says never holds',
    async () => {
      let dead = 0;
      let impossible = 0;
      await fc.assert(
        fc.asyncProperty(topLevel, samples, async (conditions, factsList) => {
          const rules = [rule('r', 'block', conditions)];
          const review = findRulesThatNeverFire(rules);
          const checked: GovernanceRule[] = [];
          if (review.deadRules.has(0)) {
            dead++;
            checked.push(rules[0] as GovernanceRule);
          }
          for (const finding of review.findings) {
            if (!finding.pointer.endsWith('/value')) continue;
            impossible++;
            const condition = at(rules, finding.pointer.slice(0, -'/value'.length)) as RuleCondition;
            checked.push(rule('leaf', 'block', { all: [condition] }));
          }
          for (const deadRule of checked) {
            const engine = createRulesEngine([deadRule], { memoize: false });
            for (const sample of factsList) expect(await engine.evaluate(sample)).toEqual([]);
          }
        }),
        propertyRuns(300, SEED),
      );
      // The property says something only if the review does call rules dead now and then.
      expect(dead).toBeGreaterThan(20);
      expect(impossible).toBeGreaterThan(20);
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'a rule the review says can never decide decides for no facts',
    async () => {
      const pool = fc.array(leaf, { minLength: 3, maxLength: 3 });
      const ruleShape = fc.record({
        type: fc.constantFrom<OutcomeEventType>('deactivate', 'block', 'create', 'update', 'none'),
        priority: fc.integer({ min: 1, max: 3 }),
        picks: fc.subarray([0, 1, 2]),
      });
      let shadowed = 0;
      await fc.assert(
        fc.asyncProperty(
          pool,
          fc.array(ruleShape, { minLength: 2, maxLength: 4 }),
          samples,
          async (leaves, shapes, factsList) => {
            // Rules drawn from three shared conditions, so one rule's conditions often include another's.
            const rules = shapes.map((shape, i) =>
              rule(
                `r${i}`,
                shape.type,
                { all: shape.picks.map((pick) => leaves[pick] as RuleCondition) },
                shape.priority,
              ),
            );
            const findings = findRulesThatNeverDecide(rules, findRulesThatNeverFire(rules).deadRules);
            if (findings.length === 0) return;
            shadowed += findings.length;
            const names = findings.map((finding) => rules[Number(finding.pointer.split('/')[2])]?.name);
            const engine = createRulesEngine(rules, { memoize: false });
            for (const sample of factsList) {
              const decidedBy = chooseOutcome(await engine.evaluate(sample)).decidedBy.map((r) => r.name);
              for (const name of names) expect(decidedBy).not.toContain(name);
            }
          },
        ),
        propertyRuns(300, SEED),
      );
      expect(shadowed).toBeGreaterThan(20);
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
