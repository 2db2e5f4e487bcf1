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
import { type ChosenOutcome, chooseOutcome } from './outcome.ts';
import { createRulesEngine, type RulesEngineOptions } from './rules-engine.ts';
import { compileUserTypes } from './user-type.ts';

/**
 * A create needs a user type (Fluent requires one). When no `userTypes` entry applies, the create is withheld as a
 * block with this reason rather than made with a type nobody chose (docs/rules.md, userTypes).
 */
export const NO_USER_TYPE = 'no-user-type';

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
  const userTypes = compileUserTypes(rules.userTypes);
  return {
    rules,
    async decide(input, catalog) {
      const resolution = await resolveRoles(input.user, catalog, context);
      const userType = userTypes.decide(input.user, resolution.effective);
      const type = userType?.userType ?? null;
      const drift = computeDrift(input.trigger, input.platform, resolution.effective, type);
      const facts = buildFacts(input, resolution, drift, rules.options);
      const firedRules = await engine.evaluate(facts);
      const chosen = withUserTypeGuard(chooseOutcome(firedRules), type === null);
      const revoke = chosen.revokedBy.length > 0;
      const changes = changesFor(chosen.outcome, input.platform, resolution.effective, drift, revoke, type);
      // Nothing to do but revoke is still a change to the account: it is reported as an update.
      const outcome = chosen.outcome === 'none' && changes.removeRoles.length > 0 ? 'update' : chosen.outcome;
      const revoking = chosen.outcome !== 'deactivate' && changes.removeRoles.length > 0 && revoke;
      const decidedBy = [...chosen.decidedBy, ...(revoking ? chosen.revokedBy : [])];
      return {
        outcome,
        reasons: chosen.reasons,
        blockedReasons: chosen.blockedReasons,
        withheld: withheldBy(outcome, input.platform, resolution.effective, drift, type),
        userType,
        effectiveRoles: resolution.effective,
        unresolved: resolution.unresolved,
        changes,
        explanation: { facts, firedRules, decidedBy: decidedBy.map((rule) => rule.name) },
      };
    },
  };
}

/** A create with no user type decided becomes a block (`no-user-type`); every other outcome stands. */
function withUserTypeGuard(chosen: ChosenOutcome, noUserType: boolean): ChosenOutcome {
  if (chosen.outcome !== 'create' || !noUserType) return chosen;
  return {
    ...chosen,
    outcome: 'block',
    reasons: [NO_USER_TYPE],
    blockedReasons: [...new Set([...chosen.blockedReasons, NO_USER_TYPE])],
  };
}
