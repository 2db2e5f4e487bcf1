import { describe, expect, it } from 'vitest';
import type { Filter } from './ast.ts';
import { parseFilter } from './parse.ts';
import { and, CORE_USER, cmp, ENTERPRISE, not, or, p, pr, vp } from './test-support.ts';

function parsed(text: string): Filter {
  const result = parseFilter(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.message}`);
  return result.value;
}

describe('parseFilter: every filter Entra ID and Okta send', () => {
  const cases: [string, Filter][] = [
    // Entra ID (Microsoft's SCIM endpoint tutorial): users by userName and externalId, groups by displayName.
    [
      'userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"',
      cmp('userName', 'eq', 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee'),
    ],
    ['userName eq "non-existent user"', cmp('userName', 'eq', 'non-existent user')],
    ['displayName eq "displayName"', cmp('displayName', 'eq', 'displayName')],
    ['userName eq "user@contoso.com"', cmp('userName', 'eq', 'user@contoso.com')],
    [
      'emails[type eq "work"].value eq "user@contoso.com"',
      vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'eq', 'user@contoso.com'))),
    ],
    [
      'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"',
      cmp('externalId', 'eq', '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef'),
    ],
    // Entra's unquoted values (Microsoft's tutorial, example 1; langwatch#6973).
    ['externalId eq jyoung', cmp('externalId', 'eq', 'jyoung')],
    ['id eq 0f3e7a2c-5d4b-4c1e-9a8f-123456789abc', cmp('id', 'eq', '0f3e7a2c-5d4b-4c1e-9a8f-123456789abc')],
    ['userName eq john@x.com', cmp('userName', 'eq', 'john@x.com')],
    ['externalId eq 00ujl29u0le5T6Aj10h7', cmp('externalId', 'eq', '00ujl29u0le5T6Aj10h7')],
    // Okta (its SCIM 2.0 protocol reference), after URL decoding, and its upper-case spec-test probe.
    ['userName eq "test.user@okta.local"', cmp('userName', 'eq', 'test.user@okta.local')],
    ['userName eq "TEST.USER@OKTA.LOCAL"', cmp('userName', 'eq', 'TEST.USER@OKTA.LOCAL')],
    // Conjunctions with "and" (both IdPs).
    ['userName eq "x" and externalId eq "y"', and(cmp('userName', 'eq', 'x'), cmp('externalId', 'eq', 'y'))],
    // Extension-qualified names contain dots and colons.
    [
      `${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`,
      cmp(p('manager', 'value', ENTERPRISE), 'eq', '26118915-6090-4610-87e4-49d8ca9f808d'),
    ],
    [
      `${ENTERPRISE}:employeeNumber eq "701984"`,
      cmp(p('employeeNumber', undefined, ENTERPRISE), 'eq', '701984'),
    ],
    [`${ENTERPRISE}:manager eq "2c2f6fb8"`, cmp(p('manager', undefined, ENTERPRISE), 'eq', '2c2f6fb8')],
    ['members[value eq "2819c223"]', vp('members', cmp('value', 'eq', '2819c223'))],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });
});

describe('parseFilter: the examples of RFC 7644 section 3.4.2.2', () => {
  const cases: [string, Filter][] = [
    ['userName eq "bjensen"', cmp('userName', 'eq', 'bjensen')],
    [`name.familyName co "O'Malley"`, cmp(p('name', 'familyName'), 'co', "O'Malley")],
    ['userName sw "J"', cmp('userName', 'sw', 'J')],
    [`${CORE_USER}:userName sw "J"`, cmp(p('userName', undefined, CORE_USER), 'sw', 'J')],
    ['title pr', pr('title')],
    [
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      cmp(p('meta', 'lastModified'), 'gt', '2011-05-13T04:42:34Z'),
    ],
    [
      'meta.lastModified ge "2011-05-13T04:42:34Z"',
      cmp(p('meta', 'lastModified'), 'ge', '2011-05-13T04:42:34Z'),
    ],
    [
      'meta.lastModified lt "2011-05-13T04:42:34Z"',
      cmp(p('meta', 'lastModified'), 'lt', '2011-05-13T04:42:34Z'),
    ],
    [
      'meta.lastModified le "2011-05-13T04:42:34Z"',
      cmp(p('meta', 'lastModified'), 'le', '2011-05-13T04:42:34Z'),
    ],
    ['title pr and userType eq "Employee"', and(pr('title'), cmp('userType', 'eq', 'Employee'))],
    ['title pr or userType eq "Intern"', or(pr('title'), cmp('userType', 'eq', 'Intern'))],
    [`schemas eq "${ENTERPRISE}"`, cmp('schemas', 'eq', ENTERPRISE)],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      and(
        cmp('userType', 'eq', 'Employee'),
        or(cmp('emails', 'co', 'example.com'), cmp(p('emails', 'value'), 'co', 'example.org')),
      ),
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      and(
        cmp('userType', 'ne', 'Employee'),
        not(or(cmp('emails', 'co', 'example.com'), cmp(p('emails', 'value'), 'co', 'example.org'))),
      ),
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      and(cmp('userType', 'eq', 'Employee'), cmp(p('emails', 'type'), 'eq', 'work')),
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      and(
        cmp('userType', 'eq', 'Employee'),
        vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
      ),
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      or(
        vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
        vp('ims', and(cmp('type', 'eq', 'xmpp'), cmp('value', 'co', '@foo.com'))),
      ),
    ],
    // Errata 7322: grouping inside a value filter.
    [
      'emails[type eq "work" or (type eq "home" and value ew "@example.com")]',
      vp(
        'emails',
        or(cmp('type', 'eq', 'work'), and(cmp('type', 'eq', 'home'), cmp('value', 'ew', '@example.com'))),
      ),
    ],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });
});

describe('parseFilter: operators, precedence and literals', () => {
  it('reads every comparison operator, in any case', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const) {
      expect(parsed(`x ${op} "v"`)).toEqual(cmp('x', op, 'v'));
      expect(parsed(`x ${op.toUpperCase()} "v"`)).toEqual(cmp('x', op, 'v'));
    }
    expect(parsed('x Eq "v" AnD y PR oR NOT (z Pr)')).toEqual(
      or(and(cmp('x', 'eq', 'v'), pr('y')), not(pr('z'))),
    );
  });

  it('binds and tighter than or, and groups with parentheses', () => {
    expect(parsed('a pr or b pr and c pr')).toEqual(or(pr('a'), and(pr('b'), pr('c'))));
    expect(parsed('a pr and b pr or c pr')).toEqual(or(and(pr('a'), pr('b')), pr('c')));
    expect(parsed('(a pr or b pr) and c pr')).toEqual(and(or(pr('a'), pr('b')), pr('c')));
    expect(parsed('((a pr))')).toEqual(pr('a'));
  });

  it('associates and/or to the left', () => {
    expect(parsed('a pr and b pr and c pr')).toEqual(and(and(pr('a'), pr('b')), pr('c')));
    expect(parsed('a pr or b pr or c pr')).toEqual(or(or(pr('a'), pr('b')), pr('c')));
  });

  it('reads JSON strings with escapes', () => {
    expect(parsed(String.raw`x eq "a\"b\\c\/d\n\t\u00e9\ud83d\ude00"`)).toEqual(
      cmp('x', 'eq', 'a"b\\c/d\n\té😀'),
    );
    expect(parsed('x eq ""')).toEqual(cmp('x', 'eq', ''));
    expect(parsed('x eq "a and b or (c)"')).toEqual(cmp('x', 'eq', 'a and b or (c)'));
  });

  it('reads numbers, booleans and null', () => {
    expect(parsed('x eq 42')).toEqual(cmp('x', 'eq', 42));
    expect(parsed('x gt -1.5e3')).toEqual(cmp('x', 'gt', -1500));
    expect(parsed('x eq 0')).toEqual(cmp('x', 'eq', 0));
    expect(parsed('active eq true')).toEqual(cmp('active', 'eq', true));
    expect(parsed('active eq False')).toEqual(cmp('active', 'eq', false));
    expect(parsed('x eq null')).toEqual(cmp('x', 'eq', null));
  });

  it('reads a word that only starts like a number or literal as an unquoted string', () => {
    expect(parsed('x eq 0123')).toEqual(cmp('x', 'eq', '0123'));
    expect(parsed('x eq 12ab')).toEqual(cmp('x', 'eq', '12ab'));
    expect(parsed('x eq trueish')).toEqual(cmp('x', 'eq', 'trueish'));
    expect(parsed('x eq nullable')).toEqual(cmp('x', 'eq', 'nullable'));
    // The word after an operator is a value even when it looks like a keyword or attribute.
    expect(parsed('x eq and')).toEqual(cmp('x', 'eq', 'and'));
    expect(parsed('(x eq abc) and y eq def')).toEqual(and(cmp('x', 'eq', 'abc'), cmp('y', 'eq', 'def')));
    expect(parsed('members[value eq 2819c223]')).toEqual(vp('members', cmp('value', 'eq', '2819c223')));
  });

  it('keeps reading unquoted values, and quotes inside a double-quoted string, as before single quotes were refused', () => {
    expect(parsed('externalId eq 123')).toEqual(cmp('externalId', 'eq', 123));
    expect(parsed('externalId eq jyoung')).toEqual(cmp('externalId', 'eq', 'jyoung'));
    expect(parsed('userName eq alice@example.com')).toEqual(cmp('userName', 'eq', 'alice@example.com'));
    expect(parsed(`userName eq "O'Brien"`)).toEqual(cmp('userName', 'eq', "O'Brien"));
    expect(parsed(`userName eq "'alice@example.com'"`)).toEqual(cmp('userName', 'eq', "'alice@example.com'"));
    expect(parsed(String.raw`title co "say \"hi\""`)).toEqual(cmp('title', 'co', 'say "hi"'));
    // Typographic quotes are not SCIM syntax at all: an unquoted value keeps them, as it keeps any other letter.
    expect(parsed('userName eq \u201calice\u201d')).toEqual(cmp('userName', 'eq', '\u201calice\u201d'));
  });

  it('treats names that start with a keyword as attribute names', () => {
    expect(parsed('organization eq "x"')).toEqual(cmp('organization', 'eq', 'x'));
    expect(parsed('notes pr and prefix pr and andrew pr')).toEqual(
      and(and(pr('notes'), pr('prefix')), pr('andrew')),
    );
    expect(parsed('equipment ne "y"')).toEqual(cmp('equipment', 'ne', 'y'));
  });

  it('reads value paths with a sub-attribute test as one element filter', () => {
    expect(parsed('emails[type eq "work"].value pr')).toEqual(
      vp('emails', and(cmp('type', 'eq', 'work'), pr('value'))),
    );
    expect(parsed('emails[type eq "work" or primary eq true].value ew "@x.com"')).toEqual(
      vp(
        'emails',
        and(or(cmp('type', 'eq', 'work'), cmp('primary', 'eq', true)), cmp('value', 'ew', '@x.com')),
      ),
    );
    expect(parsed('members.$ref pr')).toEqual(pr(p('members', '$ref')));
  });

  it('tolerates extra and missing whitespace where the meaning is unambiguous', () => {
    expect(parsed('  userName   eq   "x"  ')).toEqual(cmp('userName', 'eq', 'x'));
    expect(parsed('userName eq"x"')).toEqual(cmp('userName', 'eq', 'x'));
    expect(parsed('not(a pr)')).toEqual(not(pr('a')));
    expect(parsed('emails[ type eq "work" ]')).toEqual(vp('emails', cmp('type', 'eq', 'work')));
  });
});
