/**
 * Parses `attributes` / `excludedAttributes` (RFC 7644 section 3.4.2.5) into resolved references. Names are
 * case-insensitive, may carry a schema URN prefix, may name a sub-attribute (`name.givenName`) or a whole
 * extension (`urn:...:enterprise:2.0:User`). Names of no known attribute select nothing (they are not errors:
 * a client asking for an attribute this server does not have simply does not get it).
 */
import { findAttribute, findSchema } from '../schema/registry.ts';
import type { ResourceTypeDefinition } from '../schema/types.ts';

export type SelectedPath =
  | { kind: 'schema'; schemaId: string }
  | { kind: 'attribute'; schemaId: string; attribute: string; sub?: string };

export interface AttributeSelection {
  paths: SelectedPath[];
}

/** Accepts the raw query value (`"userName,emails"`) or an already split list. */
export function parseSelection(
  type: ResourceTypeDefinition,
  names: string | readonly string[] | undefined,
): AttributeSelection | undefined {
  if (names === undefined) return undefined;
  const list = typeof names === 'string' ? names.split(',') : names.flatMap((name) => name.split(','));
  const paths: SelectedPath[] = [];
  for (const raw of list) {
    const name = raw.trim();
    if (name === '') continue;
    const schema = findSchema(type, name);
    if (schema) {
      paths.push({ kind: 'schema', schemaId: schema.schema.id });
      continue;
    }
    const resolved = findAttribute(type, name);
    if (!resolved) continue;
    paths.push({
      kind: 'attribute',
      schemaId: resolved.schema.id,
      attribute: resolved.attribute.name,
      ...(resolved.sub ? { sub: resolved.sub.name } : {}),
    });
  }
  return { paths };
}

/** True when the selection names the attribute as a whole (or its whole schema). */
export function selectsWhole(selection: AttributeSelection, schemaId: string, attribute: string): boolean {
  return selection.paths.some(
    (path) =>
      path.schemaId === schemaId &&
      (path.kind === 'schema' || (path.attribute === attribute && path.sub === undefined)),
  );
}

/** The sub-attributes of `attribute` the selection names individually. */
export function selectedSubs(selection: AttributeSelection, schemaId: string, attribute: string): string[] {
  return selection.paths.flatMap((path) =>
    path.kind === 'attribute' && path.schemaId === schemaId && path.attribute === attribute && path.sub
      ? [path.sub]
      : [],
  );
}
