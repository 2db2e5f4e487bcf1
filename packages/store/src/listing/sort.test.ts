import { describe, expect, it } from 'vitest';
import { userTarget } from './filter-targets.ts';
import { compareSortValues, parseSortBy, sortColumn, sortValue } from './sort.ts';

describe('parseSortBy', () => {
  it('splits schema, attribute and sub-attribute', () => {
    expect(parseSortBy('userName')).toEqual({ attr: 'userName' });
    expect(parseSortBy('name.familyName')).toEqual({ attr: 'name', sub: 'familyName' });
    expect(parseSortBy('urn:ietf:params:scim:schemas:core:2.0:User:meta.lastModified')).toEqual({
      uri: 'urn:ietf:params:scim:schemas:core:2.0:User',
      attr: 'meta',
      sub: 'lastModified',
    });
  });
});

describe('sortColumn', () => {
  it('maps indexed attributes case-insensitively and leaves the rest to memory', () => {
    expect(sortColumn(userTarget, parseSortBy('USERNAME'))).toBe('users.user_name_folded');
    expect(sortColumn(userTarget, parseSortBy('meta.lastModified'))).toBe('users.last_modified');
    expect(sortColumn(userTarget, parseSortBy('urn:ietf:params:scim:schemas:core:2.0:User:externalId'))).toBe(
      'users.external_id',
    );
    expect(sortColumn(userTarget, parseSortBy('name.familyName'))).toBeUndefined();
    expect(sortColumn(userTarget, parseSortBy('urn:other:schema:userName'))).toBeUndefined();
  });
});

describe('sortValue', () => {
  const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const resource = {
    name: { familyName: 'Smith' },
    emails: [{ value: 'second@x' }, { value: 'primary@x', primary: true }],
    phoneNumbers: [{ value: '1' }],
    [enterprise]: { department: 'Sales' },
  };

  it('reads nested, extension and multi-valued attributes (primary element first)', () => {
    expect(sortValue(resource, { attr: 'NAME', sub: 'familyname' })).toBe('Smith');
    expect(sortValue(resource, { attr: 'emails' })).toBe('primary@x');
    expect(sortValue(resource, { attr: 'phoneNumbers', sub: 'value' })).toBe('1');
    expect(sortValue(resource, { uri: enterprise, attr: 'department' })).toBe('Sales');
    expect(sortValue(resource, { attr: 'title' })).toBeUndefined();
  });
});

describe('compareSortValues', () => {
  it('orders text case-insensitively, numbers numerically and absent values last', () => {
    // (Array#sort itself moves undefined to the end, so the comparator's own rule shows with null.)
    const values = ['b', null, 'A', 10, 9, 'c', { complex: true }];
    expect([...values].sort(compareSortValues).slice(0, 5)).toEqual([9, 10, 'A', 'b', 'c']);
    expect(compareSortValues(null, 'a')).toBe(1);
    expect(compareSortValues('a', null)).toBe(-1);
    expect(compareSortValues('ä', 'Ä')).toBe(0);
  });
});
