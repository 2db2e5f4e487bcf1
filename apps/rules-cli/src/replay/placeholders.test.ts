// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the sync-event log's placeholders are literal text
import { describe, expect, it } from 'vitest';
import { substituteBody, substitutePath, UnresolvedPlaceholder } from './placeholders.ts';

const lookup = {
  userId: (name: string) => ({ 'alice@example.com': 'u-1', 'b/c': 'u/2' })[name.toLowerCase()],
  groupId: (name: string) => ({ 'store staff': 'g-1' })[name.toLowerCase()],
};

describe('placeholders', () => {
  it('substitutes users and groups anywhere in a path, percent-encoding ids', () => {
    expect(substitutePath('/Users/${users.alice@example.com}', lookup)).toBe('/Users/u-1');
    expect(substitutePath('/Groups/${groups.Store Staff}', lookup)).toBe('/Groups/g-1');
    expect(substitutePath('/Users/${users.b/c}', lookup)).toBe('/Users/u%2F2');
  });

  it('substitutes inside string values of a body, leaving other values and unchanged parts alone', () => {
    const untouched = { value: 'plain' };
    const body = {
      members: [{ value: '${users.alice@example.com}' }, untouched],
      Operations: [{ op: 'remove', path: 'members[value eq "${users.alice@example.com}"]' }],
      count: 3,
    };
    const result = substituteBody(body, lookup) as typeof body;
    expect(result).toEqual({
      members: [{ value: 'u-1' }, { value: 'plain' }],
      Operations: [{ op: 'remove', path: 'members[value eq "u-1"]' }],
      count: 3,
    });
    expect(result.members[1]).toBe(untouched);
    expect(substituteBody(untouched, lookup)).toBe(untouched);
  });

  it('refuses a name that resolves to nothing, naming the placeholder', () => {
    expect(() => substitutePath('/Users/${users.bob@example.com}', lookup)).toThrow(UnresolvedPlaceholder);
    try {
      substituteBody({ members: [{ value: '${groups.Nobody}' }] }, lookup);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnresolvedPlaceholder);
      expect((error as UnresolvedPlaceholder).placeholder).toBe('${groups.Nobody}');
      expect((error as Error).message).toContain('no group with displayName "Nobody"');
    }
  });

  it('refuses an unknown kind, which is most likely a typo', () => {
    expect(() => substitutePath('/Users/${user.alice@example.com}', lookup)).toThrow(
      /unknown placeholder \$\{user\./,
    );
  });

  it('leaves text without placeholders as it is', () => {
    expect(substitutePath('/Users/abc', lookup)).toBe('/Users/abc');
    expect(substituteBody('costs ${5}', lookup)).toBe('costs ${5}');
  });
});
