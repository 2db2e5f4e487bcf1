/**
 * Which fact values a rule set can observe: every (fact, path) its conditions test or compare against.
 * json-rules-engine's verdicts are a pure function of these values (facts are constants, operators are pure),
 * so two decisions that agree on them get identical rule results — which makes those results safe to reuse.
 */
import type { DecisionFacts, GovernanceRule, RuleCondition } from '../types.ts';
import { resolvePath } from './simple-path.ts';

export interface FactReference {
  fact: string;
  path?: string;
}

export function referencedFacts(rules: readonly GovernanceRule[]): FactReference[] {
  const seen = new Map<string, FactReference>();
  const note = (fact: string, path: string | undefined) => {
    const key = `${fact}\u0000${path ?? ''}`;
    if (!seen.has(key)) seen.set(key, path === undefined ? { fact } : { fact, path });
  };
  const visit = (condition: RuleCondition): void => {
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else {
      note(condition.fact, condition.path);
      // A value may itself name a fact to compare with: { "fact": "...", "path": "..." }.
      const value = condition.value as { fact?: unknown; path?: unknown } | null;
      if (value !== null && typeof value === 'object' && typeof value.fact === 'string') {
        note(value.fact, typeof value.path === 'string' ? value.path : undefined);
      }
    }
  };
  for (const rule of rules) visit(rule.conditions);
  return [...seen.values()];
}

/** A key equal for two fact sets exactly when every referenced value is equal (undefined distinct from null). */
export function observedValuesKey(facts: DecisionFacts, references: readonly FactReference[]): string {
  // A handful of named facts: looked up by the name a rule gives, which the type cannot know in advance.
  const byName = new Map<string, unknown>(Object.entries(facts));
  let key = '';
  for (const reference of references) {
    const factValue = byName.get(reference.fact);
    // As json-rules-engine does: a path only applies to an object fact.
    const value =
      reference.path !== undefined && factValue !== null && typeof factValue === 'object'
        ? resolvePath(factValue, reference.path)
        : factValue;
    key += value === undefined ? '\u0000u' : `\u0000${JSON.stringify(value)}`;
  }
  return key;
}
