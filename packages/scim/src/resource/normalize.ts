/**
 * From a client's POST/PUT body to the canonical resource the store keeps. Lenient at the edge, strict after:
 * names are matched case-insensitively and written in schema case, extension objects are keyed by their URN,
 * nulls mean absent, read-only and unknown data is dropped (and reported in `ignored`), Entra's string booleans
 * are coerced; then the result is validated against the JSON Schema derived from the declarations.
 */
import { invalidSyntax, invalidValue } from '../errors.ts';
import { findAttribute, findSchema, getResourceType, type ResolvedAttribute } from '../schema/registry.ts';
import type { ResourceTypeDefinition, ResourceTypeName } from '../schema/types.ts';
import { ENTERPRISE_USER_SCHEMA } from '../schema/urns.ts';
import { canonicalizeValue } from './canonicalize.ts';
import { describeValue, isJsonObject, type JsonObject, jsonTypeOf } from './json.ts';
import { checkNestingDepth } from './nesting.ts';
import { validateResource } from './validate.ts';

export interface NormalizedResource {
  /**
   * Canonical attributes in schema case; extension attributes under `resource[<extension URN>]`. Holds no
   * `schemas`, `id`, `meta`, read-only or write-only attributes: the server supplies those.
   */
  resource: JsonObject;
  /** What was dropped on purpose and why, e.g. `password (write-only, not stored)`, for the server's log. */
  ignored: string[];
}

/**
 * Normalises and validates a POST or PUT body. Throws ScimError 400: `invalidSyntax` when the body is not a JSON
 * object or nests deeper than any resource could, `invalidValue` for a missing core schema, a wrong type, a
 * missing required attribute or two primaries.
 */
export function normalizeResource(resourceType: ResourceTypeName, body: unknown): NormalizedResource {
  const type = getResourceType(resourceType);
  if (!isJsonObject(body)) {
    throw invalidSyntax(
      `The request body must be a JSON object holding a SCIM ${type.name} resource; got ${jsonTypeOf(body)}.`,
    );
  }
  checkNestingDepth(body);
  checkSchemas(type, body);
  const builder = new ResourceBuilder(type);
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    builder.addTopLevel(key, value);
  }
  const resource = builder.build();
  validateResource(resourceType, resource);
  return { resource, ignored: builder.ignored };
}

/**
 * `schemas` must list the resource's core schema (RFC 7643 section 3), or a legacy alias of it (OneLogin's
 * `urn:scim:schemas:core:1.0`, see urns.ts). Other URNs, known or not, are tolerated: Entra sends
 * `http://schemas.microsoft.com/.../ADSCIM/2.0/Group` and typos such as `...enterprise:2.0User`.
 */
function checkSchemas(type: ResourceTypeDefinition, body: JsonObject): void {
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'schemas');
  const schemas = key === undefined ? undefined : body[key];
  const listed =
    Array.isArray(schemas) &&
    schemas.every((uri) => typeof uri === 'string') &&
    schemas.some((uri) => findSchema(type, String(uri))?.extension === false);
  if (!listed) {
    throw invalidValue(
      `Attribute 'schemas' must be an array of schema URIs that includes "${type.schema.id}"; got ` +
        `${describeValue(schemas)}.`,
    );
  }
}

/** Collects canonical values, core and per extension, checking that no attribute is given twice. */
class ResourceBuilder {
  readonly ignored: string[] = [];
  private readonly core: JsonObject = {};
  private readonly extensions = new Map<string, JsonObject>();

  constructor(private readonly type: ResourceTypeDefinition) {}

  addTopLevel(key: string, value: unknown): void {
    const schema = findSchema(this.type, key);
    if (schema) {
      // An object keyed by a schema URN holds that schema's attributes (normally an extension).
      this.addSchemaObject(schema.schema.id, schema.extension, key, value);
      return;
    }
    const resolved = findAttribute(this.type, key);
    if (!resolved || (resolved.sub && resolved.attribute.multiValued)) {
      if (value !== null) this.ignored.push(`${key} (${unknownReason(this.type, key)})`);
      return;
    }
    this.place(resolved, value, key);
  }

  build(): JsonObject {
    const resource: JsonObject = { ...this.core };
    for (const [uri, values] of this.extensions) {
      if (Object.keys(values).length > 0) resource[uri] = values;
    }
    return resource;
  }

  private addSchemaObject(uri: string, extension: boolean, key: string, value: unknown): void {
    if (value === null) return;
    if (!isJsonObject(value)) {
      throw invalidValue(`Attribute '${key}' must be a JSON object holding the attributes of ${uri}.`);
    }
    for (const [name, inner] of Object.entries(value)) {
      const resolved = findAttribute(this.type, { uri, attr: name });
      if (!resolved || resolved.sub) {
        if (inner !== null) this.ignored.push(`${uri}:${name} (not an attribute of ${uri})`);
        continue;
      }
      this.place(resolved, inner, extension ? `${uri}:${resolved.attribute.name}` : resolved.attribute.name);
    }
  }

  /** Stores one attribute (or one sub-attribute, for `name.givenName`-style keys) in its canonical spot. */
  private place(resolved: ResolvedAttribute, value: unknown, label: string): void {
    const container = this.containerFor(resolved);
    const { attribute, sub } = resolved;
    const isManager = resolved.schema.id === ENTERPRISE_USER_SCHEMA && attribute.name === 'manager' && !sub;
    const given = isManager ? managerIdAsValue(value) : value;
    let canonical = canonicalizeValue(sub ?? attribute, given, { path: label, ignored: this.ignored });
    if (canonical === undefined) return;
    if (isManager) canonical = managerAsValue(canonical);
    if (sub) {
      const parent = container[attribute.name] ?? {};
      if (!isJsonObject(parent)) return;
      assignOnce(parent, sub.name, canonical, label);
      container[attribute.name] = parent;
      return;
    }
    assignOnce(container, attribute.name, canonical, label);
  }

  private containerFor(resolved: ResolvedAttribute): JsonObject {
    if (!resolved.extension) return this.core;
    let values = this.extensions.get(resolved.schema.id);
    if (!values) {
      values = {};
      this.extensions.set(resolved.schema.id, values);
    }
    return values;
  }
}

/** The same attribute twice (different case, or top-level and inside its extension) with different values. */
function assignOnce(container: JsonObject, name: string, value: unknown, label: string): void {
  if (name in container && JSON.stringify(container[name]) !== JSON.stringify(value)) {
    throw invalidValue(
      `Attribute '${label}' is given twice with different values (names are case-insensitive, and an ` +
        'extension attribute may appear either at the top level or inside its extension object, not both).',
    );
  }
  container[name] = value;
}

/**
 * SCIM 1.1's enterprise extension names the manager's id `managerId` (SCIM 1.1 section 10), and OneLogin's
 * templates still send it: it is the 2.0 `manager.value`.
 */
function managerIdAsValue(value: unknown): unknown {
  if (!isJsonObject(value) || value.value !== undefined) return value;
  const key = Object.keys(value).find((name) => name.toLowerCase() === 'managerid');
  if (key === undefined) return value;
  const { [key]: managerId, ...rest } = value;
  return { ...rest, value: managerId };
}

/** The connector keeps `manager` as `{value}` only, the shape Entra reads back. */
function managerAsValue(value: unknown): unknown {
  if (!isJsonObject(value) || !('value' in value)) return value;
  return { value: value.value };
}

function unknownReason(type: ResourceTypeDefinition, key: string): string {
  return key.includes(':') ? 'unknown schema or attribute' : `not an attribute of ${type.name}`;
}
