import { describe, expect, it } from 'vitest';
import { accessRows, csvField, describeSource } from './access-report.ts';

describe('csvField', () => {
  it('quotes as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(true)).toBe('true');
    expect(csvField(['direct', 'group "G" (group-roles)'])).toBe('"direct | group ""G"" (group-roles)"');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
  });
});

describe('access rows', () => {
  const base = {
    userId: 'u1',
    userName: 'ada@example.com',
    displayName: 'Ada',
    idpActive: true,
    deleted: false,
    platformStatus: 'ACTIVE',
    lastSyncedAt: '2026-12-05T08:00:00.000Z',
  };

  it('describes each source, a logical role with what granted it', () => {
    expect(describeSource({ type: 'direct', name: 'AGENT_134_STORE' })).toBe('direct');
    expect(
      describeSource({
        type: 'group',
        name: 'AGENT_134_Store_Manager',
        group: { id: 'g', displayName: 'Sydney Store Managers' },
        via: 'group-roles',
        mapping: { logicalRole: 'Store_Manager' },
      }),
    ).toBe('logical role Store_Manager <- group "Sydney Store Managers" (group-roles)');
  });

  it('lists granted roles, roles left on the platform that nothing grants, and a user with none', () => {
    const rows = accessRows({
      ...base,
      effectiveRoles: [
        {
          name: 'AGENT_134_STORE',
          ref: { contextType: 'AGENT', contextId: '134', role: 'STORE' },
          sources: [{ type: 'direct', name: 'AGENT_134_STORE' }],
        },
      ],
      platformRoles: ['AGENT_134_STORE', 'RETAILER_199_ADMIN'],
    });
    expect(
      rows.map((row) => [row.role, row.contextType, row.contextId, row.onPlatform, row.sources]),
    ).toEqual([
      ['AGENT_134_STORE', 'AGENT', '134', true, ['direct']],
      ['RETAILER_199_ADMIN', 'RETAILER', '199', true, ['no source grants it']],
    ]);
    const none = accessRows({ ...base, effectiveRoles: [], platformRoles: [] });
    expect(none).toEqual([
      expect.objectContaining({ userName: 'ada@example.com', role: '', onPlatform: false }),
    ]);
  });
});
