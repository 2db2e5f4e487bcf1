/**
 * Relay-style connections as Fluent returns them. Fluent's PageInfo has no endCursor, so the next page starts
 * after the last edge's `cursor`.
 */
import { PlatformError } from '@scim-connector/platform';
import { asRecord } from './errors.ts';

export interface ConnectionPage {
  nodes: unknown[];
  /** Cursor to pass as `after` for the next page; undefined on the last page. */
  nextCursor: string | undefined;
  /** Fluent said more follow (`hasNextPage`), even on a page without edges, which has no cursor to go on from. */
  hasMore: boolean;
}

export function readConnection(
  data: Record<string, unknown>,
  field: string,
  operation: string,
): ConnectionPage {
  const connection = asRecord(data[field]);
  if (connection === undefined) return { nodes: [], nextCursor: undefined, hasMore: false };
  const edges = Array.isArray(connection.edges) ? connection.edges.map(asRecord) : [];
  const nodes = edges.map((edge) => edge?.node).filter((node) => node !== undefined && node !== null);
  const hasNextPage = asRecord(connection.pageInfo)?.hasNextPage === true;
  if (!hasNextPage || edges.length === 0) return { nodes, nextCursor: undefined, hasMore: hasNextPage };
  const cursor = edges[edges.length - 1]?.cursor;
  if (typeof cursor !== 'string' || cursor === '') {
    throw new PlatformError(
      `Fluent ${operation} reported more pages but gave no edge cursor to continue from`,
      {
        transient: false,
      },
    );
  }
  return { nodes, nextCursor: cursor, hasMore: true };
}
