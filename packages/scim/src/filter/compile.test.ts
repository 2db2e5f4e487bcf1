import { describe, expect, it } from 'vitest';
import type { AttrPath } from './ast.ts';
import { type CompileFilterOptions, compileFilter } from './compile.ts';
import { parseFilter } from './parse.ts';
import { ENTERPRISE } from './test-support.ts';

function matches(filter: string, resource: Record<string, unknown>, options?: CompileFilterOptions): boolean {
  const result = parseFilter(filter);
  if (!result.ok) throw new Error(result.error.message);
  return compileFilter(result.value, options)(resource);
}

const bjensen = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'jyoung',
  userName: 'Bjensen@Example.com',
  name: { familyName: "O'Malley", givenName: 'Barbara' },
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  roles: [{ value: 'AGENT_134_STORE' }],
  [ENTERPRISE]: { employeeNumber: '701984', manager: { value: '26118915', displayName: 'John Smith' } },
  meta: { created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
  loginCount: 10,
};

describe('compileFilter: names and strings', () => {
  it('matches attribute names case-insensitively', () => {
    expect(matches('USERNAME eq "bjensen@example.com"', bjensen)).toBe(true);
    expect(matches('Name.FamilyName eq "o\'malley"', bjensen)).toBe(true);
    expect(matches('emails[TYPE eq "work"].VALUE pr', bjensen)).toBe(true);
  });

  it('compares strings case-insensitively by default', () => {
    expect(matches('userName eq "BJENSEN@EXAMPLE.COM"', bjensen)).toBe(true);
    expect(matches('userName eq "other@example.com"', bjensen)).toBe(false);
    expect(matches('title co "GUIDE"', bjensen)).toBe(true);
    expect(matches('title sw "tour"', bjensen)).toBe(true);
    expect(matches('title ew "GUIDE"', bjensen)).toBe(true);
    expect(matches('title ew "tour"', bjensen)).toBe(false);
  });

  it('folds composed and decomposed spellings alike unless caseExact', () => {
    const composed = { userName: 'jos\u00e9@example.com' };
    expect(matches('userName eq "JOSE\u0301@example.com"', composed)).toBe(true);
    expect(matches('userName sw "jose\u0301"', composed)).toBe(true);
    expect(matches('userName eq "jose\u0301@example.com"', composed, { caseExact: () => true })).toBe(false);
  });

  it('asks the caseExact hook with the full path, inside value filters too', () => {
    const asked: AttrPath[] = [];
    const caseExact = (path: AttrPath) => {
      asked.push(path);
      return path.attr === 'id' || path.sub === 'type';
    };
    expect(matches('id eq "2819C223-7F76-453A-919D-413861904646"', bjensen, { caseExact })).toBe(false);
    expect(matches('id eq "2819c223-7f76-453a-919d-413861904646"', bjensen, { caseExact })).toBe(true);
    expect(matches('userName eq "BJENSEN@example.com"', bjensen, { caseExact })).toBe(true);
    expect(matches('emails[type eq "WORK"]', bjensen, { caseExact })).toBe(false);
    expect(matches('emails[type eq "work"]', bjensen)).toBe(true);
    expect(asked).toContainEqual({ attr: 'emails', sub: 'type' });
  });

  it('matches Entra ID unquoted values', () => {
    expect(matches('externalId eq jyoung', bjensen)).toBe(true);
    expect(matches('id eq 2819c223-7f76-453a-919d-413861904646', bjensen)).toBe(true);
    expect(matches('userName eq bjensen@example.com', bjensen)).toBe(true);
    expect(matches('externalId eq 12345', { externalId: '12345' })).toBe(true);
    expect(matches('externalId eq 12345', { externalId: '123456' })).toBe(false);
  });
});

describe('compileFilter: multi-valued and complex attributes', () => {
  it('matches when any element matches', () => {
    expect(matches('emails.value eq "babs@jensen.org"', bjensen)).toBe(true);
    expect(matches('emails.type eq "other"', bjensen)).toBe(false);
    expect(matches('roles.value sw "agent_134"', bjensen)).toBe(true);
  });

  it('compares a complex value by its value sub-attribute (RFC: emails co "example.com")', () => {
    expect(matches('emails co "example.com"', bjensen)).toBe(true);
    expect(matches('emails co "example.net"', bjensen)).toBe(false);
  });

  it('requires every condition of a value filter to hold on the same element', () => {
    expect(matches('emails[type eq "work"].value eq "bjensen@example.com"', bjensen)).toBe(true);
    expect(matches('emails[type eq "work"].value eq "babs@jensen.org"', bjensen)).toBe(false);
    expect(matches('emails[type eq "home" and primary eq true]', bjensen)).toBe(false);
    expect(matches('emails[type eq "work" and primary eq true]', bjensen)).toBe(true);
    expect(matches('emails[type eq "work" or (type eq "home" and value ew "@jensen.org")]', bjensen)).toBe(
      true,
    );
  });

  it('matches group members by value', () => {
    const group = {
      displayName: 'EU Store Managers',
      members: [{ value: 'u1' }, { value: 'u2', display: 'Bob' }],
    };
    expect(matches('members[value eq "u2"]', group)).toBe(true);
    expect(matches('members[value eq "u3"]', group)).toBe(false);
    expect(matches('members.value eq "u1"', group)).toBe(true);
    expect(matches('displayName eq "eu store managers"', group)).toBe(true);
  });

  it('reads a simple multi-valued attribute element as {value}', () => {
    expect(matches(`schemas[value eq "${ENTERPRISE}"]`, bjensen)).toBe(true);
    expect(matches(`schemas eq "${ENTERPRISE}"`, bjensen)).toBe(true);
  });

  it('uses "ne" to mean that no element equals the value', () => {
    expect(matches('emails.type ne "home"', bjensen)).toBe(false);
    expect(matches('emails.type ne "other"', bjensen)).toBe(true);
    expect(matches('userType ne "Employee"', bjensen)).toBe(false);
    expect(matches('nickName ne "Babs"', bjensen)).toBe(true);
  });
});

