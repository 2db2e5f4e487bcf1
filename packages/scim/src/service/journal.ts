/**
 * What a write leaves in the journal: the request as the client sent it (so it can be replayed against new rules),
 * minus secrets. The connector stores no passwords, so write-only values are removed wherever they appear, and a
 * PATCH operation that sets one is dropped (replaying it would do nothing anyway).
 *
 * Names are resolved the way the normaliser resolves them, case-insensitively and schema-qualified or not: a key or
 * PATCH path is a secret when its last name segment (after the last `:` of a URN prefix or `.` of a dotted path) is
 * the name of a write-only attribute of any schema served here (`password`, `PASSWORD`,
 * `urn:ietf:params:scim:schemas:core:2.0:User:password`). This fails closed: it also drops a `password` under an
 * extension this server does not know, never the other way round. PATCH members `op`, `path`, `value` are matched
 * in any case, as the normaliser accepts them (Entra sends `Op`, `Path`, `Value`).
 */
import { isJsonObject } from '../resource/json.ts';
import type { AttributeDefinition } from '../schema/index.ts';
import { getResourceType } from '../schema/index.ts';
import type { JournalEntry } from '../store/port.ts';

export function journalEntry(
  method: JournalEntry['method'],
  path: string,
  body?: unknown,
  id?: string,
): JournalEntry {
  const entry: JournalEntry = { method, path };
  if (body !== undefined) entry.body = withoutSecrets(parsedIfJsonText(body));
  if (id !== undefined) entry.id = id;
  return entry;
}

/**
 * A body that arrived as a JSON string (the normaliser accepts a PATCH sent that way) is journalled parsed, so its
 * secrets are found like any other; replay accepts either form.
 */
function parsedIfJsonText(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    // Not JSON: the write was refused before it reached the journal; keep nothing that could be a secret.
    return null;
  }
}

/** Lower-cased names of every write-only attribute or sub-attribute the served schemas declare. */
const SECRET_NAMES: ReadonlySet<string> = new Set(
  (['User', 'Group'] as const).flatMap((name) => {
    const type = getResourceType(name);
    return [type.schema, ...type.extensions.map((extension) => extension.schema)].flatMap((schema) =>
      writeOnlyNames(schema.attributes),
    );
  }),
);

function writeOnlyNames(attributes: readonly AttributeDefinition[]): string[] {
  return attributes.flatMap((attribute) => [
    ...(attribute.mutability === 'writeOnly' ? [attribute.name.toLowerCase()] : []),
    ...writeOnlyNames(attribute.subAttributes ?? []),
  ]);
}

/** Whether an attribute name or PATCH path, qualified or not, in any case, names a write-only attribute. */
export function namesSecret(name: string): boolean {
  const lastSegment = name.trim().toLowerCase().split(/[:.]/).at(-1) ?? '';
  return SECRET_NAMES.has(lastSegment);
}

export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => !setsSecret(item)).map(withoutSecrets);
  if (!isJsonObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (namesSecret(key)) continue;
    result[key] = withoutSecrets(inner);
  }
  return result;
}

/** A PATCH operation (`op`/`Op` ...) whose path names a secret. */
function setsSecret(item: unknown): boolean {
  if (!isJsonObject(item)) return false;
  const keys = Object.keys(item).map((key) => key.toLowerCase());
  if (!keys.includes('op')) return false;
  return Object.entries(item).some(
    ([key, inner]) => key.toLowerCase() === 'path' && typeof inner === 'string' && namesSecret(inner),
  );
}
