/**
 * Hostile-input fuzzing of the PATCH engine (issue 6), beyond the client-shaped properties of property.test.ts:
 * arbitrary JSON anywhere in the body, path text from every corner of Unicode, values nested thousands of levels
 * deep, and groups large enough that a quadratic step would never finish. The engine must answer with a 400
 * ScimError naming what to fix (never another error), leave its inputs untouched, and keep its work linear in the
 * size of the group.
 */

import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError, type ScimType } from '../errors.ts';
import { parsePatchPath } from '../filter/index.ts';
import { findAttribute, findSchema, type ResourceTypeName } from '../schema/index.ts';
import type { ResourceJson } from '../store/port.ts';
import { ElementIndex } from './element-index.ts';
import type { PatchResult } from './operation.ts';
import {
  CONNECTOR_GROUP,
  CORE_GROUP,
  deepFreeze,
  ENTERPRISE,
  entraUser,
  OKTA_MEMBER_A,
  OKTA_MEMBER_B,
  oktaGroup,
  PATCH_OP,
  patch,
} from './test-fixtures.ts';
import { sameElement } from './values.ts';

/** A fixed seed keeps failures reproducible; the run counts keep the file within a few seconds. */
const SEED = 0x9a7c;
const RUNS = propertyRuns(600, SEED);

/** What a PATCH may be refused with (RFC 7644 section 3.5.2 and table 9, which names invalidFilter for path filters). */
const PATCH_SCIM_TYPES: readonly ScimType[] = [
  'invalidFilter',
  'invalidValue',
  'invalidSyntax',
  'invalidPath',
  'mutability',
  'noTarget',
];

const TRICKY = [
  '\u0301',
  '\u200f',
  '\u202e',
  '\u200b',
  '\uff41',
  '\u0410',
  '\u212a',
  '\u{1f600}',
  '\ud800',
  '\u0000',
];

const USER_PATHS = [
  'userName',
  'active',
  'name.givenName',
  'emails',
  'emails[type eq "work"].value',
  'emails[value eq 1e999]',
  'roles',
  'members',
  'groups',
  'id',
  'password',
  ENTERPRISE,
  `${ENTERPRISE}:manager`,
];
const GROUP_PATHS = [
  'displayName',
  'members',
  `members[value eq "${OKTA_MEMBER_B}"]`,
  `${CONNECTOR_GROUP}:roles`,
];

/** Path text: known paths, the same with random edits, and anything at all. */
function pathText(paths: readonly string[]): fc.Arbitrary<unknown> {
  const edited = fc
    .record({
      path: fc.constantFrom(...paths),
      at: fc.nat(),
      insert: fc.oneof(
        fc.constantFrom('[', ']', '(', '"', '.', ':', ' ', ...TRICKY),
        fc.string({ unit: 'binary', maxLength: 2 }),
      ),
    })
    .map(({ path, at, insert }) => {
      const index = at % (path.length + 1);
      return path.slice(0, index) + insert + path.slice(index);
    });
  return fc.oneof(
    { arbitrary: fc.constantFrom(...paths), weight: 3 },
    { arbitrary: edited, weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
  );
}

const trickyString = fc.string({ unit: fc.constantFrom('a', 'A', ' ', ...TRICKY), maxLength: 6 });

/** Any JSON, with the tricky strings, plus the sub-attribute shapes the engine looks into. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  trickyString,
  fc.array(
    fc.dictionary(
      fc.constantFrom('value', 'VALUE', 'type', 'primary', 'display', '__proto__', 'x'),
      fc.oneof(trickyString, fc.jsonValue({ maxDepth: 1 })),
    ),
    { maxLength: 4 },
  ),
);

function operation(paths: readonly string[]): fc.Arbitrary<unknown> {
  const shaped = fc.record(
    {
      op: fc.oneof(fc.constantFrom('add', 'Replace', 'REMOVE', 'remove'), fc.jsonValue({ maxDepth: 1 })),
      path: pathText(paths),
      value: anyValue,
    },
    { requiredKeys: [] },
  );
  return fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 });
}

/** Whole bodies: well-formed envelopes with hostile operations, envelopes with hostile members, and any JSON. */
function body(paths: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      arbitrary: fc
        .array(operation(paths), { maxLength: 4 })
        .map((Operations) => ({ schemas: [PATCH_OP], Operations })),
      weight: 6,
    },
    {
      arbitrary: fc.record(
        {
          schemas: fc.oneof(fc.constant([PATCH_OP]), fc.jsonValue({ maxDepth: 1 })),
          Operations: fc.jsonValue({ maxDepth: 3 }),
        },
        { requiredKeys: [] },
      ),
      weight: 2,
    },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
  );
}

