/**
 * Reading an attribute path out of a SCIM resource held as JSON, with the RFC's rules: attribute names and schema
 * URIs are case-insensitive (RFC 7643 section 2.1), extension attributes live in an object keyed by the
 * extension's URN, and a multi-valued attribute stands for all of its elements.
 */
import type { AttrPath } from './ast.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `object[name]`, matching the key case-insensitively when there is no exact match. */
export function getAttribute(object: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const lowerName = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lowerName) return object[key];
  }
  return undefined;
}

const CORE_SCHEMA_PREFIX = 'urn:ietf:params:scim:schemas:core:';

/** The object a path's attribute lives in: the resource itself, or the extension object its URI names. */
function containerOf(
  resource: Record<string, unknown>,
  uri: string | undefined,
): Record<string, unknown> | undefined {
  if (uri === undefined) return resource;
  const extension = getAttribute(resource, uri);
  if (isRecord(extension)) return extension;
  // Core attributes may be qualified with their schema (`urn:...:core:2.0:User:userName`) but live at the top.
  return uri.toLowerCase().startsWith(CORE_SCHEMA_PREFIX) ? resource : undefined;
}

/** An attribute value as a list of values: absent and null are none, a multi-valued attribute is its elements. */
function asValues(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Every value `path` denotes in `resource`, flattened: `emails.value` on a user with two emails gives both
 * addresses; an absent attribute gives `[]`.
 */
export function readAttrPath(resource: Record<string, unknown>, path: AttrPath): unknown[] {
  const container = containerOf(resource, path.uri);
  if (container === undefined) return [];
  const values = asValues(getAttribute(container, path.attr));
  const { sub } = path;
  if (sub === undefined) return values;
  return values.flatMap((value) => (isRecord(value) ? asValues(getAttribute(value, sub)) : []));
}

/**
 * `pr` semantics (RFC 7644 section 3.4.2.2): a value is present unless it is null, an empty string, an empty
 * list, or a complex value none of whose sub-attributes is present.
 */
export function isPresentValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresentValue);
  if (isRecord(value)) return Object.values(value).some(isPresentValue);
  return true;
}
