/**
 * Look-ups over the declarations: which attribute a path names, and its facets. Attribute names and schema URNs
 * match case-insensitively (RFC 7643 section 2.1), and a schema also answers to the legacy URNs in urns.ts.
 */
import { commonAttributes, groupResourceType, schemas, userResourceType } from './definitions.ts';
import type {
  AttributeDefinition,
  ResourceTypeDefinition,
  ResourceTypeName,
  SchemaDefinition,
} from './types.ts';
import {
  CORE_GROUP_SCHEMA,
  CORE_SCHEMA_ALIASES,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_ALIASES,
} from './urns.ts';

/** An attribute reference as the filter parser produces it; `attr` may also be a whole path string. */
export interface AttributeLookup {
  uri?: string;
  attr: string;
  sub?: string;
}

export interface ResolvedAttribute {
  /** The schema declaring the attribute (the core schema for `id`, `externalId`, `meta`). */
  schema: SchemaDefinition;
  /** True when `schema` is an extension of the resource type, i.e. the value lives under its URN key. */
  extension: boolean;
  /** The top-level attribute. */
  attribute: AttributeDefinition;
  /** The sub-attribute, when the path names one. */
  sub?: AttributeDefinition;
  /** Where the path ends: `sub` when present, else `attribute`. */
  target: AttributeDefinition;
}

const byName: Record<ResourceTypeName, ResourceTypeDefinition> = {
  User: userResourceType,
  Group: groupResourceType,
};

export function getResourceType(name: ResourceTypeName): ResourceTypeDefinition {
  return byName[name];
}

/** A resource type by name or endpoint, case-insensitively (`users`, `/Users`); undefined when unknown. */
export function findResourceType(nameOrEndpoint: string): ResourceTypeDefinition | undefined {
  const wanted = nameOrEndpoint.toLowerCase().replace(/^\//, '');
  return Object.values(byName).find(
    (type) => type.name.toLowerCase() === wanted || type.endpoint.toLowerCase() === `/${wanted}`,
  );
}

/** Any schema this server declares, by URN (case-insensitive). */
export function getSchema(uri: string): SchemaDefinition | undefined {
  const wanted = uri.toLowerCase();
  return schemas.find((schema) => schema.id.toLowerCase() === wanted);
}

/** The core schema or one of the extensions of `resourceType`, by URN (case-insensitive). */
export function findSchema(
  resourceType: ResourceTypeName | ResourceTypeDefinition,
  uri: string,
): { schema: SchemaDefinition; extension: boolean } | undefined {
  const type = typeof resourceType === 'string' ? getResourceType(resourceType) : resourceType;
  const wanted = uri.toLowerCase();
  for (const candidate of schemasOf(type)) {
    if (namesOf(candidate.schema).includes(wanted)) return candidate;
  }
  return undefined;
}

/** The resource type's core schema, then its extensions. */
function schemasOf(type: ResourceTypeDefinition): { schema: SchemaDefinition; extension: boolean }[] {
  return [
    { schema: type.schema, extension: false },
    ...type.extensions.map((ext) => ({ schema: ext.schema, extension: true })),
  ];
}

/** The lower-cased URNs a schema answers to: its id, then the legacy aliases clients send for it. */
function namesOf(schema: SchemaDefinition): readonly string[] {
  let names = schemaNames.get(schema.id);
  if (names === undefined) {
    const aliases =
      schema.id === ENTERPRISE_USER_SCHEMA
        ? ENTERPRISE_USER_SCHEMA_ALIASES
        : schema.id === CORE_USER_SCHEMA || schema.id === CORE_GROUP_SCHEMA
          ? CORE_SCHEMA_ALIASES
          : [];
    names = [schema.id.toLowerCase(), ...aliases];
    schemaNames.set(schema.id, names);
  }
  return names;
}

const schemaNames = new Map<string, readonly string[]>();

export function findNamed(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return attributes?.find((attr) => attr.name.toLowerCase() === wanted);
}

/**
 * Resolves `{uri?, attr, sub?}` (or a path string such as `name.givenName` or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`) to its declaration.
 * A URN prefix may come in `uri` or at the front of `attr`; the core URN prefix is accepted too. An unqualified
 * name is looked up in the core schema first, then in the extensions. Undefined when nothing matches.
 */
export function findAttribute(
  resourceType: ResourceTypeName | ResourceTypeDefinition,
  path: AttributeLookup | string,
): ResolvedAttribute | undefined {
  const type = typeof resourceType === 'string' ? getResourceType(resourceType) : resourceType;
  const lookup = typeof path === 'string' ? { attr: path } : path;
  let uri = lookup.uri;
  let rest = lookup.attr;
  if (uri === undefined) {
    const split = splitUrnPrefix(type, rest);
    if (split === null) return undefined;
    uri = split.uri;
    rest = split.rest;
  }
  let attrName = rest;
  let subName = lookup.sub;
  if (subName === undefined) {
    const dot = rest.indexOf('.');
    if (dot >= 0) {
      attrName = rest.slice(0, dot);
      subName = rest.slice(dot + 1);
    }
  }

  const candidates = candidateSchemas(type, uri);
  if (candidates === undefined) return undefined;
  for (const { schema, extension } of candidates) {
    const pool = extension ? schema.attributes : [...schema.attributes, ...commonAttributes];
    const attribute = findNamed(pool, attrName);
    if (!attribute) continue;
    if (subName === undefined) return { schema, extension, attribute, target: attribute };
    const sub = findNamed(attribute.subAttributes, subName);
    return sub ? { schema, extension, attribute, sub, target: sub } : undefined;
  }
  return undefined;
}

/** Whether the attribute compares case-sensitively; false for unknown attributes (the RFC default). */
export function isCaseExact(
  resourceType: ResourceTypeName | ResourceTypeDefinition,
  path: AttributeLookup | string,
): boolean {
  return findAttribute(resourceType, path)?.target.caseExact ?? false;
}

/** Whether the path can reach several values: the attribute (or, for `a.b`, either part) is multi-valued. */
export function isMultiValued(
  resourceType: ResourceTypeName | ResourceTypeDefinition,
  path: AttributeLookup | string,
): boolean {
  const found = findAttribute(resourceType, path);
  return found ? found.attribute.multiValued || (found.sub?.multiValued ?? false) : false;
}

/**
 * Splits a leading schema URN off `attr` (`urn:...:User:manager` -> uri, `manager`). `uri` stays undefined when
 * there is no URN; null when it looks like a URN of a schema this resource type does not have.
 */
function splitUrnPrefix(
  type: ResourceTypeDefinition,
  attr: string,
): { uri: string | undefined; rest: string } | null {
  if (!attr.includes(':')) return { uri: undefined, rest: attr };
  const lower = attr.toLowerCase();
  for (const { schema } of schemasOf(type)) {
    for (const name of namesOf(schema)) {
      if (lower.startsWith(`${name}:`)) return { uri: schema.id, rest: attr.slice(name.length + 1) };
    }
  }
  return null;
}

function candidateSchemas(
  type: ResourceTypeDefinition,
  uri: string | undefined,
): { schema: SchemaDefinition; extension: boolean }[] | undefined {
  if (uri !== undefined) {
    const found = findSchema(type, uri);
    return found ? [found] : undefined;
  }
  return schemasOf(type);
}
