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

  it('gives the grant time of a role on the platform, and none for a role that is not there', () => {
    const role = (name: string, roleId: string) => ({
      name,
      ref: { contextType: 'AGENT' as const, contextId: '134', role: roleId },
      sources: [{ type: 'direct' as const, name }],
    });
    const grants = new Map([
      ['AGENT_134_STORE', { grantedAt: '2026-12-01T09:00:00.000Z', auditSeq: 7 }],
      ['AGENT_134_ADMIN', { grantedAt: '2026-11-01T09:00:00.000Z', auditSeq: 3 }],
    ]);
    const rows = accessRows(
      {
        ...base,
        effectiveRoles: [role('AGENT_134_STORE', 'STORE'), role('AGENT_134_ADMIN', 'ADMIN')],
        platformRoles: ['AGENT_134_STORE'],
      },
      grants,
    );
    expect(rows.map((row) => [row.role, row.grantedAt, row.grantAuditSeq])).toEqual([
      ['AGENT_134_STORE', '2026-12-01T09:00:00.000Z', 7],
      // Withheld or revoked since: a stale grant time would claim access the account does not have.
      ['AGENT_134_ADMIN', null, null],
    ]);
    expect(csvField(null)).toBe('');
    expect(csvField(7)).toBe('7');
  });
});
