/**
 * JSON Schemas derived from the resource declarations, for ajv. Nothing here is written per attribute: each
 * attribute's type, multiValued, required and subAttributes facets become the matching JSON Schema keywords.
 * The schemas describe a canonical resource (schema-case names, extensions under their URN key).
 */

import { commonAttributes } from '../schema/definitions.ts';
import { getResourceType } from '../schema/registry.ts';
import type { AttributeDefinition, ResourceTypeName } from '../schema/types.ts';

export type JsonSchema = Record<string, unknown>;

/** xsd:dateTime (RFC 7643 section 2.3.5), e.g. 2024-05-01T12:00:00Z or 2024-05-01T14:00:00.123+02:00. */
export const DATE_TIME_PATTERN =
  '^-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$';

function scalarSchema(attribute: AttributeDefinition): JsonSchema {
  switch (attribute.type) {
    case 'boolean':
      return { type: 'boolean' };
    case 'decimal':
      return { type: 'number' };
    case 'integer':
      return { type: 'integer' };
    case 'dateTime':
      return { type: 'string', pattern: DATE_TIME_PATTERN };
    case 'complex':
      return objectSchema(attribute.subAttributes ?? []);
    default:
      // string, reference and binary are JSON strings; a required one must not be empty either.
      return attribute.required ? { type: 'string', minLength: 1 } : { type: 'string' };
  }
}

export function attributeSchema(attribute: AttributeDefinition): JsonSchema {
  const single = scalarSchema(attribute);
  return attribute.multiValued ? { type: 'array', items: single } : single;
}

/** An object whose properties are exactly `attributes`, the required ones required. */
export function objectSchema(attributes: readonly AttributeDefinition[]): JsonSchema {
  const required = attributes.filter((attribute) => attribute.required).map((attribute) => attribute.name);
  return {
    type: 'object',
    properties: Object.fromEntries(
      attributes.map((attribute) => [attribute.name, attributeSchema(attribute)]),
    ),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

/**
 * The schema of a canonical `User` or `Group`: core and common attributes at the top, each extension as an object
 * under its URN, plus `schemas`. Unknown keys are errors here because normalisation has already dropped them.
 */
export function resourceJsonSchema(resourceType: ResourceTypeName): JsonSchema {
  const type = getResourceType(resourceType);
  const core = objectSchema([...commonAttributes, ...type.schema.attributes]);
  const properties = core.properties as Record<string, JsonSchema>;
  properties.schemas = { type: 'array', items: { type: 'string' } };
  const required = [...((core.required as string[] | undefined) ?? [])];
  for (const extension of type.extensions) {
    properties[extension.schema.id] = objectSchema(extension.schema.attributes);
    if (extension.required) required.push(extension.schema.id);
  }
  return { ...core, properties, ...(required.length > 0 ? { required } : {}) };
}
