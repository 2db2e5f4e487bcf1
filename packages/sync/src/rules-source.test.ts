import type { ContextType } from '@scim-connector/platform';
import { describe, expect, it } from 'vitest';
import { createRulesSource, NoRoleMappingSettingError, RoleMappingSettingError } from './rules-source.ts';
import { repositoryRules } from './testing/harness.ts';

type Context = { contextType: ContextType; contextId: string } | undefined;

async function platformSettingRules() {
  const base = await repositoryRules();
  return { ...base, options: { ...base.options, roleMappingsSource: 'platform-setting' as const } };
}

describe('createRulesSource', () => {
  it('reads the role-mapping setting the platform plugin names, where it names it', async () => {
    const rules = await platformSettingRules();
    const reads: [string, Context][] = [];
    const source = createRulesSource(
      () => rules,
      {
        readSetting: async (name, context) => {
          reads.push([name, context]);
          return { rules: [] };
        },
      },
      {
        ttlMs: 60_000,
        nowMs: () => 0,
        roleMappingSetting: {
          name: 'acme.role-mappings',
          context: { contextType: 'RETAILER', contextId: '7' },
        },
      },
    );
    await source.current();
    await source.current();
    expect(reads).toEqual([['acme.role-mappings', { contextType: 'RETAILER', contextId: '7' }]]);
  });

  it('names the setting when its value is not a role-mapping configuration', async () => {
    const rules = await platformSettingRules();
    const source = createRulesSource(
      () => rules,
      { readSetting: async () => ({ rules: 'all' }) },
      {
        ttlMs: 60_000,
        nowMs: () => 0,
        roleMappingSetting: { name: 'acme.role-mappings' },
      },
    );
    const failure = await source.current().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RoleMappingSettingError);
    expect(String(failure)).toContain('the platform setting acme.role-mappings');
  });

  it('refuses platform-setting rules on a plugin that keeps no role mappings', async () => {
    const rules = await platformSettingRules();
    const source = createRulesSource(
      () => rules,
      { readSetting: async () => undefined },
      {
        ttlMs: 60_000,
        nowMs: () => 0,
        roleMappingSetting: undefined,
      },
    );
    await expect(source.current()).rejects.toBeInstanceOf(NoRoleMappingSettingError);
  });
});
