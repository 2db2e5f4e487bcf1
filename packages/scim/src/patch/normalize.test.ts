/** normalizePatchRequest: the request envelope, and the canonical operations it produces. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePatchPath } from '../filter/index.ts';
import { normalizePatchRequest } from './normalize.ts';
import { ENTERPRISE, expectScimError, PATCH_OP } from './test-fixtures.ts';

describe('normalizePatchRequest: envelope', () => {
  it.each([
    ['not an object', [1, 2], 'must be a JSON object'],
    ['schemas null', { schemas: null, Operations: [] }, `must contain "${PATCH_OP}"`],
    ['no schemas and no Operations', {}, 'has no "Operations" array'],
    [
      'another message schema',
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] },
      'must contain',
    ],
    ['no Operations', { schemas: [PATCH_OP] }, 'has no "Operations" array'],
    [
      'Operations not an array',
      { schemas: [PATCH_OP], Operations: { op: 'add' } },
      '"Operations" must be an array',
    ],
    [
      'an operation that is not an object',
      { schemas: [PATCH_OP], Operations: ['add'] },
      'Operations[0]: An operation must be an object',
    ],
    [
      'an unknown op',
      { schemas: [PATCH_OP], Operations: [{ op: 'merge', path: 'x' }] },
      'Operations[0]: "op" must be one of',
    ],
    ['no op', { schemas: [PATCH_OP], Operations: [{ path: 'x' }] }, 'got nothing'],
  ])('rejects %s with invalidSyntax', (_name, request, detail) => {
    const error = expectScimError(() => normalizePatchRequest(request, 'User'), 400, 'invalidSyntax');
    expect(error.detail).toContain(detail);
  });

  it('accepts the schema URN and member names in any case', () => {
    const operations = normalizePatchRequest(
      { SCHEMAS: [PATCH_OP.toUpperCase()], operations: [{ OP: 'REPLACE', Path: 'nickName', VALUE: 'B' }] },
      'User',
    );
    expect(operations).toEqual([{ op: 'replace', path: { path: { attr: 'nickName' } }, value: 'B' }]);
  });

  it('names the failing operation by its index in the request', () => {
    const error = expectScimError(
      () =>
        normalizePatchRequest(
          {
            schemas: [PATCH_OP],
            Operations: [
              { op: 'add', path: 'nickName', value: 'x' },
              { op: 'add', path: 'nope', value: 1 },
            ],
          },
          'User',
        ),
      400,
      'invalidPath',
    );
    expect(error.detail).toMatch(/^Operations\[1\]: The path "nope" names no attribute of the User resource/);
  });

  it("reports a malformed path with the parser's position", () => {
    const error = expectScimError(
      () =>
        normalizePatchRequest(
          { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'emails[type eq "work"' }] },
          'User',
        ),
      400,
      'invalidPath',
    );
    expect(error.detail).toContain('is not a valid SCIM path');
  });

  it('refuses a single-quoted value in a path filter as invalidFilter, saying to use double quotes', () => {
    for (const path of [`emails[value eq 'a@x.com'].primary`, `members[value eq '2819c223']`]) {
      const error = expectScimError(
        () => normalizePatchRequest({ schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] }, 'User'),
        400,
        'invalidFilter',
      );
      expect(error.detail).toContain('is in single quotes; SCIM filter strings use double quotes');
    }
  });

  it('rejects a non-string path', () => {
    expectScimError(
      () => normalizePatchRequest({ schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 7 }] }, 'User'),
      400,
      'invalidPath',
    );
  });

  it('treats an empty or null path as no path', () => {
    for (const path of ['', '  ', null]) {
      const operations = normalizePatchRequest(
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', path, value: { nickName: 'B' } }] },
        'User',
      );
      expect(operations).toEqual([{ op: 'replace', path: { path: { attr: 'nickName' } }, value: 'B' }]);
    }
  });
});

describe('normalizePatchRequest: canonical operations', () => {
  const normalize = (operation: unknown, type: 'User' | 'Group' = 'User') =>
    normalizePatchRequest({ schemas: [PATCH_OP], Operations: [operation] }, type);

  it('splits a path-less value into one operation per attribute, with declared names and URNs', () => {
    expect(
      normalize({
        op: 'Replace',
        value: {
          schemas: ['whatever'],
          id: 'ignored',
          DisplayName: 'D',
          'NAME.GIVENNAME': 'G',
          [`${ENTERPRISE}:department`]: 'Sales',
          [ENTERPRISE]: { Manager: 'boss' },
          meta: { resourceType: 'User' },
        },
      }),
    ).toEqual([
      { op: 'replace', path: { path: { attr: 'displayName' } }, value: 'D' },
      { op: 'replace', path: { path: { attr: 'name', sub: 'givenName' } }, value: 'G' },
      { op: 'replace', path: { path: { uri: ENTERPRISE, attr: 'department' } }, value: 'Sales' },
      { op: 'replace', path: { path: { uri: ENTERPRISE, attr: 'manager' } }, value: { value: 'boss' } },
    ]);
  });

  it('wraps a single value for a multi-valued attribute and unwraps a one-element array for a single one', () => {
    expect(normalize({ op: 'add', path: 'members', value: { value: 'm1' } }, 'Group')).toEqual([
      { op: 'add', path: { path: { attr: 'members' } }, value: [{ value: 'm1' }] },
    ]);
    expect(
      normalize({ op: 'add', path: 'emails[type eq "work"]', value: [{ value: 'w@x' }] })[0]?.value,
    ).toEqual({
      value: 'w@x',
    });
  });

  it('coerces string booleans inside complex values and maps sub-attribute names to their declared case', () => {
    expect(
      normalize({ op: 'add', path: 'emails', value: [{ Value: 'a@x', Primary: 'TRUE' }] })[0]?.value,
    ).toEqual([{ value: 'a@x', primary: true }]);
  });

  it('leaves values it cannot make sense of for the engine to reject', () => {
    expect(normalize({ op: 'replace', path: 'active', value: 'maybe' })[0]?.value).toBe('maybe');
    expect(normalize({ op: 'replace', path: 'name', value: 'Babs' })[0]?.value).toBe('Babs');
  });

  it('rejects add and replace without a value, and remove without a path', () => {
    expectScimError(() => normalize({ op: 'Replace', path: 'nickName' }), 400, 'invalidValue');
    expectScimError(() => normalize({ op: 'add', value: 'x' }), 400, 'invalidValue');
    expectScimError(() => normalize({ op: 'Remove' }), 400, 'noTarget');
  });

  it('drops read-only keys (id, groups) from a path-less value instead of failing on them', () => {
    expect(normalize({ op: 'replace', value: { groups: [], id: 'x' } })).toEqual([]);
  });
});

describe('normalizePatchRequest: parsed paths kept between requests', () => {
  const request = (path: string) => ({
    schemas: [PATCH_OP],
    Operations: [{ op: 'Replace', path, value: 'x' }],
  });

  it('gives the same operations every time, with shared paths frozen and filtered paths fresh', () => {
    const [first] = normalizePatchRequest(request('name.givenName'), 'User');
    const [again] = normalizePatchRequest(request('name.givenName'), 'User');
    expect(again).toEqual(first);
    expect(again?.path).toBe(first?.path);
    expect(Object.isFrozen(again?.path)).toBe(true);
    expect(() => {
      (again?.path as { sub?: string }).sub = 'familyName';
    }).toThrow(TypeError);

    const filtered = 'emails[type eq "work"].value';
    const [one] = normalizePatchRequest(request(filtered), 'User');
    const [two] = normalizePatchRequest(request(filtered), 'User');
    expect(two).toEqual(one);
    expect(two?.path).not.toBe(one?.path);
  });

  it('still refuses a bad path every time it is sent', () => {
    for (let i = 0; i < 2; i++)
      expectScimError(() => normalizePatchRequest(request('name..x'), 'User'), 400, 'invalidPath');
  });
});

describe('normalizePatchRequest: paths that differ in one value are parsed once per shape', () => {
  const SHAPES = [
    (v: string) => `members[value eq "${v}"]`,
    (v: string) => `emails[value eq "${v}"].type`,
    (v: string) => `emails[type eq "work" and value co "${v}"].primary`,
    (v: string) => `addresses[type eq "${v}"].streetAddress`,
    (v: string) => `members[VALUE Eq "${v}"]`,
  ];
  const fullParse = (path: string) => {
    const parsed = parsePatchPath(path);
    return parsed.ok ? parsed.value : parsed.error;
  };

  it('gives exactly what the parser gives, for any literal, including ones that look like other types', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHAPES),
        fc.oneof(
          fc.string(),
          fc.constantFrom('true', 'null', '2026-01-01T00:00:00Z', '42', '', 'a"b', 'x\\y'),
        ),
        (shape, literal) => {
          const path = shape(literal);
          const parsed = parsePatchPath(path);
          const body = { schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] };
          const resourceType = path.startsWith('members') ? 'Group' : 'User';
          let normalized: unknown;
          try {
            normalized = normalizePatchRequest(body, resourceType)[0]?.path;
          } catch (error) {
            normalized = error;
          }
          if (parsed.ok) expect(normalized).toEqual(parsed.value);
          else expect(normalized).toBeInstanceOf(Error);
          // Twice: the second answer comes from the kept shape and must be the same, and a fresh object.
          if (parsed.ok) {
            const again = normalizePatchRequest(body, resourceType)[0]?.path;
            expect(again).toEqual(fullParse(path));
            expect(again).not.toBe(normalized);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
