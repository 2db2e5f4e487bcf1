import { describe, expect, it } from 'vitest';
import { profileMatches } from './profile-match.ts';

describe('profileMatches', () => {
  it('compares only the fields the mapping produced', () => {
    expect(profileMatches({ firstName: 'A' }, { firstName: 'A', title: 'Boss' })).toBe(true);
    expect(profileMatches({ firstName: 'A', title: 'Clerk' }, { firstName: 'A', title: 'Boss' })).toBe(false);
    expect(profileMatches({ department: 'Sales' }, {})).toBe(false);
  });
});
