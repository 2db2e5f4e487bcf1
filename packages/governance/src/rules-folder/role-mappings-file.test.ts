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

  it('rejects a logical role id written as a whole role name: no role the IdP sends would match it', () => {
    const appRole = 'AGENT_134_Store_Colleague';
    const result = roleMappingsFromSetting({
      rules: [
        PLATFORM_SAMPLE.rules[1],
        { ...PLATFORM_SAMPLE.rules[0], condition: { type: 'HAS_APP_ROLE', appRole } },
      ],
    });
    if (result.ok) throw new Error('should not load');
    expect(result.problems).toMatchObject([
      {
        pointer: '/rules/1/condition/appRole',
        message: `'${appRole}' is a whole role name, but appRole is a logical role id, the ROLE part of the role names the IdP sends: write 'Store_Colleague'`,
      },
      // sourceAppRole must still equal appRole: the pasted rule is reported there too.
      { pointer: '/rules/1/action/sourceAppRole' },
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
