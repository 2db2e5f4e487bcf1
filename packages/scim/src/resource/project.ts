/**
 * Output shaping: the SCIM representation of a stored resource (schemas, id, meta, attributes, extensions), cut
 * down by `attributes` / `excludedAttributes` following each attribute's `returned` facet (RFC 7643 section 7,
 * RFC 7644 section 3.4.2.5). Never emits null values or write-only attributes such as `password`.
 */
import { commonAttributes } from '../schema/definitions.ts';
import { findNamed, getResourceType } from '../schema/registry.ts';
import type { AttributeDefinition, ResourceTypeDefinition, ResourceTypeName } from '../schema/types.ts';
import type { ResourceMeta } from '../store/port.ts';
import { isJsonObject, type JsonObject } from './json.ts';
import { type AttributeSelection, parseSelection, selectedSubs, selectsWhole } from './selection.ts';

export interface ProjectionOptions {
  /** RFC 7644 `attributes`: the raw comma-separated query value or a list. */
  attributes?: string | readonly string[];
  /** RFC 7644 `excludedAttributes`, e.g. `members` (Entra ID excludes it on every group lookup). */
  excludedAttributes?: string | readonly string[];
}

export interface RepresentationInput {
  id: string;
  /** Canonical attributes; any `schemas`, `id` or `meta` inside are replaced by the ones built here. */
  resource: JsonObject;
  meta: Pick<ResourceMeta, 'created' | 'lastModified' | 'version'>;
  /** The SCIM base URL, e.g. `https://connector.example.com/scim/v2`, for `meta.location`. */
  baseUrl: string;
}

/** The weak ETag of a resource version, as `meta.version` and the `ETag` header carry it. */
export function versionTag(version: number): string {
  return `W/"${version}"`;
}

/** `<baseUrl>/<Users|Groups>/<id>`. */
export function resourceLocation(baseUrl: string, resourceType: ResourceTypeName, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${getResourceType(resourceType).endpoint}/${encodeURIComponent(id)}`;
}

/** Builds the full representation, then applies the projection. */
export function toRepresentation(
  resourceType: ResourceTypeName,
  input: RepresentationInput,
  projection: ProjectionOptions = {},
): JsonObject {
  const type = getResourceType(resourceType);
  const { schemas: _schemas, id: _id, meta: _meta, ...attributes } = input.resource;
  const full: JsonObject = {
    id: input.id,
    meta: {
      resourceType: type.name,
      created: input.meta.created,
      lastModified: input.meta.lastModified,
      location: resourceLocation(input.baseUrl, resourceType, input.id),
      version: versionTag(input.meta.version),
    },
    ...attributes,
  };
  return project(type, full, projection);
}

/** Applies `attributes` / `excludedAttributes` to a full representation and sets its `schemas` list. */
export function project(
  type: ResourceTypeDefinition,
  full: JsonObject,
  projection: ProjectionOptions = {},
): JsonObject {
  const requested = parseSelection(type, projection.attributes);
  const excluded = parseSelection(type, projection.excludedAttributes);
  const core = projectScope(
    type.schema.id,
    [...commonAttributes, ...type.schema.attributes],
    full,
    requested,
    excluded,
  );
  const schemas = [type.schema.id];
  const extensions: JsonObject = {};
  for (const extension of type.extensions) {
    const values = full[extension.schema.id];
    if (!isJsonObject(values)) continue;
    const projected = projectScope(
      extension.schema.id,
      extension.schema.attributes,
      values,
      requested,
      excluded,
    );
    if (Object.keys(projected).length === 0) continue;
    schemas.push(extension.schema.id);
    extensions[extension.schema.id] = projected;
  }
  return { schemas, ...core, ...extensions };
}

function projectScope(
  schemaId: string,
  attributes: readonly AttributeDefinition[],
  values: JsonObject,
  requested: AttributeSelection | undefined,
  excluded: AttributeSelection | undefined,
): JsonObject {
  const result: JsonObject = {};
  // Output follows the declaration order, which also drops any undeclared data a stored resource might hold.
  for (const attribute of attributes) {
    const value = withoutNulls(values[attribute.name]);
    if (value === undefined) continue;
    const shaped = shapeAttribute(schemaId, attribute, value, requested, excluded);
    if (shaped !== undefined) result[attribute.name] = shaped;
  }
  return result;
}

function shapeAttribute(
  schemaId: string,
  attribute: AttributeDefinition,
  value: unknown,
  requested: AttributeSelection | undefined,
  excluded: AttributeSelection | undefined,
): unknown {
  if (attribute.returned === 'never') return undefined;
  if (attribute.returned === 'always') return keepSubs(attribute, value, () => true);
  let keepSub: (sub: AttributeDefinition) => boolean = (sub) =>
    sub.returned === 'default' || sub.returned === 'always';
  if (requested) {
    if (!selectsWhole(requested, schemaId, attribute.name)) {
      const subs = selectedSubs(requested, schemaId, attribute.name);
      if (subs.length === 0) return undefined;
      keepSub = (sub) => sub.returned === 'always' || subs.includes(sub.name);
    }
  } else if (attribute.returned === 'request') {
    return undefined;
  }
  if (excluded) {
    if (selectsWhole(excluded, schemaId, attribute.name)) return undefined;
    const subs = selectedSubs(excluded, schemaId, attribute.name);
    const before = keepSub;
    keepSub = (sub) => before(sub) && (sub.returned === 'always' || !subs.includes(sub.name));
  }
  return keepSubs(attribute, value, keepSub);
}

/** For complex attributes, keeps the chosen sub-attributes of the value (of each element, when multi-valued). */
function keepSubs(
  attribute: AttributeDefinition,
  value: unknown,
  keep: (sub: AttributeDefinition) => boolean,
): unknown {
  if (attribute.type !== 'complex') return value;
  const shapeOne = (element: unknown): unknown => {
    if (!isJsonObject(element)) return element;
    const kept: JsonObject = {};
    for (const [name, inner] of Object.entries(element)) {
      const sub = findNamed(attribute.subAttributes, name);
      if (sub && sub.returned !== 'never' && keep(sub)) kept[sub.name] = inner;
    }
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  if (!Array.isArray(value)) return shapeOne(value);
  const shaped = value.map(shapeOne).filter((element) => element !== undefined);
  return shaped.length === 0 && value.length > 0 ? undefined : shaped;
}

/** Drops nulls at every depth and objects left empty; arrays stay (an empty `members` list is meaningful). */
function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(withoutNulls).filter((element) => element !== undefined);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    const cleaned = withoutNulls(inner);
    if (cleaned !== undefined) result[key] = cleaned;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
