import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, encodeCursor, toConnection } from './connection.ts';
import { FluentError } from './fluent-error.ts';

/** The fixed seed of this file's property runs, so a failure replays (FC_SEED explores others). */
const SEED = 0x780a5;

const items = (count: number) => Array.from({ length: count }, (_, index) => ({ key: count - index }));
const key = (item: { key: number }) => item.key;

describe('toConnection', () => {
  it(
    'pages forward through every item exactly once, in order',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 }), (count, size) => {
          const list = items(count);
          const seen: number[] = [];
          let after: string | undefined;
          for (;;) {
            const page = toConnection(list, key, true, { first: size, after });
            seen.push(...page.edges.map((edge) => edge.node.key));
            expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined && count > 0);
            if (!page.pageInfo.hasNextPage) break;
            after = page.edges.at(-1)?.cursor;
          }
          expect(seen).toEqual(list.map(key));
        }),
        propertyRuns(100, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it('pages backward with last/before', () => {
    const list = items(5);
    const lastTwo = toConnection(list, key, true, { last: 2 });
    expect(lastTwo.edges.map((edge) => edge.node.key)).toEqual([2, 1]);
    expect(lastTwo.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    const before = toConnection(list, key, true, { last: 2, before: lastTwo.edges[0]?.cursor });
    expect(before.edges.map((edge) => edge.node.key)).toEqual([4, 3]);
    expect(before.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it('keeps a cursor valid when items are added before it', () => {
    const list = items(4);
    const page = toConnection(list, key, true, { first: 2 });
    const grown = [{ key: 9 }, ...list];
    expect(
      toConnection(grown, key, true, { first: 10, after: page.edges[1]?.cursor }).edges.map(
        (e) => e.node.key,
      ),
    ).toEqual([2, 1]);
  });

  it('serves a default page and refuses oversized or negative pages and foreign cursors', () => {
    expect(toConnection(items(30), key, true, {}).edges).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(() => toConnection([], key, true, { first: 5001 })).toThrow(/C0001E: query complexity too high/);
    expect(() => toConnection([], key, true, { first: -1 })).toThrow(FluentError);
    expect(() => toConnection([], key, true, { after: 'bm9wZQ' })).toThrow(
      /not a cursor returned by this list/,
    );
    const ascending = [{ key: 1 }, { key: 2 }, { key: 3 }];
    expect(
      toConnection(ascending, key, false, { after: encodeCursor(2) }).edges.map((e) => e.node.key),
    ).toEqual([3]);
  });
});
