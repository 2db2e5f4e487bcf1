export { type CanonicalizeOptions, canonicalizeValue } from './canonicalize.ts';
export { isJsonObject, type JsonObject } from './json.ts';
export { attributeSchema, type JsonSchema, objectSchema, resourceJsonSchema } from './json-schema.ts';
export { type NormalizedResource, normalizeResource } from './normalize.ts';
export {
  type ProjectionOptions,
  project,
  type RepresentationInput,
  resourceLocation,
  toRepresentation,
  versionTag,
} from './project.ts';
export { attributeIgnoringCase, rolesOf } from './roles.ts';
export { type AttributeSelection, parseSelection, type SelectedPath } from './selection.ts';
export {
  type ConnectorUserState,
  type GroupRepresentationOptions,
  groupRepresentation,
  type UserRepresentationOptions,
  userRepresentation,
} from './stored.ts';
export { validateResource } from './validate.ts';
