/**
 * Checks every condition's fact path against the shape of the facts (docs/rules.md, Facts). json-rules-engine
 * resolves a path that names no field to undefined, so a typo such as `$.unresolvedCnt` silently makes a rule never
 * fire; here it is an error with a "did you mean". Only `user.attributes` (the SCIM resource) is free-form.
 */

import { closest } from '../closest-word.ts';
import { pathSegments } from '../decide/simple-path.ts';
import type { DecisionFacts, GovernanceRule, RuleCondition } from '../types.ts';
import { childPointer, type Finding } from './finding.ts';

type Shape = 'value' | 'free' | { items: Shape } | { fields: Record<string, Shape> };

const list = (items: Shape): Shape => ({ items });
const object = (fields: Record<string, Shape>): Shape => ({ fields });

/** Kept in step with DecisionFacts: a fact missing here fails to compile. */
export const FACT_SHAPES: Record<keyof DecisionFacts, Shape> = {
  trigger: 'value',
  user: object({
    id: 'value',
    userName: 'value',
    active: 'value',
    deleted: 'value',
    groups: list('value'),
    attributes: 'free',
  }),
  platform: object({ exists: 'value', linked: 'value', status: 'value' }),
  roles: object({
    direct: list('value'),
    inherited: list('value'),
    effective: list('value'),
    unresolved: list(object({ name: 'value', source: 'value', reason: 'value' })),
    count: 'value',
    unresolvedCount: 'value',
    contextTypes: list('value'),
  }),
  options: object({
    checkContexts: 'value',
    adoptExistingAccounts: 'value',
    groupDisplayNamesAsRoles: 'value',
  }),
  drift: object({
    addRoles: 'value',
    removeRoles: 'value',
    status: 'value',
    profile: 'value',
    userType: 'value',
    any: 'value',
  }),
};

export function checkFactPaths(rules: readonly GovernanceRule[]): Finding[] {
  const findings: Finding[] = [];
  const visit = (condition: RuleCondition, pointer: string): void => {
    if ('all' in condition || 'any' in condition) {
      const [key, inners] = 'all' in condition ? ['all', condition.all] : ['any', condition.any];
      for (const [i, inner] of inners.entries()) visit(inner, childPointer(childPointer(pointer, key), i));
    } else if ('not' in condition) visit(condition.not, childPointer(pointer, 'not'));
    else {
      check(condition.fact, condition.path, childPointer(pointer, 'path'));
      const value = condition.value as { fact?: unknown; path?: unknown } | null;
      if (
        value !== null &&
        typeof value === 'object' &&
        typeof value.fact === 'string' &&
        typeof value.path === 'string'
      ) {
        check(value.fact, value.path, childPointer(childPointer(pointer, 'value'), 'path'));
      }
    }
  };
  const check = (fact: string, path: string | undefined, pointer: string): void => {
    const shape = FACT_SHAPES[fact as keyof DecisionFacts];
    if (shape === undefined || path === undefined) return;
    const message = pathProblem(fact, path, shape);
    if (message !== undefined) findings.push({ pointer, message });
  };
  rules.forEach((rule, index) => {
    visit(rule.conditions, childPointer(childPointer('/rules', index), 'conditions'));
  });
  return findings;
}

function pathProblem(fact: string, path: string, root: Shape): string | undefined {
  let segments: readonly (string | number)[];
  try {
    segments = pathSegments(path);
  } catch {
    return undefined; // the schema already reports a path that is not a simple JSONPath
  }
  let shape = root;
  let walked = '$';
  for (const segment of segments) {
    if (shape === 'free') return undefined;
    if (shape === 'value')
      return `path ${path}: ${walked} of fact '${fact}' is a single value, it has no '${segment}'`;
    if ('items' in shape) {
      if (typeof segment === 'number') shape = shape.items;
      else if (segment === 'length') shape = 'value';
      else return `path ${path}: ${walked} of fact '${fact}' is a list: use [0] or .length, not '${segment}'`;
      walked += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
      continue;
    }
    const next = typeof segment === 'string' ? shape.fields[segment] : undefined;
    if (next === undefined) {
      const fields = Object.keys(shape.fields);
      const guess = typeof segment === 'string' ? closest(segment, fields) : undefined;
      const hint = guess === undefined ? '' : `; did you mean ${walked}.${guess}?`;
      return `path ${path}: fact '${fact}' has no field ${walked}.${segment}${hint} (fields here: ${fields.join(', ')})`;
    }
    shape = next;
    walked += `.${segment}`;
  }
  return undefined;
}
