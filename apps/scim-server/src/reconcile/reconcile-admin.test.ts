import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, csvRow } from './reconcile-admin.ts';

describe('csvCell', () => {
  it('quotes separators and quotes, and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('ann@example.com')).toBe('ann@example.com');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('the drift CSV', () => {
  const base = {
    platformUsername: 'ann@example.com',
    platformUserId: '7',
    userId: 'u1',
    detectedAt: '2026-12-01T00:00:00.000Z',
    seenAt: '2026-12-02T00:00:00.000Z',
    runId: 'r1',
  };

  it('keeps the columns existing consumers read by position, and appends the user types at the end', () => {
    expect(CSV_COLUMNS).toEqual([
      'platform_username',
      'platform_user_id',
      'user_id',
      'kinds',
      'extra_roles',
      'missing_roles',
      'status_expected',
      'status_actual',
      'profile_fields',
      'detected_at',
      'seen_at',
      'run_id',
      'user_type_expected',
      'user_type_actual',
    ]);
  });

  it('writes the expected and actual user type as type:contextId, empty when the account has no type the connector decides', () => {
    const typed = csvRow({
      ...base,
      kinds: ['user-type'],
      differences: { userType: { expected: 'LOCATION:134', actual: 'ADMIN' } },
      userType: { expected: 'LOCATION:134', actual: 'ADMIN' },
    });
    expect(typed).toBe(
      'ann@example.com,7,u1,user-type,,,,,,2026-12-01T00:00:00.000Z,2026-12-02T00:00:00.000Z,r1,LOCATION:134,ADMIN\r\n',
    );
    const foreign = csvRow({
      ...base,
      kinds: ['user-type'],
      differences: { userType: { expected: 'RETAILER:199', actual: null } },
      userType: { expected: 'RETAILER:199', actual: null },
    });
    expect(foreign.endsWith(',r1,RETAILER:199,\r\n')).toBe(true);
    const other = csvRow({
      ...base,
      kinds: ['extra-role'],
      differences: { extraRoles: ['RETAILER_199_ADMIN'] },
    });
    expect(other.endsWith(',r1,,\r\n')).toBe(true);
  });
});
