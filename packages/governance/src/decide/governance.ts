/**
 * The decision: resolve roles (4.1), compute drift, evaluate governance.json over the facts (4.2), pick the
 * outcome by event type and derive the exact platform changes. Everything built from the rules (the engine,
 * the group index) is built once per rule set.
 */
import { indexGroupRoles } from '../resolve/group-index.ts';
import { type ResolutionContext, resolveRoles } from '../resolve/resolve-roles.ts';
import { compileSourcePolicy } from '../resolve/source-policy.ts';
import type { Decision, DecisionInput, PlatformCatalog, RuleSet } from '../types.ts';
import { changesFor, withheldBy } from './changes.ts';
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
    sourcePolicy: compileSourcePolicy(rules.privilegedRoles),
  };
  return {
    rules,
    async decide(input, catalog) {
      const resolution = await resolveRoles(input.user, catalog, context);
      const drift = computeDrift(input.trigger, input.platform, resolution.effective);
      const facts = buildFacts(input, resolution, drift, rules.options);
      const firedRules = await engine.evaluate(facts);
      const chosen = chooseOutcome(firedRules);
      const revoke = chosen.revokedBy.length > 0;
      const changes = changesFor(chosen.outcome, input.platform, resolution.effective, drift, revoke);
      // Nothing to do but revoke is still a change to the account: it is reported as an update.
      const outcome = chosen.outcome === 'none' && changes.removeRoles.length > 0 ? 'update' : chosen.outcome;
      const revoking = chosen.outcome !== 'deactivate' && changes.removeRoles.length > 0 && revoke;
      const decidedBy = [...chosen.decidedBy, ...(revoking ? chosen.revokedBy : [])];
      return {
        outcome,
        reasons: chosen.reasons,
        blockedReasons: chosen.blockedReasons,
        withheld: withheldBy(outcome, input.platform, resolution.effective, drift),
        effectiveRoles: resolution.effective,
        unresolved: resolution.unresolved,
        changes,
        explanation: { facts, firedRules, decidedBy: decidedBy.map((rule) => rule.name) },
      };
    },
  };
}
