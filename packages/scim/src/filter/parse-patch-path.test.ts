import { describe, expect, it } from 'vitest';
import type { PatchPath } from './ast.ts';
import { parseAttrPath, parsePatchPath } from './parse.ts';
import { and, CORE_GROUP, cmp, ENTERPRISE, p } from './test-support.ts';

function parsed(text: string): PatchPath {
  const result = parsePatchPath(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.message}`);
  return result.value;
}

describe('parsePatchPath: every path Entra ID and Okta send', () => {
  const cases: [string, PatchPath][] = [
    ['emails[type eq "work"].value', { path: p('emails'), filter: cmp('type', 'eq', 'work'), sub: 'value' }],
    [
      'emails[type eq "work"].primary',
      { path: p('emails'), filter: cmp('type', 'eq', 'work'), sub: 'primary' },
    ],
    ['name.familyName', { path: p('name', 'familyName') }],
    ['name.givenName', { path: p('name', 'givenName') }],
    ['userName', { path: p('userName') }],
    ['active', { path: p('active') }],
    ['displayName', { path: p('displayName') }],
    ['externalId', { path: p('externalId') }],
    ['nickName', { path: p('nickName') }],
    ['members', { path: p('members') }],
    ['Members', { path: p('Members') }],
    ['manager', { path: p('manager') }],
    [`${ENTERPRISE}:employeeNumber`, { path: p('employeeNumber', undefined, ENTERPRISE) }],
    [`${ENTERPRISE}:manager`, { path: p('manager', undefined, ENTERPRISE) }],
    [`${ENTERPRISE}:department`, { path: p('department', undefined, ENTERPRISE) }],
    [`${ENTERPRISE}:organization`, { path: p('organization', undefined, ENTERPRISE) }],
    [`${CORE_GROUP}:members`, { path: p('members', undefined, CORE_GROUP) }],
    [
      'members[value eq "7f4bc1a3-285e-48ae-8202-5accb43efb0e"]',
      { path: p('members'), filter: cmp('value', 'eq', '7f4bc1a3-285e-48ae-8202-5accb43efb0e') },
    ],
    [
      'members[value eq "89bb1940-b905-4575-9e7f-6f887cfb368e"]',
      { path: p('members'), filter: cmp('value', 'eq', '89bb1940-b905-4575-9e7f-6f887cfb368e') },
    ],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });
});

describe('parsePatchPath: the examples of RFC 7644 section 3.5.2', () => {
  const member = '2819c223-7f76-453a-919d-413861904646';
  const cases: [string, PatchPath][] = [
    ['members', { path: p('members') }],
    ['name.familyName', { path: p('name', 'familyName') }],
    ['addresses[type eq "work"]', { path: p('addresses'), filter: cmp('type', 'eq', 'work') }],
    [`members[value eq "${member}"]`, { path: p('members'), filter: cmp('value', 'eq', member) }],
    [
      `members[value eq "${member}"].displayName`,
      { path: p('members'), filter: cmp('value', 'eq', member), sub: 'displayName' },
    ],
    [
      'emails[type eq "work" and value ew "example.com"]',
      { path: p('emails'), filter: and(cmp('type', 'eq', 'work'), cmp('value', 'ew', 'example.com')) },
    ],
    [`${ENTERPRISE}:manager.value`, { path: p('manager', 'value', ENTERPRISE) }],
    ['members[value eq 2819c223]', { path: p('members'), filter: cmp('value', 'eq', '2819c223') }],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });
});

describe('parseAttrPath', () => {
  it('reads the paths used by sortBy, attributes and path-less PATCH keys', () => {
    expect(parseAttrPath('userName')).toEqual({ ok: true, value: p('userName') });
    expect(parseAttrPath('name.givenName')).toEqual({ ok: true, value: p('name', 'givenName') });
    expect(parseAttrPath(`${ENTERPRISE}:employeeNumber`)).toEqual({
      ok: true,
      value: p('employeeNumber', undefined, ENTERPRISE),
    });
    expect(parseAttrPath('meta.lastModified')).toEqual({ ok: true, value: p('meta', 'lastModified') });
  });

  it('rejects anything more than a path, with scimType invalidPath', () => {
    expect(parseAttrPath('emails[type eq "work"]')).toEqual({
      ok: false,
      error: {
        message: "Invalid attribute path at offset 6: expected the end of the attribute path but found '['",
        offset: 6,
        scimType: 'invalidPath',
      },
    });
    expect(parseAttrPath('a.b.c')).toMatchObject({ ok: false, error: { offset: 3 } });
  });
});
