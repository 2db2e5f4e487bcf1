/**
 * The console's reads of the directory, through the store's SCIM port (the same `listUsers`/`listGroups` the SCIM
 * API uses). Every filter here is one the store translates to SQL (userName, active, id, displayName on groups),
 * so a page costs one indexed query and a count, never a scan in memory.
 */
import {
  type Filter,
  type ListResult,
  parseFilter,
  type StoredGroup,
  type StoredUser,
} from '@scim-connector/scim';
import type { Store } from '@scim-connector/store';

export const PAGE_SIZE = 50;

export type UserStatusFilter = 'any' | 'active' | 'inactive';

/** A SCIM string literal: JSON string syntax is what RFC 7644 section 3.4.2.2 compares against. */
function literal(value: string): string {
  return JSON.stringify(value);
}

function filterOf(text: string | undefined): Filter | undefined {
  if (text === undefined) return undefined;
  const parsed = parseFilter(text);
  // The text is built from literals above; a failure is a bug here, not the visitor's input.
  if (!parsed.ok) throw new Error(`console built an invalid filter: ${parsed.error.message}`);
  return parsed.value;
}

const LOOKS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * The text just past every string that starts with `prefix`, in code-point order: the prefix with its last code
 * point raised by one (undefined when that is impossible).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix];
  const last = points.pop()?.codePointAt(0);
  if (last === undefined || last >= 0x10ffff) return undefined;
  const next = last + 1;
  // Raising into the surrogate block would not be a character; the block's end is the next one.
  return points.join('') + String.fromCodePoint(next >= 0xd800 && next <= 0xdfff ? 0xe000 : next);
}

/**
 * Prefix search on userName, case-insensitive, plus the IdP status. `sw` alone is exact but the store evaluates it
 * row by row (substr); the range `ge prefix and lt upper bound` beside it lets the database walk the userName index,
 * so a search costs the rows it finds, not the directory's size. The text is NFC-normalised and lower-cased here,
 * as the store folds userName (RFC 7643 caseExact false), so the bound is computed on what is compared. A search
 * that looks like a date keeps `sw` only: SCIM compares date-like text by time, which SQL does not.
 */
export function userFilter(search: string, status: UserStatusFilter): Filter | undefined {
  const parts: string[] = [];
  const folded = search.normalize('NFC').toLowerCase();
  if (folded !== '') {
    const upper = LOOKS_LIKE_DATE.test(folded) ? undefined : prefixUpperBound(folded);
    parts.push(`userName sw ${literal(folded)}`);
    if (upper !== undefined) parts.push(`userName ge ${literal(folded)} and userName lt ${literal(upper)}`);
  }
  if (status === 'active') parts.push('active eq true');
  if (status === 'inactive') parts.push('active eq false');
  return filterOf(parts.length ? parts.join(' and ') : undefined);
}

export function listUsers(
  store: Store,
  query: { search: string; status: UserStatusFilter; startIndex: number; count?: number },
): Promise<ListResult<StoredUser>> {
  const filter = userFilter(query.search, query.status);
  return store.listUsers({
    ...(filter ? { filter } : {}),
    sortBy: 'userName',
    startIndex: query.startIndex,
    count: query.count ?? PAGE_SIZE,
  });
}

export async function findUserByName(store: Store, userName: string): Promise<StoredUser | undefined> {
  const filter = filterOf(`userName eq ${literal(userName)}`);
  const result = await store.listUsers({ ...(filter ? { filter } : {}), startIndex: 1, count: 1 });
  return result.items[0];
}

export function listGroups(
  store: Store,
  query: { search: string; startIndex: number },
): Promise<ListResult<StoredGroup>> {
  const filter = filterOf(query.search === '' ? undefined : `displayName sw ${literal(query.search)}`);
  return store.listGroups({
    ...(filter ? { filter } : {}),
    sortBy: 'displayName',
    startIndex: query.startIndex,
    count: PAGE_SIZE,
    members: false,
  });
}
