/**
 * Strict validation of a canonical resource: ajv against the derived JSON Schema, then the rules JSON Schema
 * cannot express (at most one `primary: true` per multi-valued attribute). Every failure is a 400 `invalidValue`
 * whose detail names the attribute and says what was wrong, so an IdP admin can fix the mapping.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { invalidValue } from '../errors.ts';
import { findNamed, getResourceType } from '../schema/registry.ts';
import type { AttributeDefinition, ResourceTypeName } from '../schema/types.ts';
import { describeValue, isJsonObject, type JsonObject, jsonTypeOf } from './json.ts';
import { resourceJsonSchema } from './json-schema.ts';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
const validators = new Map<ResourceTypeName, ValidateFunction>();

function validatorFor(resourceType: ResourceTypeName): ValidateFunction {
  let validator = validators.get(resourceType);
  if (!validator) {
    validator = ajv.compile(resourceJsonSchema(resourceType));
    validators.set(resourceType, validator);
  }
  return validator;
}

/** At most this many problems are listed in one detail; the rest would only bury the first. */
const MAX_REPORTED = 3;

/** Throws ScimError 400 invalidValue when `resource` (canonical form) breaks its resource type's schema. */
export function validateResource(resourceType: ResourceTypeName, resource: JsonObject): void {
  const validate = validatorFor(resourceType);
  if (!validate(resource)) {
    const problems = (validate.errors ?? []).map(describeError);
    const unique = [...new Set(problems)];
    const more = unique.length > MAX_REPORTED ? ` (and ${unique.length - MAX_REPORTED} more)` : '';
    throw invalidValue(`Invalid ${resourceType}: ${unique.slice(0, MAX_REPORTED).join('; ')}${more}.`);
  }
  checkSinglePrimary(resourceType, resource);
}

/** RFC 7643 section 2.4: the primary attribute value "true" MUST appear no more than once. */
function checkSinglePrimary(resourceType: ResourceTypeName, resource: JsonObject): void {
  const type = getResourceType(resourceType);
  const scopes: { prefix: string; attributes: readonly AttributeDefinition[]; values: unknown }[] = [
    { prefix: '', attributes: type.schema.attributes, values: resource },
    ...type.extensions.map((extension) => ({
      prefix: `${extension.schema.id}:`,
      attributes: extension.schema.attributes,
      values: resource[extension.schema.id],
    })),
  ];
  for (const { prefix, attributes, values } of scopes) {
    if (!isJsonObject(values)) continue;
    for (const attribute of attributes) {
      if (!attribute.multiValued || !findNamed(attribute.subAttributes, 'primary')) continue;
      const elements = values[attribute.name];
      if (!Array.isArray(elements)) continue;
      const primaries = elements.filter(
        (element) => isJsonObject(element) && element.primary === true,
      ).length;
      if (primaries > 1) {
        throw invalidValue(
          `Invalid ${resourceType}: attribute '${prefix}${attribute.name}' has ${primaries} entries marked ` +
            '"primary": true; at most one may be primary.',
        );
      }
    }
  }
}

/** `/urn:...:User/manager/value` -> `urn:...:User:manager.value`; `/emails/0/value` -> `emails[0].value`. */
export function displayPath(instancePath: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  let path = '';
  segments.forEach((segment, index) => {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (index === 0) path = segment;
    // An extension's attributes sit under its URN key and are written `urn:...:User:attribute`.
    else if (index === 1 && /^urn:/i.test(path)) path += `:${segment}`;
    else path += `.${segment}`;
  });
  return path;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true or false)',
  number: 'a number',
  integer: 'an integer',
  array: 'a JSON array (it is multi-valued)',
  object: 'a JSON object (it is complex)',
};

function describeError(error: ErrorObject): string {
  const path = displayPath(error.instancePath);
  const subject = path === '' ? 'the resource' : `attribute '${path}'`;
  const got = `got ${jsonTypeOf(error.data)} ${describeValue(error.data)}`;
  switch (error.keyword) {
    case 'type':
      return `${subject} must be ${TYPE_WORDS[String(error.params.type)] ?? String(error.params.type)}, ${got}`;
    case 'required': {
      const missing = String(error.params.missingProperty).replaceAll('~', '~0').replaceAll('/', '~1');
      return `attribute '${displayPath(`${error.instancePath}/${missing}`)}' is required`;
    }
    case 'minLength':
      return `${subject} must not be empty`;
    case 'pattern':
      return `${subject} must be a date-time such as 2024-05-01T12:00:00Z, ${got}`;
    case 'additionalProperties':
      return `${subject} has no attribute '${String(error.params.additionalProperty)}'`;
    default:
      return `${subject} ${error.message ?? 'is invalid'}`;
  }
}
