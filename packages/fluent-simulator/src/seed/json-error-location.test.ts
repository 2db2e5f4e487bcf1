import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-error-location.ts';

/** The fixed seed of this file's property runs, so a failure replays (FC_SEED explores others). */
const SEED = 0xe8144;

describe('locateJsonError', () => {
  it.each([
    ['{\n  "roles": ["STORE",]\n}', 2, 21],
    ['{"a": 1,}', 1, 9],
    ['{"a" 1}', 1, 6],
    ['[1, 2', 1, 6],
    ['{"a": tru}', 1, 10],
    ['{"a": "line\nbreak"}', 1, 12],
    ['{} {}', 1, 4],
    ['', 1, 1],
  ])('finds the first mistake in %j at line %i, column %i', (text, line, column) => {
    expect(locateJsonError(text)).toMatchObject({ line, column });
  });

  it(
    'finds nothing wrong in any valid JSON',
    () => {
      fc.assert(
        fc.property(fc.json(), (text) => {
          expect(locateJsonError(text)).toBeUndefined();
        }),
        propertyRuns(100, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
