/**
 * The strict half: a value must have its attribute's declared type once normalisation has run. Checked values
 * come back with sub-attribute names in their declared case and read-only sub-attributes dropped (clients echo
 * them, e.g. manager.displayName). `null` inside a complex value stays, meaning "unassign this sub-attribute"
 * (RFC 7643 section 2.5); `withoutNulls` strips those markers from new elements.
 */
import { isDeepStrictEqual } from 'node:util';
import { invalidValue } from '../errors.ts';
import { type AttributeDefinition, findNamed } from '../schema/index.ts';
import { describeJsonType, isPlainObject } from './json.ts';

export type JsonObject = Record<string, unknown>;

/** One value of `def` (one element, when `def` is multi-valued). */
export function checkSingle(def: AttributeDefinition, value: unknown, where: string): unknown {
  if (def.type === 'complex') return checkComplex(def, value, where);
  if (!hasType(def, value)) {
    throw invalidValue(`"${where}" must be ${expectedType(def)}, got ${describeJsonType(value)}.`);
  }
  return value;
}

/** Every element of a multi-valued attribute. */
export function checkMany(def: AttributeDefinition, value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) {
    throw invalidValue(`"${where}" is multi-valued and needs an array, got ${describeJsonType(value)}.`);
  }
  return value.map((item, index) => {
    if (item === null) throw invalidValue(`"${where}[${index}]" is null; leave it out instead.`);
    return checkSingle(def, item, where);
  });
}

export function checkComplex(def: AttributeDefinition, value: unknown, where: string): JsonObject {
  if (!isPlainObject(value)) {
    throw invalidValue(
      `"${where}" is complex and needs an object of its sub-attributes, got ${describeJsonType(value)}.`,
    );
  }
  const out: JsonObject = {};
  for (const [key, subValue] of Object.entries(value)) {
    const sub = findNamed(def.subAttributes, key);
    if (sub === undefined) {
      const known = (def.subAttributes ?? []).map((s) => s.name).join(', ');
      throw invalidValue(`"${where}" has no sub-attribute "${key}"; it has ${known}.`);
    }
    if (sub.mutability === 'readOnly') continue;
    out[sub.name] = subValue === null ? null : checkSingle(sub, subValue, `${where}.${sub.name}`);
  }
  return out;
}

export function withoutNulls(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}

/**
 * Whether two elements of a multi-valued attribute are the same entry: same `value` (honouring caseExact) and,
 * when both carry one, the same `type` (Okta: one value/type combination per attribute). Complex attributes
 * without a `value` sub-attribute (addresses) compare whole.
 */
export function sameElement(def: AttributeDefinition, a: unknown, b: unknown): boolean {
  const valueDef = findNamed(def.subAttributes, 'value');
  if (def.type !== 'complex') return sameScalar(def, a, b);
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  if (valueDef === undefined) return isDeepStrictEqual(withoutNulls(a), withoutNulls(b));
  if (!sameScalar(valueDef, a.value, b.value)) return false;
  const typeDef = findNamed(def.subAttributes, 'type');
  if (typeDef === undefined || a.type === undefined || b.type === undefined) return true;
  return sameScalar(typeDef, a.type, b.type);
}

export function sameScalar(def: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && !def.caseExact)
    return a.toLowerCase() === b.toLowerCase();
  return isDeepStrictEqual(a, b);
}

function hasType(def: AttributeDefinition, value: unknown): boolean {
  switch (def.type) {
    case 'string':
    case 'reference':
    case 'binary':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'dateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'complex':
      return isPlainObject(value);
  }
}

function expectedType(def: AttributeDefinition): string {
  switch (def.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'decimal':
      return 'a number';
    case 'dateTime':
      return 'an ISO 8601 date-time string';
    case 'reference':
      return 'a URI string';
    default:
      return 'a string';
  }
}