/** Runs a PATCH; a refusal must be a 400 ScimError of a PATCH scimType with a readable detail. */
function attempt(run: () => PatchResult): PatchResult | undefined {
  try {
    return run();
  } catch (error) {
    if (!isScimError(error)) throw error;
    expect(error.status).toBe(400);
    expect(PATCH_SCIM_TYPES).toContain(error.scimType);
    expect(error.detail.length).toBeGreaterThan(0);
    expect(error.detail).not.toMatch(/\n\s+at |RangeError|TypeError/);
    return undefined;
  }
}

function userWithExtension(): ResourceJson {
  return {
    ...entraUser(),
    schemas: [entraUser().schemas, ENTERPRISE].flat() as string[],
    roles: [{ value: 'AGENT_134_STORE' }],
    [ENTERPRISE]: { department: 'Sales', manager: { value: 'boss' } },
  };
}

/** Nested arrays or objects as JSON text, which `JSON.parse` (like a body parser) reads without recursing. */
function nestedText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}`
    : `${'{"value":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

function expectRefusal(run: () => unknown, scimTypes: readonly ScimType[] = PATCH_SCIM_TYPES): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isScimError(thrown), `expected a ScimError, got ${String(thrown)}`).toBe(true);
  if (isScimError(thrown)) expect(scimTypes).toContain(thrown.scimType);
}

describe('PATCH engine under hostile input', () => {
  for (const [resourceType, resource, paths] of [
    ['User', userWithExtension, USER_PATHS],
    ['Group', oktaGroup, GROUP_PATHS],
  ] as const) {
    it(
      `${resourceType}: any body is applied or refused with a 400 ScimError, and neither input is touched`,
      () => {
        fc.assert(
          fc.property(body(paths), (raw) => {
            const request = deepFreeze(structuredClone(raw));
            const current = deepFreeze(resource());
            const result = attempt(() =>
              patch(current, request, resourceType, {
                memberExists: new Set([OKTA_MEMBER_A, OKTA_MEMBER_B]),
              }),
            );
            expect(request).toEqual(raw);
            expect(current).toEqual(resource());
            if (result) expect(JSON.parse(JSON.stringify(result.resource))).toEqual(result.resource);
          }),
          RUNS,
        );
      },
      PROPERTY_TEST_TIMEOUT_MS,
    );
  }

  it(
    'a path that is neither SCIM path syntax nor a schema URN is refused with the scimType the parser names',
    () => {
      fc.assert(
        fc.property(
          pathText([...USER_PATHS, ...GROUP_PATHS]),
          fc.constantFrom<ResourceTypeName>('User', 'Group'),
          (path, type) => {
            if (typeof path !== 'string' || path.trim() === '') return;
            const text = path.trim();
            const parsed = parsePatchPath(text);
            if (parsed.ok || findSchema(type, text) !== undefined) return;
            const request = { schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] };
            const current = type === 'User' ? entraUser() : oktaGroup();
            // invalidPath, or invalidFilter for a misquoted value in the path's value filter.
            expectRefusal(() => patch(current, request, type), [parsed.error.scimType]);
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  // Hand-written beside the property above, which picks its inputs with the parser under test: paths outside
  // RFC 7644 section 3.5.2's grammar (at most one sub-attribute, a closed value filter, no empty segment).
  it.each([
    'name..givenName',
    'emails[',
    'emails[value eq "x"',
    'emails[value eq "x"]]',
    '1abc',
    '.userName',
    'emails.',
    'name givenName',
    'name.givenName.extra',
    'emails[value eq "x"].type.x',
    'emails[value eq "x"]type',
    'roles[value]',
    'urn:ietf:params:scim:schemas:core:2.0:User:name..x',
  ])('refuses the path %j with invalidPath', (path) => {
    const request = { schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] };
    expectRefusal(() => patch(entraUser(), request, 'User'), ['invalidPath']);
  });

  it.each([
    'name.givenName',
    'emails[type eq "work"].value',
    'emails[type eq work]',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
  ])('accepts the path %j', (path) => {
    const request = { schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] };
    expect(() => patch(entraUser(), request, 'User')).not.toThrow();
  });

  it('values and bodies nested 10,000 and 100,000 levels deep are refused, not a stack overflow', () => {
    for (const depth of [10_000, 100_000]) {
      for (const kind of ['array', 'object'] as const) {
        const text = nestedText(depth, kind);
        const deep: unknown = JSON.parse(text);
        for (const path of [...USER_PATHS, undefined]) {
          const operations = [{ op: 'add', ...(path !== undefined && { path }), value: deep }];
          const result = attempt(() =>
            patch(userWithExtension(), { schemas: [PATCH_OP], Operations: operations }, 'User'),
          );
          // `add` of `null`-like nothing is not possible here: a deep value is never a valid attribute value.
          expect(result).toBeUndefined();
        }
        for (const path of GROUP_PATHS) {
          const operations = [{ op: 'replace', path, value: deep }];
          expect(
            attempt(() => patch(oktaGroup(), { schemas: [PATCH_OP], Operations: operations }, 'Group')),
          ).toBeUndefined();
        }
        expectRefusal(() => patch(entraUser(), deep, 'User'), ['invalidSyntax']);
        expectRefusal(() => patch(entraUser(), text, 'User'), ['invalidSyntax']);
        expectRefusal(
          () => patch(entraUser(), { schemas: [PATCH_OP], Operations: deep }, 'User'),
          ['invalidSyntax'],
        );
      }
    }
  });

  it('keeps Unicode member ids, emails and role values exactly, comparing them as the schema says', () => {
    const ids = ['\uff41\uff42', 'ab', 'AB', 'jos\u00e9', 'jose\u0301', '\u{1f600}', '\u202eevil'];
    const request = {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
    };
    const group = { schemas: [CORE_GROUP], id: 'g', displayName: 'g', members: [] };
    // Neither members.value nor emails.value is caseExact (RFC 7643): `ab` and `AB` are one entry (a member's
    // immutable value keeps the first spelling, an email takes the later one). Full-width, precomposed and
    // decomposed spellings stay distinct: nothing is normalised.
    const distinct = ids.filter((id) => id !== 'AB');
    expect(
      (patch(group, request, 'Group').resource.members as { value: string }[]).map((m) => m.value),
    ).toEqual(distinct);
    const emails = ids.map((value) => ({ value: `${value}@x.io`, type: 'work' }));
    const user = patch(
      entraUser(),
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'emails', value: emails }] },
      'User',
    );
    expect((user.resource.emails as { value: string }[]).map((e) => e.value)).toEqual(
      ids.filter((id) => id !== 'ab').map((id) => `${id}@x.io`),
    );
  });
});

