/**
 * Turns one client-supplied attribute value into its canonical form, driven by the attribute's declaration:
 * sub-attribute names in schema case, nulls removed, read-only and write-only values dropped, Entra's string
 * booleans coerced. Type errors are left in place on purpose: validation (validate.ts) reports them with the
 * attribute's path, so this step never guesses at a value it does not understand.
 */
import { invalidValue } from '../errors.ts';
import { findNamed } from '../schema/registry.ts';
import type { AttributeDefinition } from '../schema/types.ts';
import { isJsonObject, type JsonObject } from './json.ts';
import { coerceStringBoolean } from './string-boolean.ts';

export interface CanonicalizeOptions {
  /** Where the value sits, for messages, e.g. `emails[0]` or `urn:...:User:manager`. */
  path: string;
  /** Receives a note for every value dropped on purpose (read-only, write-only, unknown sub-attribute). */
  ignored: string[];
  /** The value is one element of a multi-valued attribute rather than the whole array. */
  element?: boolean;
}

/** The canonical value, or undefined when the value is absent (null, empty, or dropped). */
export function canonicalizeValue(
  definition: AttributeDefinition,
  value: unknown,
  options: CanonicalizeOptions,
): unknown {
  if (value === null || value === undefined) return undefined;
  const { path, ignored } = options;
  if (definition.mutability === 'readOnly') {
    ignored.push(`${path} (read-only)`);
    return undefined;
  }
  // The only write-only attribute is `password`: the connector provisions sign-in through the platform and
  // never keeps a password, so it is accepted (Okta always sends one) and discarded here.
  if (definition.mutability === 'writeOnly') {
    ignored.push(`${path} (write-only, not stored)`);
    return undefined;
  }
  if (definition.multiValued && !options.element) {
    if (typeof value === 'string' && acceptsPlainStrings(definition)) value = [value];
    // OneLogin's templates send a one-element list as the element itself (`"emails": {"value": ...}`).
    if (definition.type === 'complex' && isJsonObject(value)) value = [value];
    if (!Array.isArray(value)) return value;
    const elements = value
      .map((element, index) => canonicalizeSingle(definition, element, `${path}[${index}]`, ignored))
      .filter((element) => element !== undefined);
    return elements.length > 0 ? elements : undefined;
  }
  return canonicalizeSingle(definition, value, path, ignored);
}

function canonicalizeSingle(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  ignored: string[],
): unknown {
  if (value === null || value === undefined) return undefined;
  if (definition.type === 'boolean') return coerceStringBoolean(value);
  if (definition.type !== 'complex') return value;
  return canonicalizeComplex(definition, unwrapReference(definition, value), path, ignored);
}

/**
 * Okta sends custom array attributes as plain strings (`roles: ["A", "B"]`, or one string). For the attributes that
 * are only a list of names, each string means `{value}`; emails, phones and addresses stay strict.
 */
const PLAIN_STRING_LISTS = new Set(['roles', 'entitlements']);

function acceptsPlainStrings(definition: AttributeDefinition): boolean {
  return definition.multiValued && PLAIN_STRING_LISTS.has(definition.name);
}

/**
 * A single-valued complex attribute with a `value` sub-attribute (the enterprise `manager`) also arrives as a bare
 * string or as a one-element array (Entra ID sends both); both mean `{value}`. An empty string means no value.
 */
function unwrapReference(definition: AttributeDefinition, value: unknown): unknown {
  if (acceptsPlainStrings(definition))
    return typeof value === 'string' ? (value === '' ? null : { value }) : value;
  if (definition.multiValued || !findNamed(definition.subAttributes, 'value')) return value;
  if (Array.isArray(value) && value.length === 1) return unwrapReference(definition, value[0]);
  if (typeof value === 'string') return value === '' ? null : { value };
  return value;
}

function canonicalizeComplex(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  ignored: string[],
): unknown {
  if (value === null) return undefined;
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findNamed(definition.subAttributes, key);
    if (!sub) {
      if (raw !== null) ignored.push(`${path}.${key} (not a sub-attribute of ${definition.name})`);
      continue;
    }
    const canonical = canonicalizeValue(sub, raw, { path: `${path}.${sub.name}`, ignored });
    if (canonical === undefined) continue;
    if (sub.name in result) {
      throw invalidValue(`Attribute '${path}.${sub.name}' is given twice (names differing only in case).`);
    }
    result[sub.name] = canonical;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
