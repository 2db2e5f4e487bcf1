import { describe, expect, it } from 'vitest';
import { usernameMatcher } from './username-matcher.ts';

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
