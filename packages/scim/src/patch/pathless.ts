/**
 * A path-less `add`/`replace` carries an object of attributes (RFC 7644 sections 3.5.2.1 and 3.5.2.3). This
 * splits it into one path per attribute, which is what the RFC means by it and what the engine applies:
 * - plain keys: `{"displayName": "x"}`;
 * - dotted keys (Entra with `aadOptscim062020`): `{"name.givenName": "x"}` -> path `name.givenName`;
 * - URN-qualified keys (Entra likewise): `{"urn:...:enterprise:2.0:User:employeeNumber": "x"}`;
 * - schema objects: `{"urn:...:enterprise:2.0:User": {"department": "x"}}` (and the core URN likewise).
 * Read-only attributes are dropped: clients echo `id`, `meta` and `groups` from a read-modify-write (Okta's
 * group rename sends `id` with `displayName`), and answering that with 400 mutability would fail their whole request.
 * `schemas` is dropped too: the engine maintains it. A key that names no attribute is a 400 invalidPath.
 */
import { invalidPath, invalidValue } from '../errors.ts';
import type { PatchPath } from '../filter/ast.ts';
import { findAttribute, findSchema, type ResourceTypeName } from '../schema/index.ts';
import type { ResolvedAttribute } from '../schema/registry.ts';
import { describeJsonType, isPlainObject } from './json.ts';

export interface PathValue {
  path: PatchPath;
  value: unknown;
}

export function expandPathlessValue(resourceType: ResourceTypeName, value: unknown): PathValue[] {
  if (!isPlainObject(value)) {
    throw invalidValue(
      `An operation without "path" needs an object of attributes as its "value", got ${describeJsonType(value)}.`,
    );
  }
  const out: PathValue[] = [];
  collect(resourceType, value, undefined, out);
  return out;
}

/** What one key of a path-less value names: a whole schema, an attribute, `schemas`, or nothing known. */
export type PathlessKey =
  | { kind: 'schemas' }
  | { kind: 'schema'; schemaId: string; extension: boolean }
  | { kind: 'attribute'; found: ResolvedAttribute }
  | { kind: 'unknown' };

/**
 * Interprets one key of a path-less value (dotted, URN-qualified or a schema URN, any case) the way the engine
 * does; `uri` is the extension whose object the key sits in. The PATCH engine and the journal pseudonymizer share
 * it, so both read a client's body alike.
 */
export function interpretPathlessKey(resourceType: ResourceTypeName, key: string, uri?: string): PathlessKey {
  if (uri === undefined && key.toLowerCase() === 'schemas') return { kind: 'schemas' };
  const schema = uri === undefined ? findSchema(resourceType, key) : undefined;
  if (schema !== undefined)
    return { kind: 'schema', schemaId: schema.schema.id, extension: schema.extension };
  const found = findAttribute(resourceType, { ...(uri ? { uri } : {}), attr: key });
  return found === undefined ? { kind: 'unknown' } : { kind: 'attribute', found };
}

function collect(
  resourceType: ResourceTypeName,
  object: Record<string, unknown>,
  uri: string | undefined,
  out: PathValue[],
): void {
  for (const [key, value] of Object.entries(object)) {
    const meaning = interpretPathlessKey(resourceType, key, uri);
    if (meaning.kind === 'schemas') continue;
    if (meaning.kind === 'schema') {
      collectSchemaObject(resourceType, meaning.schemaId, meaning.extension, value, out);
      continue;
    }
    if (meaning.kind === 'unknown') {
      throw invalidPath(
        `The value of an operation without "path" has the key "${key}"${uri ? ` under ${uri}` : ''}, which names ` +
          `no attribute of the ${resourceType} resource.`,
      );
    }
    const { found } = meaning;
    if (found.attribute.mutability === 'readOnly' || found.sub?.mutability === 'readOnly') continue;
    out.push({
      path: {
        path: {
          ...(found.extension ? { uri: found.schema.id } : {}),
          attr: found.attribute.name,
          ...(found.sub ? { sub: found.sub.name } : {}),
        },
      },
      value,
    });
  }
}

function collectSchemaObject(
  resourceType: ResourceTypeName,
  schemaId: string,
  extension: boolean,
  value: unknown,
  out: PathValue[],
): void {
  if (!isPlainObject(value)) {
    throw invalidValue(
      `The value of "${schemaId}" in an operation without "path" must be an object of its attributes, got ` +
        `${describeJsonType(value)}.`,
    );
  }
  collect(resourceType, value, extension ? schemaId : undefined, out);
}
