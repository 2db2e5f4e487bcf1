/**
 * Hostile-input fuzzing of resource bodies and projections (issue 6). POST and PUT bodies are whatever JSON a
 * client sends; `attributes` / `excludedAttributes` come straight from the query string. Normalisation must
 * answer with a canonical resource or a 400 ScimError (invalidSyntax / invalidValue) whose detail names the
 * problem, never another error, never a stack overflow on deep nesting, never a change to the body it was given;
 * projection must never fail at all.
 */

import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError, type ScimType } from '../errors.ts';
import type { ResourceTypeName } from '../schema/types.ts';
import {
  CONNECTOR_GROUP_SCHEMA,
  CONNECTOR_USER_SCHEMA,
  CORE_GROUP_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
} from '../schema/urns.ts';
import { MAX_BODY_DEPTH } from './nesting.ts';
import { type NormalizedResource, normalizeResource } from './normalize.ts';
import { toRepresentation } from './project.ts';
import { validateResource } from './validate.ts';

/** A fixed seed keeps failures reproducible; the run counts keep the file within a few seconds. */
const SEED = 0x7e50;
const RUNS = propertyRuns(500, SEED);

const BODY_SCIM_TYPES: readonly ScimType[] = ['invalidSyntax', 'invalidValue'];
const CORE: Record<ResourceTypeName, string> = { User: CORE_USER_SCHEMA, Group: CORE_GROUP_SCHEMA };

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
  '\u00a0',
];
const trickyString = fc.string({
  unit: fc.constantFrom('a', 'B', ' ', '@', ...TRICKY),
  minLength: 1,
  maxLength: 8,
});

const KEYS: Record<ResourceTypeName, string[]> = {
  User: [
    'userName',
    'USERNAME',
    'displayName',
    'active',
    'name',
    'name.givenName',
    'emails',
    'phoneNumbers',
    'addresses',
    'roles',
    'groups',
    'password',
    'id',
    'meta',
    'manager',
    'department',
    ENTERPRISE_USER_SCHEMA,
    `${ENTERPRISE_USER_SCHEMA}:manager`,
    CONNECTOR_USER_SCHEMA,
    'urn:unknown:schema',
    '__proto__',
    'constructor',
  ],
  Group: [
    'displayName',
    'DisplayName',
    'members',
    'externalId',
    'id',
    CONNECTOR_GROUP_SCHEMA,
    '__proto__',
    'x',
  ],
};

const subValue = fc.oneof(
  trickyString,
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.constantFrom('True', 'false'),
);
const element = fc.dictionary(
  fc.constantFrom(
    'value',
    'Value',
    'type',
    'primary',
    'display',
    'givenName',
    'streetAddress',
    'manager',
    'x',
  ),
  fc.oneof(subValue, fc.jsonValue({ maxDepth: 1 })),
  { maxKeys: 4 },
);
const attributeValue = fc.oneof(
  subValue,
  element,
  fc.array(fc.oneof(element, subValue), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Mostly a plausible value for the attribute (with hostile text in it), sometimes anything at all. */
function plausible<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid, weight: 10 }, { arbitrary: attributeValue, weight: 1 });
}

