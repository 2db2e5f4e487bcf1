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
  const column = (sortBy: string) => sortColumn(userTarget, parseSortBy(sortBy))?.column;
  it('maps indexed attributes case-insensitively and leaves the rest to memory', () => {
    expect(column('USERNAME')).toBe('users.user_name_folded');
    expect(column('meta.lastModified')).toBe('users.last_modified');
    expect(column('urn:ietf:params:scim:schemas:core:2.0:User:externalId')).toBe('users.external_id');
    expect(column('nickName')).toBeUndefined();
    expect(column('urn:other:schema:userName')).toBeUndefined();
  });

  it('sorts the attributes of migration 0008 by their columns, the enterprise ones by their URN only', () => {
    expect(column('name.FamilyName')).toBe('users.family_name_folded');
    expect(column('name.givenName')).toBe('users.given_name_folded');
    expect(column('title')).toBe('users.title_folded');
    expect(column('displayName')).toBe('users.display_name_folded');
    expect(column('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber')).toBe(
      'users.employee_number_folded',
    );
    expect(column('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:DEPARTMENT')).toBe(
      'users.department_folded',
    );
    // A bare `department` names no core attribute; the in-memory sort reads it where it is (nowhere).
    expect(column('department')).toBeUndefined();
    // The connector's platformStatus is computed, not a column of the row.
    expect(
      column('urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User:platformStatus'),
    ).toBeUndefined();
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
