/**
 * Lenient parsing at the edge: a PATCH request body as Entra ID, Okta and others send it -> canonical
 * `PatchOperation` values. Tolerated here, and only here:
 * - `schemas` URN and the `Operations`, `op`, `path`, `value` member names in any case; `op` in any case (Entra
 *   sends `Add`, `Replace`, `Remove`);
 * - a body that arrives as a JSON string (a client with an unusual content type);
 * - path-less values with dotted and URN-qualified keys (Entra), and read-only keys in them (Okta), see pathless.ts;
 * - a path that is just an extension URN, `{"path": "urn:...:enterprise:2.0:User", "value": {...}}`;
 * - value shapes (string booleans, manager as a string or an array, single values for arrays), see coerce.ts;
 * - `"path": ""` or `null` meaning no path;
 * - no `schemas` member at all (authentik), when `Operations` is well-formed.
 * Everything is then resolved against the schema, so an unknown attribute fails here with the operation's index.
 * `Operations: []` is accepted and yields no operations (the Entra validator sends it; 200 with the
 * unchanged resource is the answer, since the request is well-formed and asks for nothing).
 */
import {
  invalidFilter,
  invalidPath,
  invalidSyntax,
  invalidValue,
  isScimError,
  noTarget,
  ScimError,
} from '../errors.ts';
import type { PatchPath } from '../filter/ast.ts';
import { parsePatchPath } from '../filter/index.ts';
import { checkOperationCount, DEFAULT_SCIM_LIMITS, type ScimLimits } from '../limits.ts';
import { findSchema, getSchema, PATCH_OP_MESSAGE, type ResourceTypeName } from '../schema/index.ts';
import { coerceValue } from './coerce.ts';
import { describeJsonType, isPlainObject, memberOf } from './json.ts';
import type { PatchOperation, PatchOpName } from './operation.ts';
import { expandPathlessValue } from './pathless.ts';
import { resolveTarget, type Target } from './target.ts';

const OP_NAMES: readonly PatchOpName[] = ['add', 'remove', 'replace'];

export function normalizePatchRequest(
  body: unknown,
  resourceType: ResourceTypeName,
  limits: ScimLimits = DEFAULT_SCIM_LIMITS,
): PatchOperation[] {
  const request = parseBody(body);
  checkSchemas(request);
  const operations = memberOf(request, 'Operations');
  if (!operations.found) {
    throw invalidSyntax('The PATCH body has no "Operations" array (RFC 7644 section 3.5.2).');
  }
  if (!Array.isArray(operations.value)) {
    throw invalidSyntax(
      `"Operations" must be an array of operations, got ${describeJsonType(operations.value)}.`,
    );
  }
  // Refused before any operation is parsed: the cost of a PATCH grows with its operations.
  checkOperationCount(operations.value.length, limits);
  return operations.value.flatMap((raw, index) => {
    try {
      return normalizeOperation(raw, resourceType);
    } catch (error) {
      throw withOperationIndex(error, index);
    }
  });
}

function parseBody(body: unknown): Record<string, unknown> {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw invalidSyntax(`The PATCH body is not valid JSON: ${(error as Error).message}.`);
    }
  }
  if (!isPlainObject(parsed)) {
    throw invalidSyntax(
      `A PATCH body must be a JSON object with "schemas" and "Operations" (RFC 7644 section 3.5.2), got ` +
        `${describeJsonType(parsed)}.`,
    );
  }
  return parsed;
}

/**
 * `schemas` must name the PatchOp message when it is there. authentik sends group renames with no `schemas` at
 * all; the body is still taken when its `Operations` are well-formed, which the caller checks next. A `schemas`
 * that is present and names something else is refused.
 */
function checkSchemas(request: Record<string, unknown>): void {
  const { found, value } = memberOf(request, 'schemas');
  if (!found) return;
  const uris = Array.isArray(value) ? value : [value];
  const listed = uris.some(
    (uri) => typeof uri === 'string' && uri.trim().toLowerCase() === PATCH_OP_MESSAGE.toLowerCase(),
  );
  if (!listed) {
    throw invalidSyntax(`A PATCH body's "schemas" must contain "${PATCH_OP_MESSAGE}".`);
  }
}