const multiValued = (extra: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc.array(fc.record({ value: trickyString, ...extra }, { requiredKeys: ['value'] }), { maxLength: 3 });

const SHAPES: Record<ResourceTypeName, Record<string, fc.Arbitrary<unknown>>> = {
  User: {
    userName: fc.oneof({ arbitrary: trickyString, weight: 8 }, { arbitrary: attributeValue, weight: 1 }),
    USERNAME: attributeValue,
    displayName: plausible(trickyString),
    active: plausible(fc.constantFrom(true, false, 'True', 'false')),
    name: plausible(
      fc.record(
        { givenName: trickyString, familyName: fc.option(trickyString, { nil: null }) },
        { requiredKeys: [] },
      ),
    ),
    'name.formatted': plausible(trickyString),
    emails: plausible(multiValued({ type: fc.constantFrom('work', 'home'), primary: fc.boolean() })),
    roles: plausible(multiValued({ display: trickyString })),
    addresses: plausible(
      fc.array(fc.record({ streetAddress: trickyString, type: fc.constant('work') }), { maxLength: 2 }),
    ),
    groups: attributeValue,
    password: attributeValue,
    id: attributeValue,
    meta: attributeValue,
    manager: plausible(fc.oneof(trickyString, fc.record({ value: trickyString }))),
    department: plausible(trickyString),
    [ENTERPRISE_USER_SCHEMA]: plausible(
      fc.record(
        { department: trickyString, manager: fc.oneof(trickyString, fc.record({ value: trickyString })) },
        { requiredKeys: [] },
      ),
    ),
    [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`]: plausible(trickyString),
    [CONNECTOR_USER_SCHEMA]: attributeValue,
    'urn:unknown:schema': attributeValue,
    __proto__: attributeValue,
    constructor: attributeValue,
  },
  Group: {
    displayName: fc.oneof({ arbitrary: trickyString, weight: 8 }, { arbitrary: attributeValue, weight: 1 }),
    DisplayName: attributeValue,
    members: plausible(multiValued({ display: trickyString, type: fc.constantFrom('User', 'Group') })),
    externalId: plausible(trickyString),
    id: attributeValue,
    [CONNECTOR_GROUP_SCHEMA]: plausible(fc.record({ roles: multiValued() })),
    __proto__: attributeValue,
    x: attributeValue,
  },
};

/** A few keys of a shape (the required one usually among them), in random order. */
function someOf(
  shape: Record<string, fc.Arbitrary<unknown>>,
  required: string,
): fc.Arbitrary<Record<string, unknown>> {
  const optional = Object.keys(shape).filter((key) => key !== required);
  const keys = fc
    .tuple(fc.nat({ max: 9 }), fc.shuffledSubarray(optional, { maxLength: 5 }))
    .map(([dice, others]) => (dice > 0 || others.length === 0 ? [required, ...others] : others));
  return keys
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((key) => (shape[key] as fc.Arbitrary<unknown>).map((value) => [key, value] as const)),
      ),
    )
    .map((entries) => {
      const object: Record<string, unknown> = {};
      // defineProperty: a `__proto__` key must be an own property, as JSON.parse makes it.
      for (const [key, value] of entries) {
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return object;
    });
}

/** Bodies shaped like resources with hostile values, some with a wrong or missing `schemas`, and any JSON. */
function body(type: ResourceTypeName): fc.Arbitrary<unknown> {
  const schemas = fc.oneof(
    { arbitrary: fc.constant([CORE[type]]), weight: 6 },
    { arbitrary: fc.constant([CORE[type].toUpperCase(), 'urn:other']), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  );
  const shaped = fc
    .record({ schemas, attributes: someOf(SHAPES[type], type === 'User' ? 'userName' : 'displayName') })
    .map(({ schemas: listed, attributes }) => Object.assign({ schemas: listed }, attributes));
  return fc.oneof({ arbitrary: shaped, weight: 8 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 });
}

/** Normalises; a refusal must be a 400 ScimError of a body scimType with a readable detail. */
function attempt(type: ResourceTypeName, input: unknown): NormalizedResource | undefined {
  try {
    return normalizeResource(type, input);
  } catch (error) {
    if (!isScimError(error)) throw error;
    expect(error.status).toBe(400);
    expect(BODY_SCIM_TYPES).toContain(error.scimType);
    expect(error.detail.length).toBeGreaterThan(0);
    expect(error.detail).not.toMatch(/\n\s+at |RangeError|TypeError/);
    return undefined;
  }
}

function expectRefused(type: ResourceTypeName, input: unknown, scimType: ScimType): string {
  let thrown: unknown;
  try {
    normalizeResource(type, input);
  } catch (error) {
    thrown = error;
  }
  expect(isScimError(thrown), `expected a ScimError, got ${String(thrown)}`).toBe(true);
  if (!isScimError(thrown)) return '';
  expect(thrown.scimType).toBe(scimType);
  return thrown.detail;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function nestedText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

describe('normalizeResource under hostile input', () => {
  for (const type of ['User', 'Group'] as const) {
    it(
      `${type}: any body gives a valid, idempotent resource or a 400 ScimError, and is never modified`,
      () => {
        fc.assert(
          fc.property(body(type), (raw) => {
            const input = deepFreeze(structuredClone(raw));
            const result = attempt(type, input);
            expect(input).toEqual(raw);
            if (!result) return;
            expect(() => validateResource(type, result.resource)).not.toThrow();
            expect(Object.getPrototypeOf(result.resource)).toBe(Object.prototype);
            expect(result.ignored.every((note) => typeof note === 'string')).toBe(true);
            const again = normalizeResource(type, { schemas: [CORE[type]], ...result.resource });
            expect(again.resource).toEqual(result.resource);
          }),
          RUNS,
        );
      },
      PROPERTY_TEST_TIMEOUT_MS,
    );
  }

  it('refuses bodies nested 10,000 and 100,000 levels deep under any key with invalidSyntax', () => {
    for (const [depth, keys] of [
      [10_000, [...KEYS.User, 'schemas']],
      [100_000, ['userName', 'emails', ENTERPRISE_USER_SCHEMA, 'urn:unknown:schema', 'schemas']],
    ] as const) {
      for (const kind of ['array', 'object'] as const) {
        const text = nestedText(depth, kind);
        for (const key of keys) {
          const raw = JSON.parse(
            `{"schemas":["${CORE_USER_SCHEMA}"],"userName":"u",${JSON.stringify(key)}:${text}}`,
          );
          expect(expectRefused('User', raw, 'invalidSyntax')).toContain(
            `more than ${MAX_BODY_DEPTH} levels deep`,
          );
        }
        const members = JSON.parse(
          `{"schemas":["${CORE_GROUP_SCHEMA}"],"displayName":"g","members":[${text}]}`,
        );
        expect(expectRefused('Group', members, 'invalidSyntax')).toContain("under 'members'");
      }
    }
  });

  it('accepts nesting up to the limit in data it ignores, and refuses one level more', () => {
    const atLimit = JSON.parse(
      `{"schemas":["${CORE_USER_SCHEMA}"],"userName":"u","x":${nestedText(MAX_BODY_DEPTH - 1, 'object')}}`,
    );
    expect(attempt('User', atLimit)?.resource).toEqual({ userName: 'u' });
    const over = JSON.parse(
      `{"schemas":["${CORE_USER_SCHEMA}"],"userName":"u","x":${nestedText(MAX_BODY_DEPTH, 'object')}}`,
    );
    expectRefused('User', over, 'invalidSyntax');
  });

  it(
    'keeps a Unicode userName exactly as sent: no case folding, no normalisation, nothing stripped',
    () => {
      fc.assert(
        fc.property(trickyString, (userName) => {
          const result = attempt('User', { schemas: [CORE_USER_SCHEMA], userName });
          expect(result?.resource.userName).toBe(userName);
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it('handles very long values, very many attributes and prototype keys without trouble', () => {
    const long = 'x'.repeat(1_000_000);
    expect(attempt('User', { schemas: [CORE_USER_SCHEMA], userName: long })?.resource.userName).toBe(long);
    const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`unknown${index}`, index]));
    expect(attempt('User', { schemas: [CORE_USER_SCHEMA], userName: 'u', ...many })?.ignored).toHaveLength(
      20_000,
    );
    const emails = Array.from({ length: 10_000 }, (_, index) => ({ value: `u${index}@x.io` }));
    expect(
      attempt('User', { schemas: [CORE_USER_SCHEMA], userName: 'u', emails })?.resource.emails,
    ).toHaveLength(10_000);

    const polluting = JSON.parse(
      `{"schemas":["${CORE_USER_SCHEMA}"],"userName":"u","__proto__":{"polluted":true},"name":{"__proto__":{"polluted":true}}}`,
    );
    const result = attempt('User', polluting);
    expect(result?.resource).toEqual({ userName: 'u' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('projection under hostile query parameters', () => {
  const full = {
    schemas: [CORE_USER_SCHEMA],
    userName: 'alice@example.com',
    name: { givenName: 'Alice', familyName: 'Smith' },
    emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
    [ENTERPRISE_USER_SCHEMA]: { department: 'Sales', manager: { value: 'boss' } },
  };
  const selection = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc
      .array(
        fc.constantFrom(
          'userName',
          'name.givenName',
          'emails.value',
          ENTERPRISE_USER_SCHEMA,
          `${ENTERPRISE_USER_SCHEMA}:manager.value`,
          'id',
          'meta',
          ',',
          ' ',
          '.',
          ':',
          ...TRICKY,
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join('')),
    fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
  );

  it(
    'never throws, always keeps id and schemas, and never invents attributes',
    () => {
      fc.assert(
        fc.property(
          fc.option(selection, { nil: undefined }),
          fc.option(selection, { nil: undefined }),
          (attributes, excludedAttributes) => {
            const input = deepFreeze(structuredClone(full));
            const shown = toRepresentation(
              'User',
              {
                id: 'u1',
                resource: input,
                meta: { created: 'c', lastModified: 'm', version: 1 },
                baseUrl: 'https://x/scim/v2',
              },
              {
                ...(attributes !== undefined && { attributes }),
                ...(excludedAttributes !== undefined && { excludedAttributes }),
              },
            );
            expect(shown.id).toBe('u1');
            expect(shown.schemas).toContain(CORE_USER_SCHEMA);
            for (const key of Object.keys(shown))
              expect(['id', 'schemas', 'meta', ...Object.keys(full)]).toContain(key);
            expect(input).toEqual(full);
          },
        ),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
