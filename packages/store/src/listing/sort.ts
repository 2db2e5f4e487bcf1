/**
 * `sortBy` (RFC 7644 section 3.4.2.3): attributes with a column sort in SQL; any other attribute sorts in memory
 * by the same rules. Either way values that are absent sort last and ties break by id, so paging is stable.
 */
import type { AttrPath } from '@scim-connector/scim';
import { type ColumnField, type FilterTarget, ownEntry } from './filter-targets.ts';
import { extensionAttribute } from './filter-to-sql.ts';

/** `name.familyName` or `urn:...:User:userName` as a path. */
export function parseSortBy(sortBy: string): AttrPath {
  const trimmed = sortBy.trim();
  const lastColon = trimmed.lastIndexOf(':');
  const uri = lastColon >= 0 ? trimmed.slice(0, lastColon) : undefined;
  const rest = lastColon >= 0 ? trimmed.slice(lastColon + 1) : trimmed;
  const dot = rest.indexOf('.');
  const attr = dot >= 0 ? rest.slice(0, dot) : rest;
  const sub = dot >= 0 ? rest.slice(dot + 1) : undefined;
  return { ...(uri !== undefined && { uri }), attr, ...(sub !== undefined && { sub }) };
}

/**
 * The column to ORDER BY for `sortBy`, or undefined when it must be sorted in memory: a core attribute with a
 * column, or an extension attribute kept in a column of the row and in the resource (the enterprise ones), so
 * the in-memory sort would order it the same way.
 */
export function sortColumn(target: FilterTarget, path: AttrPath): ColumnField | undefined {
  const extension = extensionAttribute(target, path);
  if (extension !== undefined)
    return 'field' in extension && extension.inResource && extension.field.derived === undefined
      ? extension.field
      : undefined;
  if (path.uri !== undefined && path.uri.toLowerCase() !== target.coreSchema.toLowerCase()) return undefined;
  const key = path.sub === undefined ? path.attr.toLowerCase() : `${path.attr}.${path.sub}`.toLowerCase();
  return ownEntry(target.fields, key);
}

/**
 * Whether `path` names one of the connector extension's status fields (platformStatus, blockedReasons,
 * lastSyncedAt). They are kept beside the user (the link summary, the parked flag), not in the resource, so the
 * in-memory sort would see none of them and answer in id order without a word; and no index gives users in
 * their order (platformStatus is the parked flag or else the link's status, from two tables). A sort on them is
 * refused instead.
 */
export function isUnsortableExtension(target: FilterTarget, path: AttrPath): boolean {
  const extension = extensionAttribute(target, path);
  return extension !== undefined && !('inResource' in extension);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function property(object: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/**
 * The value a resource sorts by. For a multi-valued attribute the RFC says to use the primary element's value
 * (or the first element's when none is primary).
 */
export function sortValue(resource: Record<string, unknown>, path: AttrPath): unknown {
  let container: Record<string, unknown> = resource;
  if (path.uri !== undefined) {
    const extension = property(resource, path.uri);
    if (isRecord(extension)) container = extension;
    else if (!path.uri.toLowerCase().startsWith('urn:ietf:params:scim:schemas:core:')) return undefined;
  }
  let value = property(container, path.attr);
  if (Array.isArray(value))
    value = value.find((element) => isRecord(element) && element.primary === true) ?? value[0];
  if (path.sub !== undefined) return isRecord(value) ? property(value, path.sub) : undefined;
  return isRecord(value) ? value.value : value;
}

function comparable(value: unknown): string | number | undefined {
  if (typeof value === 'string') return value.normalize('NFC').toLowerCase();
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/** Compares two sort values: absent last, numbers before text when mixed, text case-insensitively. */
export function compareSortValues(left: unknown, right: unknown): number {
  const a = comparable(left);
  const b = comparable(right);
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
