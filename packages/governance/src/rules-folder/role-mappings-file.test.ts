import { describe, expect, it } from 'vitest';
import { roleMappingsFromSetting } from './role-mappings-file.ts';

/** The sample on the roles-configuration page of Fluent's SCIM connector documentation, pasted as is. */
const PLATFORM_SAMPLE = {
  rules: [
    {
      condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
      action: {
        type: 'MAPPING_ROLE_ASSIGNMENT',
        sourceAppRole: 'Store_Colleague',
        targetRoles: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'RETURNS_MANAGER'],
      },
    },
    {
      condition: { type: 'HAS_APP_ROLE', appRole: 'Dat_Test' },
      action: {
        type: 'MAPPING_ROLE_ASSIGNMENT',
        sourceAppRole: 'Dat_Test',
        targetRoles: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'GRAPHQL'],
      },
    },
  ],
};

describe('roleMappingsFromSetting', () => {
  it("accepts the platform setting's value as stored (JSON lobValue)", () => {
    const result = roleMappingsFromSetting(PLATFORM_SAMPLE);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(Object.fromEntries(result.value.targets)).toEqual({
      Store_Colleague: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'RETURNS_MANAGER'],
      Dat_Test: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'GRAPHQL'],
    });
    expect(result.value.rules).toEqual(PLATFORM_SAMPLE.rules);
  });

  it('rejects a target written as a whole role name: targets are role ids in the logical role context', () => {
    const result = roleMappingsFromSetting({
      rules: [
        {
          condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
          action: {
            type: 'MAPPING_ROLE_ASSIGNMENT',
            sourceAppRole: 'Store_Colleague',
            targetRoles: ['STORE', 'AGENT_134_RETURNS_MANAGER'],
          },
        },
      ],
    });
    if (result.ok) throw new Error('should not load');
    expect(result.problems).toMatchObject([
      {
        pointer: '/rules/0/action/targetRoles/1',
        message: expect.stringContaining("write 'RETURNS_MANAGER'"),
      },
    ]);
  });

  it('accepts the value as a JSON string (a STRING setting)', () => {
    const result = roleMappingsFromSetting(JSON.stringify(PLATFORM_SAMPLE));
    expect(result.ok && result.value.targets.get('Dat_Test')).toEqual([
      'STORE',
      'CUSTOMER_COLLECTION_MANAGER',
      'GRAPHQL',
    ]);
  });

  it('means no mappings when the setting is absent', () => {
    const result = roleMappingsFromSetting(undefined);
    expect(result.ok && result.value.targets.size).toBe(0);
  });

  it('validates it exactly like role-mappings.json, placing problems in the printed value', () => {
    const result = roleMappingsFromSetting({
      rules: [{ condition: { type: 'HAS_APP_ROLE', appRole: 'X' } }],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'the platform role-mapping setting',
          pointer: '/rules/0',
          line: 3,
          column: 5,
          message: "missing required property 'action'",
        },
      ],
    });
  });

  it('reports a setting string that is not JSON', () => {
    const result = roleMappingsFromSetting('{"rules": [', 'platform setting');
    expect(result).toMatchObject({
      ok: false,
      problems: [{ file: 'platform setting', message: expect.stringContaining('invalid JSON') }],
    });
  });
});
