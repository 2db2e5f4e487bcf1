/**
 * The decision: resolve roles (4.1), compute drift, evaluate governance.json over the facts (4.2), pick the
 * outcome by event type and derive the exact platform changes. Everything built from the rules (the engine,
 * the group index) is built once per rule set.
 */
import { indexGroupRoles } from '../resolve/group-index.ts';
import { type ResolutionContext, resolveRoles } from '../resolve/resolve-roles.ts';
import type { Decision, DecisionInput, PlatformCatalog, RuleSet } from '../types.ts';
import { changesFor } from './changes.ts';
import { computeDrift } from './drift.ts';
import { buildFacts } from './facts.ts';
import { chooseOutcome } from './outcome.ts';
import { createRulesEngine, type RulesEngineOptions } from './rules-engine.ts';

export interface Governance {
  readonly rules: RuleSet;
  decide(input: DecisionInput, catalog: PlatformCatalog): Promise<Decision>;
}

export type CreateGovernanceOptions = RulesEngineOptions;

export function createGovernance(rules: RuleSet, options: CreateGovernanceOptions = {}): Governance {
  const engine = createRulesEngine(rules.rules, options);
  const context: ResolutionContext = {
    options: rules.options,
    roleMappings: rules.roleMappings,
    groupRoles: indexGroupRoles(rules.groupRoles),
  };
  return {
    rules,
    async decide(input, catalog) {
      const resolution = await resolveRoles(input.user, catalog, context);
      const drift = computeDrift(input.trigger, input.platform, resolution.effective);
      const facts = buildFacts(input, resolution, drift, rules.options);
      const firedRules = await engine.evaluate(facts);
      const { outcome, decidedBy, reasons } = chooseOutcome(firedRules);
      return {
        outcome,
        reasons,
        effectiveRoles: resolution.effective,
        unresolved: resolution.unresolved,
        changes: changesFor(outcome, input.platform, resolution.effective, drift),
        explanation: { facts, firedRules, decidedBy: decidedBy.map((rule) => rule.name) },
      };
    },
  };
}
