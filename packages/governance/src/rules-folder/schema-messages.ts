/**
 * Turns ajv's errors into plain explanations. Ajv says *what keyword* failed; a person editing rules needs to
 * hear *what to write instead*, so the common keywords get sentences that name the allowed values.
 */
import type { ErrorObject } from 'ajv';
import { childPointer, type Finding } from './finding.ts';

export function schemaFindings(errors: readonly ErrorObject[]): Finding[] {
  // `if` errors only repeat the failure of their `then`; anyOf alternatives are summarised by the anyOf error.
  const anyOf = anyOfAlternatives(errors);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (anyOf.enclosing(error) !== undefined) continue;
    const finding = describe(error, anyOf);
    const key = `${finding.pointer}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

/**
 * Which anyOf error each error is an alternative of, found by the anyOf's schema path and instance: ajv gives
 * every array item the same schema path, so matching on the schema path alone mixed the alternatives of all
 * items into each message (and, with 10,000 items, built 10,000 messages of 20,000 names each).
 */
interface AnyOfIndex {
  /** The anyOf error `error` is an alternative of, if any. */
  enclosing(error: ErrorObject): ErrorObject | undefined;
  /** The properties the alternatives of `anyOf` required, each once. */
  requiredBy(anyOf: ErrorObject): string[];
}

function anyOfAlternatives(errors: readonly ErrorObject[]): AnyOfIndex {
  const byPlace = new Map<string, ErrorObject>();
  const anyOfSchemaPaths = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf') continue;
    byPlace.set(placeKey(error.instancePath, error.schemaPath), error);
    anyOfSchemaPaths.add(error.schemaPath);
  }
  const enclosing = (error: ErrorObject): ErrorObject | undefined => {
    if (byPlace.size === 0) return undefined;
    for (const schemaPath of prefixes(error.schemaPath)) {
      if (!anyOfSchemaPaths.has(schemaPath)) continue;
      for (const instancePath of [error.instancePath, ...prefixes(error.instancePath)]) {
        const found = byPlace.get(placeKey(instancePath, schemaPath));
        if (found) return found;
      }
    }
    return undefined;
  };
  const required = new Map<ErrorObject, Set<string>>();
  for (const error of errors) {
    if (error.keyword !== 'required') continue;
    const parent = enclosing(error);
    if (parent === undefined || parent.instancePath !== error.instancePath) continue;
    const names = required.get(parent) ?? new Set<string>();
    names.add(String((error.params as { missingProperty?: unknown }).missingProperty));
    required.set(parent, names);
  }
  return { enclosing, requiredBy: (anyOf) => [...(required.get(anyOf) ?? [])] };
}

function placeKey(instancePath: string, schemaPath: string): string {
  return `${instancePath}\u0000${schemaPath}`;
}

/** The proper prefixes of a `/`-separated path, longest first: `#/a/b/c` -> `#/a/b`, `#/a`, `#`. */
function prefixes(path: string): string[] {
  const result: string[] = [];
  for (let slash = path.lastIndexOf('/'); slash >= 0; slash = path.lastIndexOf('/', slash - 1)) {
    result.push(path.slice(0, slash));
    if (slash === 0) break;
  }
  return result;
}

function describe(error: ErrorObject, anyOf: AnyOfIndex): Finding {
  const params = error.params as Record<string, unknown>;
  const where = error.instancePath;
  const field = lastSegment(where);
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      if (field === 'conditions' && missing === 'all') {
        return { pointer: where, message: "conditions must be an object with 'all', 'any' or 'not'" };
      }
      return { pointer: where, message: `missing required property '${missing}'` };
    }
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema as { properties?: object } | undefined)?.properties ?? {},
      );
      const hint = allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : '';
      return {
        pointer: childPointer(where, property),
        atKey: true,
        message: `unknown property '${property}'${hint}`,
      };
    }
    case 'anyOf': {
      const alternatives = anyOf.requiredBy(error).map((name) => `'${name}'`);
      const message =
        alternatives.length > 0
          ? `needs at least one of the properties ${alternatives.join(' or ')}`
          : 'does not match any of the allowed shapes';
      return { pointer: where, message };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ');
      return {
        pointer: where,
        message: `${label(field)}${found(error)} is not allowed: use one of ${allowed}`,
      };
    }
    case 'const':
      return {
        pointer: where,
        message: `${label(field)}${found(error)} must be ${JSON.stringify(params.allowedValue)}`,
      };
    case 'type':
      return {
        pointer: where,
        message: `${label(field)} must be ${article(String(params.type))}${found(error)}`,
      };
    case 'pattern':
      return { pointer: where, message: describePattern(field, error) };
    case 'minLength':
      return { pointer: where, message: `${label(field)} must not be empty` };
    case 'minItems':
      return {
        pointer: where,
        message: `${label(field)} must list at least ${String(params.limit)} item(s)`,
      };
    case 'minimum':
      return { pointer: where, message: `${label(field)} must be at least ${String(params.limit)}` };
    default:
      return { pointer: where, message: `${label(field)} ${error.message ?? 'is invalid'}` };
  }
}

function describePattern(field: string, error: ErrorObject): string {
  const value = JSON.stringify(error.data);
  if (field === 'operator') {
    return (
      `unknown operator ${value}: use equal, notEqual, lessThan, lessThanInclusive, greaterThan, ` +
      'greaterThanInclusive, in, notIn, contains, doesNotContain or isEmpty (optionally prefixed by not:, ' +
      'someFact:, everyFact:, someValue:, everyValue: or swap:)'
    );
  }
  if (field === 'path') {
    return `path ${value} is not a simple JSONPath: write $.field.subfield, $.list[0] or $['urn:...'].field`;
  }
  if (field === 'reason')
    return `reason ${value} must be kebab-case (lower-case words joined by '-'), e.g. no-roles`;
  return `${label(field)} ${value} does not match the pattern ${String((error.params as { pattern?: unknown }).pattern)}`;
}

function lastSegment(pointer: string): string {
  const segment = pointer.slice(pointer.lastIndexOf('/') + 1);
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** How to name the value in a sentence: its property name, or "the value" for array items and the document. */
function label(field: string): string {
  return field === '' || /^[0-9]+$/.test(field) ? 'the value' : `'${field}'`;
}

function found(error: ErrorObject): string {
  const data = error.data;
  if (data === undefined) return '';
  const shown =
    typeof data === 'object' && data !== null
      ? Array.isArray(data)
        ? 'an array'
        : 'an object'
      : JSON.stringify(data);
  return ` (found ${shown})`;
}

function article(type: string): string {
  if (type === 'object' || type === 'array' || type === 'integer') return `an ${type}`;
  return `a ${type}`;
}
