/**
 * The governance to decide with, for the rules current right now. Governance (its rules engine, its group index)
 * is built once per rule set. When the rules take their logical-role mappings from the platform
 * (`options.roleMappingsSource: 'platform-setting'`), the setting the platform plugin names is read through the
 * platform client, cached for `ttlMs`, validated exactly like role-mappings.json, and merged into the rule set.
 */
import {
  createGovernance,
  type Governance,
  type RoleMappings,
  type RuleSet,
  roleMappingsFromSetting,
  withRoleMappings,
} from '@scim-connector/governance';
import type { PlatformClient, SettingAddress } from '@scim-connector/platform';

/** The platform's role-mapping setting does not validate; fixing the setting (or the rules' source) fixes it. */
export class RoleMappingSettingError extends Error {
  constructor(setting: string, problems: readonly string[]) {
    super(
      `the platform setting ${setting} is not a valid role-mapping configuration: ` +
        `${problems.join('; ')}. Fix the setting on the platform, or set options.roleMappingsSource to "file".`,
    );
    this.name = 'RoleMappingSettingError';
  }
}

/** The rules want mappings from the platform, but the platform plugin keeps them nowhere. */
export class NoRoleMappingSettingError extends Error {
  constructor() {
    super(
      'the rules take logical-role mappings from the platform (options.roleMappingsSource "platform-setting"), ' +
        'but this platform plugin has no role-mapping setting. Set options.roleMappingsSource to "file".',
    );
    this.name = 'NoRoleMappingSettingError';
  }
}

export interface RulesSource {
  current(): Promise<Governance>;
  /** Forgets the cached setting. */
  invalidate(): void;
}

export function createRulesSource(
  rules: () => RuleSet,
  platform: Pick<PlatformClient, 'readSetting'>,
  options: { ttlMs: number; nowMs: () => number; roleMappingSetting: SettingAddress | undefined },
): RulesSource {
  const { roleMappingSetting } = options;
  const governanceByRules = new WeakMap<RuleSet, Governance>();
  // Keyed by the base rule set and the mappings object, so the merged rule set is stable while both are.
  const mergedByRules = new WeakMap<RuleSet, { mappings: RoleMappings; governance: Governance }>();
  let setting: { mappings: Promise<RoleMappings>; fetchedAt: number } | undefined;

  function governanceFor(ruleSet: RuleSet): Governance {
    let governance = governanceByRules.get(ruleSet);
    if (!governance) {
      governance = createGovernance(ruleSet);
      governanceByRules.set(ruleSet, governance);
    }
    return governance;
  }

  function settingMappings(): Promise<RoleMappings> {
    if (roleMappingSetting === undefined) return Promise.reject(new NoRoleMappingSettingError());
    const { name, context } = roleMappingSetting;
    const at = options.nowMs();
    if (setting && at - setting.fetchedAt < options.ttlMs) return setting.mappings;
    const entry = {
      fetchedAt: at,
      mappings: platform.readSetting(name, context).then((value) => {
        const parsed = roleMappingsFromSetting(value, `setting ${name}`);
        if (!parsed.ok) {
          throw new RoleMappingSettingError(
            name,
            parsed.problems.map((p) => `${p.pointer || '(whole value)'}: ${p.message}`),
          );
        }
        return parsed.value;
      }),
    };
    // A failed read is not remembered: the next user asks again.
    entry.mappings.catch(() => {
      if (setting === entry) setting = undefined;
    });
    setting = entry;
    return entry.mappings;
  }

  return {
    async current() {
      const ruleSet = rules();
      if (ruleSet.options.roleMappingsSource !== 'platform-setting') return governanceFor(ruleSet);
      const mappings = await settingMappings();
      const merged = mergedByRules.get(ruleSet);
      if (merged && merged.mappings === mappings) return merged.governance;
      const governance = createGovernance(withRoleMappings(ruleSet, mappings));
      mergedByRules.set(ruleSet, { mappings, governance });
      return governance;
    },
    invalidate() {
      setting = undefined;
    },
  };
}
