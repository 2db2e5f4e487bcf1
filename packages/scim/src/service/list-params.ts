/**
 * Listing parameters (RFC 7644 sections 3.4.2 and 3.4.3) from a GET query string or a POST `.search` body, read
 * leniently (Okta and Entra send them as strings, the SearchRequest as numbers) and checked strictly after.
 */
import { invalidFilter, invalidSyntax, invalidValue } from '../errors.ts';

/** Page size when the client gives none. */
export const DEFAULT_COUNT = 100;
/** Largest page served; advertised as `filter.maxResults` in /ServiceProviderConfig. */
export const MAX_COUNT = 200;

export interface ListParams {
  filter?: string;
  /** 1-based. */
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder?: 'ascending' | 'descending';
  attributes?: string[];
  excludedAttributes?: string[];
}

export interface ProjectionParams {
  attributes?: string[];
  excludedAttributes?: string[];
}

type RawValue = unknown;

/** From a query string: `?filter=...&startIndex=1&count=100&attributes=a,b`. */
export function listParamsFromQuery(query: Readonly<Record<string, string | undefined>>): ListParams {
  return buildListParams((name) => queryValue(query, name));
}

/** From a SearchRequest body (RFC 7644 section 3.4.3). */
export function listParamsFromSearchBody(body: unknown): ListParams {
  if (body === undefined || body === null) return buildListParams(() => undefined);
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalidSyntax('A .search request body must be a JSON object (a SearchRequest message).');
  }
  const record = body as Record<string, unknown>;
  return buildListParams((name) => caseInsensitiveGet(record, name));
}

/** `attributes` / `excludedAttributes` of a request on a single resource. */
export function projectionFromQuery(query: Readonly<Record<string, string | undefined>>): ProjectionParams {
  const params: ProjectionParams = {};
  const attributes = attributeList('attributes', queryValue(query, 'attributes'));
  const excluded = attributeList('excludedAttributes', queryValue(query, 'excludedAttributes'));
  if (attributes) params.attributes = attributes;
  if (excluded) params.excludedAttributes = excluded;
  return params;
}

export function hasProjection(params: ProjectionParams): boolean {
  return params.attributes !== undefined || params.excludedAttributes !== undefined;
}

function buildListParams(get: (name: string) => RawValue): ListParams {
  const startIndex = integerParam('startIndex', get('startIndex'));
  const count = integerParam('count', get('count'));
  const params: ListParams = {
    // RFC 7644 3.4.2.4: a startIndex below 1 is read as 1, a negative count as 0.
    startIndex: startIndex === undefined ? 1 : Math.max(1, startIndex),
    count: count === undefined ? DEFAULT_COUNT : Math.min(MAX_COUNT, Math.max(0, count)),
  };
  const filter = stringParam('filter', get('filter'));
  if (filter !== undefined && filter.trim() !== '') params.filter = filter;
  const sortBy = stringParam('sortBy', get('sortBy'));
  if (sortBy !== undefined && sortBy.trim() !== '') params.sortBy = sortBy.trim();
  const sortOrder = sortOrderParam(get('sortOrder'));
  if (sortOrder) params.sortOrder = sortOrder;
  const attributes = attributeList('attributes', get('attributes'));
  if (attributes) params.attributes = attributes;
  const excluded = attributeList('excludedAttributes', get('excludedAttributes'));
  if (excluded) params.excludedAttributes = excluded;
  return params;
}

function queryValue(query: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const exact = query[name];
  if (exact !== undefined) return exact;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function caseInsensitiveGet(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function integerParam(name: string, raw: RawValue): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw invalidValue(`${name} must be an integer, got ${JSON.stringify(raw)}.`);
  }
  return n;
}

function stringParam(name: string, raw: RawValue): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') throw invalidValue(`${name} must be a string, got ${JSON.stringify(raw)}.`);
  rejectNul(name, raw);
  return raw;
}

/** No stored value can contain NUL (PostgreSQL cannot store it), so a parameter holding one is a mistake or a probe. */
function rejectNul(name: string, value: string): void {
  if (!value.includes('\u0000')) return;
  const detail = `${name} contains a NUL character (%00); directory values never contain one.`;
  throw name === 'filter' ? invalidFilter(detail) : invalidValue(detail);
}

function sortOrderParam(raw: RawValue): 'ascending' | 'descending' | undefined {
  const value = stringParam('sortOrder', raw)?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value === 'ascending' || value === 'descending') return value;
  throw invalidValue(`sortOrder must be "ascending" or "descending", got ${JSON.stringify(raw)}.`);
}

/** A comma-separated string (query) or an array of strings (SearchRequest). */
function attributeList(name: string, raw: RawValue): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parts =
    typeof raw === 'string'
      ? raw.split(',')
      : Array.isArray(raw) && raw.every((item) => typeof item === 'string')
        ? (raw as string[])
        : undefined;
  if (!parts) throw invalidValue(`${name} must be a comma-separated string or an array of attribute names.`);
  for (const part of parts) rejectNul(name, part);
  const names = parts.map((part) => part.trim()).filter((part) => part.length > 0);
  return names.length > 0 ? names : undefined;
}
