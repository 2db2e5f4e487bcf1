import { describe, expect, it } from 'vitest';
import { usernameMatcher } from './exclude-pattern.ts';
import { csvCell } from './reconcile-admin.ts';

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

describe('usernameMatcher', () => {
  it('matches whole usernames with * for any characters, case-insensitively, and nothing when empty', () => {
    const excluded = usernameMatcher(['svc-*@example.com', 'api-user']);
    expect(excluded('svc-backup@example.com')).toBe(true);
    expect(excluded('SVC-x@Example.com')).toBe(true);
    expect(excluded('api-user')).toBe(true);
    expect(excluded('api-user2')).toBe(false);
    expect(excluded('svc-backup@example.com.evil')).toBe(false);
    // A dot in a pattern is a dot, not "any character".
    expect(usernameMatcher(['a.b'])('axb')).toBe(false);
    expect(usernameMatcher([])('anyone')).toBe(false);
  });
});