describe('ElementIndex finds what a linear search finds', () => {
  const definitions = [
    ['Group', 'members'],
    ['User', 'emails'],
    ['User', 'roles'],
    ['User', 'addresses'],
    ['Group', `${CONNECTOR_GROUP}:roles`],
  ] as const;
  const element = fc.oneof(
    {
      arbitrary: fc.record(
        { value: fc.constantFrom('a', 'A', '\u00e9', '\u00c9', 'b', '\uff41') },
        { requiredKeys: [] },
      ),
      weight: 2,
    },
    {
      arbitrary: fc.record(
        {
          value: fc.oneof(fc.constantFrom('a', 'A', 'b'), fc.constant(null), fc.integer({ min: 0, max: 2 })),
          type: fc.constantFrom('work', 'Work', 'home'),
          primary: fc.boolean(),
          streetAddress: fc.constantFrom('1 Main St', '1 MAIN ST'),
        },
        { requiredKeys: [] },
      ),
      weight: 3,
    },
    {
      arbitrary: fc.oneof(fc.constantFrom('a', 'A'), fc.constant(null), fc.integer({ max: 1, min: 0 })),
      weight: 1,
    },
  );
  const change = fc.record({ kind: fc.constantFrom('push', 'set'), at: fc.nat(), element });

  it(
    'first and all matches equal those of sameElement over the list, across pushes and replacements',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...definitions),
          fc.array(element, { maxLength: 12 }),
          fc.array(change, { maxLength: 8 }),
          fc.array(element, { minLength: 1, maxLength: 6 }),
          ([type, name], initial, changes, probes) => {
            const found = findAttribute(type, name);
            if (!found) throw new Error(`no attribute ${name}`);
            const def = found.attribute;
            const elements = [...initial];
            const index = new ElementIndex(def, elements);
            for (const { kind, at, element: next } of changes) {
              if (kind === 'push' || elements.length === 0) index.push(next);
              else index.set(at % elements.length, next);
            }
            for (const probe of probes) {
              const linear = elements.flatMap((candidate, position) =>
                sameElement(def, candidate, probe) ? [position] : [],
              );
              expect(index.allMatches(probe)).toEqual(linear);
              expect(index.firstMatch(probe)).toBe(linear[0] ?? -1);
            }
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
