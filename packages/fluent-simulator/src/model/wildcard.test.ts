import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesAny, matchesPattern } from './wildcard.ts';

/** The fixed seed of this file's property runs, so a failure replays (FC_SEED explores others). */
const SEED = 0x541df;

describe('matchesPattern', () => {
  it.each([
    ['alice@example.com', 'alice@example.com', true],
    ['alice@example.com', 'Alice@example.com', false],
    ['alice@example.com', 'alice', false],
    ['alice@example.com', 'alice%', true],
    ['alice@example.com', '%example.com', true],
    ['alice@example.com', '%ice@ex%', true],
    ['alice@example.com', 'a%e%m', true],
    ['aba', 'ab%ba', false],
    ['a_b', 'a_b', true],
    ['axb', 'a_b', false],
    ['', '%', true],
  ])('%s against %s -> %s', (value, pattern, expected) => {
    expect(matchesPattern(value, pattern)).toBe(expected);
  });

  it(
    'agrees with an anchored regular expression where % is .*',
    () => {
      const piece = fc.stringMatching(/^[ab_%]{0,6}$/);
      fc.assert(
        fc.property(fc.stringMatching(/^[ab_]{0,8}$/), piece, (value, pattern) => {
          const regex = new RegExp(
            `^${pattern
              .split('%')
              .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('.*')}$`,
            's',
          );
          expect(matchesPattern(value, pattern)).toBe(regex.test(value));
        }),
        propertyRuns(100, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it('matches any of several patterns and never an absent value', () => {
    expect(matchesAny('bob', ['alice', null, 'b%'])).toBe(true);
    expect(matchesAny(undefined, ['%'])).toBe(false);
  });
});
