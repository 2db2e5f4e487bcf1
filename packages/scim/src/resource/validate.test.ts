import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { ScimError } from '../errors.ts';
import { commonAttributes, userSchema } from '../schema/definitions.ts';
import { attribute, complex } from '../schema/types.ts';
import { CONNECTOR_USER_SCHEMA, CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../schema/urns.ts';
import { DATE_TIME_PATTERN, objectSchema, resourceJsonSchema } from './json-schema.ts';
import { displayPath, validateResource } from './validate.ts';

describe('derived JSON Schemas', () => {
  it('has one property per declared attribute and extension, plus schemas', () => {
    const schema = resourceJsonSchema('User');
    const properties = Object.keys(schema.properties as object);
    const expected = [
      ...commonAttributes.map((a) => a.name),
      ...userSchema.attributes.map((a) => a.name),
      'schemas',
      ENTERPRISE_USER_SCHEMA,
      CONNECTOR_USER_SCHEMA,
    ];
    expect(properties.sort()).toEqual(expected.sort());
    expect(schema.required).toEqual(['userName']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('maps each SCIM type to a JSON Schema type', () => {
    const schema = objectSchema([
      attribute('s', 'string'),
      attribute('b', 'boolean'),
      attribute('d', 'decimal'),
      attribute('i', 'integer'),
      attribute('t', 'dateTime'),
      attribute('r', 'reference'),
      attribute('m', 'string', { multiValued: true }),
      complex('c', [attribute('x', 'string', { required: true })]),
    ]);
    const validate = new Ajv({ strict: true }).compile(schema);
    expect(
      validate({ s: 'a', b: true, d: 1.5, i: 2, t: '2024-05-01T12:00:00Z', r: 'x', m: ['a'], c: { x: 'y' } }),
    ).toBe(true);
    for (const bad of [
      { b: 'true' },
      { d: 'one' },
      { i: 1.5 },
      { t: 'yesterday' },
      { m: 'a' },
      { c: {} },
      { z: 1 },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts xsd:dateTime forms and refuses dates without time', () => {
    const pattern = new RegExp(DATE_TIME_PATTERN);
    for (const ok of ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.123Z', '2024-05-01T14:00:00+02:00']) {
      expect(pattern.test(ok), ok).toBe(true);
    }
    for (const bad of ['2024-05-01', '12:00:00', '2024-05-01 12:00:00Z'])
      expect(pattern.test(bad), bad).toBe(false);
  });
});

describe('validateResource', () => {
  it('accepts a canonical resource, including one carrying schemas and id', () => {
    expect(() =>
      validateResource('User', {
        schemas: [CORE_USER_SCHEMA],
        id: 'u1',
        userName: 'a',
        emails: [{ value: 'x' }],
      }),
    ).not.toThrow();
  });

  it('rejects undeclared attributes left in a canonical resource', () => {
    expect(() => validateResource('User', { userName: 'a', favouriteColour: 'blue' })).toThrow(
      /has no attribute 'favouriteColour'/,
    );
  });

  it('checks readOnly extension types too (for resources built by the server)', () => {
    const error = (() => {
      try {
        validateResource('User', { userName: 'a', [CONNECTOR_USER_SCHEMA]: { lastSyncedAt: 'soon' } });
      } catch (err) {
        return err as ScimError;
      }
    })();
    expect(error?.detail).toContain(`'${CONNECTOR_USER_SCHEMA}:lastSyncedAt' must be a date-time`);
  });
});

describe('displayPath', () => {
  it.each([
    ['', ''],
    ['/userName', 'userName'],
    ['/emails/0/value', 'emails[0].value'],
    ['/name/givenName', 'name.givenName'],
    [`/${ENTERPRISE_USER_SCHEMA}/manager/value`, `${ENTERPRISE_USER_SCHEMA}:manager.value`],
    ['/members/3', 'members[3]'],
  ])('%s -> %s', (pointer, path) => {
    expect(displayPath(pointer)).toBe(path);
  });
});
