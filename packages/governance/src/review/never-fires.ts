/**
 * Rules that can never fire: a condition comparing a fact with a value the fact never holds
 * (`platform.status` equal `"active"`; `roles.count` equal `"0"`, a string, where the count is a number), and
 * conditions a rule requires together that contradict each other (`roles.count` equal 0 and greaterThan 0).
 * json-rules-engine evaluates such a rule without complaint and it silently does nothing: a deactivate rule that
 * never fires leaves access in place (docs/rules.md, Reviewing rules). Only what can be proven is reported.
 */

import { childPointer, type Finding } from '../rules-folder/finding.ts';
import type { GovernanceRule, RuleCondition } from '../types.ts';
import { describeDomain, domainOf } from './fact-domains.ts';
import { compileLeaf, type Holds, witnesses } from './leaf-evaluation.ts';

interface Leaf {
  fact: string;
  path: string | undefined;
  operator: string;
  value: unknown;
  pointer: string;
  /** The rule fires only when this condition holds (it sits in the rule's chain of `all`s). */
  required: boolean;
  /** Inside a `not`: a condition that never holds makes the `not` always hold. */
  negated: boolean;
}

export interface NeverFiresResult {
  findings: Finding[];
  /** Indexes of the rules proven never to fire. */
  deadRules: Set<number>;
}

export function findRulesThatNeverFire(rules: readonly GovernanceRule[]): NeverFiresResult {
  const findings: Finding[] = [];
  const deadRules = new Set<number>();
  rules.forEach((rule, index) => {
    const leaves: Leaf[] = [];
    collectLeaves(rule.conditions, childPointer(childPointer('/rules', index), 'conditions'), true, leaves);
    const impossible = impossibleLeaves(rule, leaves);
    const clashes = contradictions(rule, leaves);
    if (impossible.some(({ leaf }) => leaf.required) || clashes.length > 0) deadRules.add(index);
    findings.push(...impossible.map(({ finding }) => finding), ...clashes);
  });
  return { findings, deadRules };
}

function collectLeaves(
  condition: RuleCondition,
  pointer: string,
  required: boolean,
  into: Leaf[],
  negated = false,
): void {
  if ('all' in condition) {
    for (const [i, inner] of condition.all.entries())
      collectLeaves(inner, childPointer(childPointer(pointer, 'all'), i), required, into, negated);
  } else if ('any' in condition) {
    for (const [i, inner] of condition.any.entries())
      collectLeaves(
        inner,
        childPointer(childPointer(pointer, 'any'), i),
        required && condition.any.length === 1,
        into,
        negated,
      );
  } else if ('not' in condition) {
    collectLeaves(condition.not, childPointer(pointer, 'not'), false, into, true);
  } else {
    const { fact, path, operator, value } = condition;
    into.push({ fact, path, operator, value, pointer, required, negated });
  }
}

function impossibleLeaves(rule: GovernanceRule, leaves: readonly Leaf[]): { leaf: Leaf; finding: Finding }[] {
  const findings: { leaf: Leaf; finding: Finding }[] = [];
  for (const leaf of leaves) {
    const field = domainOf(leaf.fact, leaf.path);
    const holds = compileLeaf(leaf.operator, leaf.value);
    if (field === undefined || holds === undefined) continue;
    const values = witnesses(field, [leaf.value]);
    if (values === undefined || values.some(holds)) continue;
    const what = `${fieldName(leaf)} is ${describeDomain(field.domain)}${field.optional ? ' (or absent)' : ''}, so ${leaf.operator} ${JSON.stringify(leaf.value)} never holds`;
    const message = leaf.required
      ? `rule '${rule.name}' can never fire: ${what}`
      : leaf.negated
        ? `this condition can never hold: ${what}, so the 'not' around it always holds (rule '${rule.name}')`
        : `this condition can never hold: ${what} (rule '${rule.name}' fires only through its other conditions)`;
    findings.push({ leaf, finding: { pointer: childPointer(leaf.pointer, 'value'), message } });
  }
  return findings;
}

/** Required conditions on one field that no value satisfies together (each of them can hold on its own). */
function contradictions(rule: GovernanceRule, leaves: readonly Leaf[]): Finding[] {
  const byField = new Map<string, { leaf: Leaf; holds: Holds }[]>();
  for (const leaf of leaves) {
    const holds = compileLeaf(leaf.operator, leaf.value);
    if (!leaf.required || holds === undefined) continue;
    const key = `${leaf.fact}\u0000${leaf.path ?? '$'}`;
    byField.set(key, [...(byField.get(key) ?? []), { leaf, holds }]);
  }
  const findings: Finding[] = [];
  for (const group of byField.values()) {
    const first = group[0];
    if (group.length < 2 || first === undefined) continue;
    const field = domainOf(first.leaf.fact, first.leaf.path);
    if (field === undefined) continue;
    const values = witnesses(
      field,
      group.map(({ leaf }) => leaf.value),
    );
    if (values === undefined) continue;
    const alone = (entry: (typeof group)[number]) => values.some(entry.holds);
    if (!group.every(alone)) continue; // an impossible condition is reported on its own
    const together = (entries: typeof group) =>
      values.some((value) => entries.every(({ holds }) => holds(value)));
    if (together(group)) continue;
    const [a, b] = firstClashingPair(group, together) ?? [first, group[group.length - 1] ?? first];
    findings.push({
      pointer: b.leaf.pointer,
      message: `rule '${rule.name}' can never fire: ${describeLeaf(b.leaf)} contradicts ${describeLeaf(a.leaf)} at ${a.leaf.pointer}; no value of ${fieldName(b.leaf)} satisfies both`,
    });
  }
  return findings;
}

function firstClashingPair<T>(group: readonly T[], together: (entries: T[]) => boolean): [T, T] | undefined {
  for (let j = 1; j < group.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = group[i] as T;
      const b = group[j] as T;
      if (!together([a, b])) return [a, b];
    }
  }
  return undefined;
}

function fieldName(leaf: Leaf): string {
  return `${leaf.fact}${leaf.path === undefined || leaf.path === '$' ? '' : ` ${leaf.path}`}`;
}

function describeLeaf(leaf: Leaf): string {
  return `'${fieldName(leaf)} ${leaf.operator} ${JSON.stringify(leaf.value)}'`;
}
