import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRoleName } from './format-role-name.ts';
import { parseRoleName } from './parse-role-name.ts';
import { CONTEXT_TYPES, type RoleRef } from './types.ts';

/** The fixed seed of this file's property runs, so a failure replays (FC_SEED explores others). */
const SEED = 0x48f2b;

const alphanumeric = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''),
);
const roleWord = fc.string({ unit: alphanumeric, minLength: 1, maxLength: 12 });
const roleRef: fc.Arbitrary<RoleRef> = fc.record({
  contextType: fc.constantFrom(...CONTEXT_TYPES),
  contextId: fc.stringMatching(/^[0-9]{1,12}$/),
  role: fc.array(roleWord, { minLength: 1, maxLength: 5 }).map((words) => words.join('_')),
});

describe('formatRoleName', () => {
  it('prints the canonical name', () => {
    expect(formatRoleName({ contextType: 'AGENT', contextId: '134', role: 'Store_Colleague' })).toBe(
      'AGENT_134_Store_Colleague',
    );
  });

  it(
    'parseRoleName(formatRoleName(x)) round-trips',
    () => {
      fc.assert(
        fc.property(roleRef, (ref) => {
          expect(parseRoleName(formatRoleName(ref))).toEqual({ ok: true, value: ref });
        }),
        propertyRuns(2000, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'any valid spelling formats back to the canonical one',
    () => {
      const spelling = fc.record({
        ref: roleRef,
        lower: fc.boolean(),
        pad: fc.constantFrom('', ' ', '\t', '  \n'),
      });
      fc.assert(
        fc.property(spelling, ({ ref, lower, pad }) => {
          const type = lower ? ref.contextType.toLowerCase() : ref.contextType;
          const parsed = parseRoleName(`${pad}${type}_${ref.contextId}_${ref.role}${pad}`);
          expect(parsed.ok && formatRoleName(parsed.value)).toBe(formatRoleName(ref));
        }),
        propertyRuns(100, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'never throws and always reports an offset inside the text on failure',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), (text) => {
          const result = parseRoleName(text);
          if (!result.ok) {
            expect(result.error.offset).toBeGreaterThanOrEqual(0);
            expect(result.error.offset).toBeLessThanOrEqual(text.length);
            expect(result.error.message.length).toBeGreaterThan(0);
          }
        }),
        propertyRuns(2000, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
