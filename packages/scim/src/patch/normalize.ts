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
import { MAX_FILTER_LENGTH } from '../filter/limits.ts';
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
  const request = parsePatchBody(body);
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

/** The PATCH body as an object: a body sent as a JSON string is parsed; anything but an object is a 400. */
export function parsePatchBody(body: unknown): Record<string, unknown> {
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
  const { op, pathText, value } = readOperation(raw);

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

  const path = parsePatchPathText(pathText);
  const target = resolveTarget(resourceType, path);
  const operation: PatchOperation = { op, path };
  if (value.found) operation.value = coerceForTarget(target, value.value);
  return [operation];
}

/** One operation's members, read as the engine reads them: names in any case, `op` folded, an empty path none. */
export interface RawOperation {
  op: PatchOpName;
  /** The trimmed path; undefined for a missing, null or empty one. */
  pathText: string | undefined;
  value: { found: boolean; value: unknown };
}

export function readOperation(raw: Record<string, unknown>): RawOperation {
  return {
    op: opName(memberOf(raw, 'op').value),
    pathText: pathTextOf(memberOf(raw, 'path').value),
    value: memberOf(raw, 'value'),
  };
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

/** A path's text parsed as the engine parses it (a 400 invalidPath or invalidFilter when it is not a path). */
export function parsePatchPathText(text: string): PatchPath {
  const known = parsedPaths.get(text);
  if (known !== undefined) return known;
  const withLiteral = parseWithLiteral(text);
  if (withLiteral !== undefined) return withLiteral;
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

/**
 * Paths that differ only in one quoted value (`members[value eq "<id>"]`, `emails[value eq "<address>"].type`) are
 * parsed once per shape: the value is swapped for a placeholder, the shape is parsed and kept, and the value is put
 * back into a copy. A 1,000-operation PATCH then parses a handful of shapes instead of 1,000 paths (issue #13).
 * Only a plain literal takes this way (no escapes, quotes or control characters, within the filter length limit);
 * anything else is parsed in full, so errors and leniency are the parser's own.
 */
const ONE_PLAIN_LITERAL = /^([^"]*)"([^"\\]*)"([^"]*)$/;
const CONTROL_CHARACTER = /\p{Cc}/u;
const LITERAL_PLACEHOLDER = 'scim-literal-placeholder';
const parsedShapes = new Map<string, PatchPath | null>();

function parseWithLiteral(text: string): PatchPath | undefined {
  const match = ONE_PLAIN_LITERAL.exec(text);
  if (match === null || text.length > MAX_FILTER_LENGTH) return undefined;
  const [, before, literal = '', after] = match;
  if (CONTROL_CHARACTER.test(literal)) return undefined;
  const shapeText = `${before}"${LITERAL_PLACEHOLDER}"${after}`;
  let shape = parsedShapes.get(shapeText);
  if (shape === undefined) {
    const parsed = parsePatchPath(shapeText);
    shape = parsed.ok && countPlaceholders(parsed.value) === 1 ? deepFreeze(parsed.value) : null;
    if (parsedShapes.size >= PARSED_PATHS_KEPT) parsedShapes.clear();
    parsedShapes.set(shapeText, shape);
  }
  if (shape === null) return undefined;
  return withPlaceholder(shape, literal) as PatchPath;
}

function countPlaceholders(value: unknown): number {
  if (value === LITERAL_PLACEHOLDER) return 1;
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce<number>((sum, child) => sum + countPlaceholders(child), 0);
}

/** A copy of `value` with the placeholder replaced by `literal`. */
function withPlaceholder(value: unknown, literal: string): unknown {
  if (value === LITERAL_PLACEHOLDER) return literal;
  if (Array.isArray(value)) return value.map((child) => withPlaceholder(child, literal));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, withPlaceholder(child, literal)]),
  );
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
