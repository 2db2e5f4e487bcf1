import { describe, expect, it } from 'vitest';
import { findAttribute } from '../schema/registry.ts';
import type { AttributeDefinition } from '../schema/types.ts';
import { canonicalizeValue } from './canonicalize.ts';

function definition(path: string): AttributeDefinition {
  const found = findAttribute('User', path);
  if (!found) throw new Error(`no attribute ${path}`);
  return found.target;
}

describe('canonicalizeValue', () => {
  it('canonicalises one element of a multi-valued attribute when element is set', () => {
    const ignored: string[] = [];
    const value = canonicalizeValue(
      definition('emails'),
      { VALUE: 'a@example.com', Primary: 'TRUE', extra: 1 },
      { path: 'emails', ignored, element: true },
    );
    expect(value).toEqual({ value: 'a@example.com', primary: true });
    expect(ignored).toEqual(['emails.extra (not a sub-attribute of emails)']);
  });

  it('returns undefined for null, empty arrays and objects left empty', () => {
    const options = { path: 'x', ignored: [] };
    expect(canonicalizeValue(definition('nickName'), null, options)).toBeUndefined();
    expect(canonicalizeValue(definition('emails'), [], options)).toBeUndefined();
    expect(canonicalizeValue(definition('emails'), [null, { value: null }], options)).toBeUndefined();
    expect(canonicalizeValue(definition('name'), { givenName: null }, options)).toBeUndefined();
  });

  it('leaves values of the wrong type for validation to report', () => {
    const options = { path: 'x', ignored: [] };
    expect(canonicalizeValue(definition('emails'), 'a@example.com', options)).toBe('a@example.com');
    expect(canonicalizeValue(definition('active'), 'maybe', options)).toBe('maybe');
    expect(canonicalizeValue(definition('active'), 1, options)).toBe(1);
    expect(canonicalizeValue(definition('name'), ['a', 'b'], options)).toEqual(['a', 'b']);
  });

  it('wraps a bare string for a single-valued complex attribute with a value sub-attribute', () => {
    const manager = definition('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager');
    expect(canonicalizeValue(manager, 'id-1', { path: 'manager', ignored: [] })).toEqual({ value: 'id-1' });
    // `name` has no `value` sub-attribute, so a string stays a (reportable) string.
    expect(canonicalizeValue(definition('name'), 'Al', { path: 'name', ignored: [] })).toBe('Al');
  });

  it('rejects sub-attribute names that collide once case is ignored', () => {
    expect(() =>
      canonicalizeValue(
        definition('name'),
        { givenName: 'A', GIVENNAME: 'B' },
        { path: 'name', ignored: [] },
      ),
    ).toThrow(/'name.givenName' is given twice/);
  });
});