function normalizeOperation(raw: unknown, resourceType: ResourceTypeName): PatchOperation[] {
  if (!isPlainObject(raw)) {
    throw invalidSyntax(`An operation must be an object, got ${describeJsonType(raw)}.`);
  }
  const op = opName(memberOf(raw, 'op').value);
  const pathText = pathTextOf(memberOf(raw, 'path').value);
  const value = memberOf(raw, 'value');

  if (op !== 'remove' && !value.found) {
    throw invalidValue(`"${op}" needs a "value" (RFC 7644 section 3.5.2.${op === 'add' ? 1 : 3}).`);
  }
  if (pathText === undefined) {
    if (op === 'remove') {
      throw noTarget('"remove" needs a "path" naming what to remove (RFC 7644 section 3.5.2.2).');
    }
    return pathless(op, value.value, resourceType);
  }

  const schema = findSchema(resourceType, pathText);
  if (schema !== undefined) return schemaPath(op, schema.schema.id, value, resourceType);

  const path = parsePath(pathText);
  const target = resolveTarget(resourceType, path);
  const operation: PatchOperation = { op, path };
  if (value.found) operation.value = coerceForTarget(target, value.value);
  return [operation];
}

function opName(raw: unknown): PatchOpName {
  const name = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  const known = OP_NAMES.find((candidate) => candidate === name);
  if (known === undefined) {
    throw invalidSyntax(
      `"op" must be one of add, replace or remove (any case), got ${raw === undefined ? 'nothing' : describeJsonType(raw)}.`,
    );
  }
  return known;
}

function pathTextOf(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw invalidPath(`"path" must be a string, got ${describeJsonType(raw)}.`);
  const text = raw.trim();
  return text === '' ? undefined : text;
}

/**
 * IdPs send the same few paths over and over (Entra's six `Replace` paths on every user change), and parsing one
 * costs more than applying it, so parsed paths are kept, frozen so that no caller can change a shared one.
 * Paths with a value filter (`members[value eq "..."]`) carry ids and vary without end, so they are not kept;
 * the bound only guards against a client cycling through spellings of attribute names.
 */
const PARSED_PATHS_KEPT = 512;
const parsedPaths = new Map<string, PatchPath>();

function parsePath(text: string): PatchPath {
  const known = parsedPaths.get(text);
  if (known !== undefined) return known;
  const parsed = parsePatchPath(text);
  if (!parsed.ok) {
    // A misquoted value in the path's value filter is the filter's fault: invalidFilter (RFC 7644 section 3.12).
    const refuse = parsed.error.scimType === 'invalidFilter' ? invalidFilter : invalidPath;
    throw refuse(`The path "${text}" is not a valid SCIM path: ${parsed.error.message}`);
  }
  if (text.includes('[')) return parsed.value;
  const path = deepFreeze(parsed.value);
  if (parsedPaths.size >= PARSED_PATHS_KEPT) parsedPaths.clear();
  parsedPaths.set(text, path);
  return path;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function pathless(op: PatchOpName, value: unknown, resourceType: ResourceTypeName): PatchOperation[] {
  return expandPathlessValue(resourceType, value).map(({ path, value: attributeValue }) => ({
    op,
    path,
    value: coerceForTarget(resolveTarget(resourceType, path), attributeValue),
  }));
}

/**
 * A path that names a whole schema: add/replace mean its attributes (as if path-less under the URN key); remove
 * means every attribute of the extension a client may write.
 */
function schemaPath(
  op: PatchOpName,
  schemaId: string,
  value: { found: boolean; value: unknown },
  resourceType: ResourceTypeName,
): PatchOperation[] {
  if (op !== 'remove') return pathless(op, { [schemaId]: value.value }, resourceType);
  const attributes = getSchema(schemaId)?.attributes ?? [];
  const isCore = findSchema(resourceType, schemaId)?.extension === false;
  if (isCore)
    throw invalidPath(`"remove" of the whole core schema "${schemaId}" is not allowed; name attributes.`);
  return attributes
    .filter((attribute) => attribute.mutability !== 'readOnly')
    .map((attribute) => ({ op, path: { path: { uri: schemaId, attr: attribute.name } } }));
}

/** Coerces a value for where the path points: the whole attribute, one element of it, or a sub-attribute. */
function coerceForTarget(target: Target, value: unknown): unknown {
  if (target.sub) return coerceValue(target.sub, value, false);
  return coerceValue(target.attribute, value, target.filter === undefined);
}

function withOperationIndex(error: unknown, index: number): unknown {
  if (!isScimError(error)) return error;
  return new ScimError(error.status, `Operations[${index}]: ${error.detail}`, error.scimType);
}
