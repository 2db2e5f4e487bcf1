/**
 * Relay-style cursor paging as Fluent serves it: `first/after` and `last/before`, edges with a
 * cursor, and `pageInfo {hasNextPage hasPreviousPage}` (no start/end cursors: the next page starts after the last
 * edge's cursor). A cursor encodes the item's sort key, so paging stays stable while items are added.
 */
import { FluentError, FluentErrorCode } from './fluent-error.ts';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 5000;

/** `items` must already be in list order, with `keyOf` strictly increasing (or decreasing, if `descending`). */
export function toConnection<T>(
  items: readonly T[],
  keyOf: (item: T) => number,
  descending: boolean,
  args: PageArgs,
): Connection<T> {
  const comesBefore = (a: number, b: number) => (descending ? a > b : a < b);
  let start = 0;
  let end = items.length;
  if (args.after) {
    const key = decodeCursor(args.after);
    while (start < end && !comesBefore(key, keyOf(items[start] as T))) start++;
  }
  if (args.before) {
    const key = decodeCursor(args.before);
    while (end > start && !comesBefore(keyOf(items[end - 1] as T), key)) end--;
  }
  const first = pageSize('first', args.first);
  const last = pageSize('last', args.last);
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  if (first === undefined && last === undefined) end = Math.min(end, start + DEFAULT_PAGE_SIZE);
  return {
    edges: items.slice(start, end).map((node) => ({ cursor: encodeCursor(keyOf(node)), node })),
    // Whether anything lies beyond the page in the whole list, cursors included: more useful than Relay's minimum.
    pageInfo: { hasNextPage: end < items.length, hasPreviousPage: start > 0 },
  };
}

function pageSize(name: string, value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0)
    throw new FluentError(FluentErrorCode.invalidInput, `"${name}" must not be negative; got ${value}`);
  if (value > MAX_PAGE_SIZE) {
    throw new FluentError(
      FluentErrorCode.complexity,
      `query complexity too high: "${name}" is ${value}; at most ${MAX_PAGE_SIZE} items per page`,
    );
  }
  return value;
}

export function encodeCursor(key: number): string {
  return Buffer.from(`cursor:${key}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:(-?\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    throw new FluentError(FluentErrorCode.invalidInput, `"${cursor}" is not a cursor returned by this list`);
  }
  return Number(match[1]);
}
