/**
 * Rules that fire but can never decide: the outcome goes by event type, deactivate > block > create / update /
 * none, and among the last three the higher priority (then the earlier rule) wins (docs/rules.md, How a decision
 * is made). A create, update or none rule whose conditions imply those of a rule that beats it is dead weight
 * that reads as if it did something. Implication is proven only syntactically: every condition the other rule
 * needs is one this rule requires too (same fact, path, operator and value), so nothing is reported on a guess.
 */

import { childPointer, type Finding } from '../rules-folder/finding.ts';
import type { GovernanceRule, OutcomeEventType, RuleCondition } from '../types.ts';

const RANK: Record<OutcomeEventType, number> = { deactivate: 3, block: 2, create: 1, update: 1, none: 1 };

/** `skip`: rules already reported as never firing (nothing more to say about them). */
export function findRulesThatNeverDecide(
  rules: readonly GovernanceRule[],
  skip: ReadonlySet<number>,
): Finding[] {
  const findings: Finding[] = [];
  rules.forEach((rule, index) => {
    const type = rule.event.type;
    if (type === 'revoke' || RANK[type] !== 1 || skip.has(index)) return;
    const winner = rules.findIndex(
      (other, otherIndex) =>
        otherIndex !== index &&
        beats(other, otherIndex, rule, index) &&
        implies(rule.conditions, other.conditions),
    );
    const other = rules[winner];
    if (other === undefined) return;
    const why =
      RANK[other.event.type as OutcomeEventType] > 1
        ? `a ${other.event.type} event beats ${type}`
        : `it has ${priorityOf(other) > priorityOf(rule) ? 'a higher priority' : 'the same priority and comes first'}`;
    findings.push({
      pointer: childPointer(childPointer('/rules', index), 'name'),
      message: `rule '${rule.name}' can never decide: whenever its conditions hold, rule '${other.name}' (/rules/${winner}) fires too and ${why}; remove it, or narrow one of the two`,
    });
  });
  return findings;
}

function priorityOf(rule: GovernanceRule): number {
  return rule.priority ?? 1;
}

/** Whether `a` always wins over `b` when both fire (b is a create, update or none rule). */
function beats(a: GovernanceRule, aIndex: number, b: GovernanceRule, bIndex: number): boolean {
  if (a.event.type === 'revoke') return false;
  const rankA = RANK[a.event.type];
  if (rankA > 1) return true;
  return priorityOf(a) > priorityOf(b) || (priorityOf(a) === priorityOf(b) && aIndex < bIndex);
}

/** Proven: whenever `from` holds, `to` holds. False means "not proven", never "does not imply". */
export function implies(from: RuleCondition, to: RuleCondition): boolean {
  if ('any' in from && from.any.length > 0) return from.any.every((alternative) => implies(alternative, to));
  if ('all' in to) return to.all.every((inner) => implies(from, inner));
  if ('any' in to) return to.any.some((inner) => implies(from, inner));
  const wanted = canonical(to);
  return requiredConditions(from).some((condition) => canonical(condition) === wanted);
}

/** The conditions `condition` cannot hold without: itself, or every one of its `all`s, flattened. */
function requiredConditions(condition: RuleCondition): RuleCondition[] {
  if ('all' in condition) return condition.all.flatMap(requiredConditions);
  return [condition];
}

/** A condition's meaning as text: key order, names and priorities do not change what it tests. */
function canonical(condition: RuleCondition): string {
  if ('all' in condition) return `all(${condition.all.map(canonical).join(',')})`;
  if ('any' in condition) return `any(${condition.any.map(canonical).join(',')})`;
  if ('not' in condition) return `not(${canonical(condition.not)})`;
  const { fact, path, operator, value, params } = condition;
  return JSON.stringify([fact, path ?? '$', operator, sortedKeys(value), sortedKeys(params ?? null)]);
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => [key, sortedKeys(inner)]),
  );
}