describe('compileFilter: presence', () => {
  const cases: [unknown, boolean][] = [
    [undefined, false],
    [null, false],
    ['', false],
    [[], false],
    [{}, false],
    [[{}], false],
    [{ value: null }, false],
    [[null, ''], false],
    ['x', true],
    [false, true],
    [0, true],
    [[{ value: 'a' }], true],
    [{ givenName: 'Barbara' }, true],
  ];

  it.each(cases)('pr on %j -> %s', (value, expected) => {
    expect(matches('nickName pr', value === undefined ? {} : { nickName: value })).toBe(expected);
  });

  it('applies to sub-attributes of multi-valued attributes', () => {
    expect(matches('emails.primary pr', bjensen)).toBe(true);
    expect(matches('emails.display pr', bjensen)).toBe(false);
    expect(matches('emails[type eq "home"].primary pr', bjensen)).toBe(false);
  });

  it('reads "eq null" as absent and "ne null" as present', () => {
    expect(matches('nickName eq null', bjensen)).toBe(true);
    expect(matches('title eq null', bjensen)).toBe(false);
    expect(matches('title ne null', bjensen)).toBe(true);
    expect(matches('nickName ne null', { nickName: '' })).toBe(false);
  });
});

describe('compileFilter: ordering', () => {
  it('orders strings lexicographically', () => {
    expect(matches('title gt "tour"', bjensen)).toBe(true);
    expect(matches('title lt "TOUR GUIDE"', bjensen)).toBe(false);
    expect(matches('title le "TOUR GUIDE"', bjensen)).toBe(true);
    expect(matches('title ge "u"', bjensen)).toBe(false);
  });

  it('orders numbers numerically, not as text', () => {
    expect(matches('loginCount gt 9', bjensen)).toBe(true);
    expect(matches('loginCount lt 9', bjensen)).toBe(false);
    expect(matches('loginCount ge 10', bjensen)).toBe(true);
    expect(matches('loginCount eq 10.0', bjensen)).toBe(true);
    expect(matches('loginCount gt "9"', bjensen)).toBe(true);
  });

  it('orders ISO 8601 date-times chronologically, whatever their zone or precision', () => {
    expect(matches('meta.lastModified gt "2011-05-13T04:42:33Z"', bjensen)).toBe(true);
    expect(matches('meta.lastModified gt "2011-05-13T04:42:34Z"', bjensen)).toBe(false);
    expect(matches('meta.lastModified ge "2011-05-13T04:42:34.000Z"', bjensen)).toBe(true);
    expect(matches('meta.lastModified eq "2011-05-13T06:42:34+02:00"', bjensen)).toBe(true);
    // Text order would say "2011-05-13T05..." > "2011-05-13T04:42:34Z"; in time it is earlier.
    expect(matches('meta.lastModified lt "2011-05-13T05:00:00+01:00"', bjensen)).toBe(false);
    expect(matches('meta.lastModified lt "2011-05-13T05:00:00-01:00"', bjensen)).toBe(true);
    expect(matches('meta.created lt "2011-01-01"', bjensen)).toBe(true);
  });

  it('compares booleans for equality only', () => {
    expect(matches('active eq true', bjensen)).toBe(true);
    expect(matches('active eq false', bjensen)).toBe(false);
    expect(matches('active ne false', bjensen)).toBe(true);
    expect(matches('emails[primary eq true].type eq "work"', bjensen)).toBe(true);
    // Entra's string booleans, when stored as sent, still match.
    expect(matches('active eq true', { active: 'True' })).toBe(true);
  });
});

describe('compileFilter: schemas and logic', () => {
  it('looks inside the extension object for URN-qualified paths', () => {
    expect(matches(`${ENTERPRISE}:employeeNumber eq "701984"`, bjensen)).toBe(true);
    expect(matches(`${ENTERPRISE}:manager.value eq "26118915"`, bjensen)).toBe(true);
    expect(matches(`${ENTERPRISE}:manager eq "26118915"`, bjensen)).toBe(true);
    expect(matches(`${ENTERPRISE.toUpperCase()}:EMPLOYEENUMBER eq "701984"`, bjensen)).toBe(true);
    expect(matches(`${ENTERPRISE}:employeeNumber pr`, { employeeNumber: '701984' })).toBe(false);
    expect(matches(`${ENTERPRISE}:userName pr`, bjensen)).toBe(false);
  });

  it('reads core-schema-qualified paths at the top level', () => {
    expect(matches('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bj"', bjensen)).toBe(true);
    expect(matches('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "barbara"', bjensen)).toBe(
      true,
    );
  });

  it('combines with and, or and not', () => {
    expect(matches('title pr and userType eq "Employee"', bjensen)).toBe(true);
    expect(matches('title pr and userType eq "Intern"', bjensen)).toBe(false);
    expect(matches('nickName pr or userType eq "Employee"', bjensen)).toBe(true);
    expect(matches('userType eq "Intern" or nickName pr', bjensen)).toBe(false);
    expect(matches('not (nickName pr)', bjensen)).toBe(true);
    expect(matches('userType ne "Employee" and not (emails co "example.com")', bjensen)).toBe(false);
    // and binds tighter: false or (true and true)
    expect(matches('nickName pr or title pr and active eq true', bjensen)).toBe(true);
    expect(matches('(nickName pr or title pr) and active eq false', bjensen)).toBe(false);
  });
});
