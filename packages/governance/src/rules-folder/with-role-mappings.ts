import type { RoleMappings, RuleSet } from '../types.ts';

/**
 * The rule set with its logical-role mappings replaced, e.g. by the platform setting's (when governance.json's
 * `options.roleMappingsSource` is `platform-setting`). A new object: a RuleSet is never changed in place.
 */
export function withRoleMappings(rules: RuleSet, roleMappings: RoleMappings): RuleSet {
  return { ...rules, roleMappings };
}
