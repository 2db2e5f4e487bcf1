/**
 * Hostile-input fuzzing of the role grammar (issue 6). Role names arrive from IdP group names and role values,
 * so anything a person can type into an admin console reaches the parser: full Unicode, look-alike letters,
 * invisible marks, very long text. The parser must never throw, must point at the character that is wrong, and
 * whatever it accepts must print to a name that parses back to the same reference.
 */

import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRoleName } from './format-role-name.ts';
import { parseRoleId, parseRoleName } from './parse-role-name.ts';
import { CONTEXT_TYPES, type ParseResult, type RoleNameErrorCode, type RoleRef } from './types.ts';

/** A fixed seed keeps failures reproducible; the run counts keep the file around a second. */
const SEED = 0x6f1e;
const RUNS = propertyRuns(1000, SEED);

const ERROR_CODES: readonly RoleNameErrorCode[] = [
  'empty',
  'unknown-context-type',
  'missing-separator',
  'missing-context-id',
  'invalid-context-id',
  'empty-role',
  'invalid-role',
  'unexpected-character',
];

/**
 * Characters that look or behave like part of a name but are not ASCII letters, digits or `_`: combining marks,
 * bidi controls, zero-width characters, full-width and homoglyph letters, a surrogate pair, case-folding traps.
 * None of them is whitespace to `String.prototype.trim`, so none may be ignored.
 */
const TRICKY_CHARACTERS = [
  '\u0301', // combining acute accent
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u200e', // left-to-right mark
  '\u200d', // zero-width joiner
  '\u200b', // zero-width space
  '\u2060', // word joiner
  '\uff21', // full-width A
  '\uff3f', // full-width low line
  '\uff11', // full-width digit one
  '\u0410', // Cyrillic A
  '\u212a', // Kelvin sign (folds to k)
  '\u0131', // dotless i
  '\u0130', // capital I with dot
  '\u00df', // sharp s (upper-cases to SS)
  '\u{1f600}', // an emoji: a surrogate pair
  '\u{1d400}', // mathematical bold A: a surrogate pair
  '\ud800', // a lone high surrogate
  '\u0000',
  '-',
  '.',
  '$',
];

const alphanumeric = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''),
);
const roleWord = fc.string({ unit: alphanumeric, minLength: 1, maxLength: 10 });
const roleRef: fc.Arbitrary<RoleRef> = fc.record({
  contextType: fc.constantFrom(...CONTEXT_TYPES),
  contextId: fc.stringMatching(/^[0-9]{1,10}$/),
  role: fc.array(roleWord, { minLength: 1, maxLength: 4 }).map((words) => words.join('_')),
});

/** Valid names in any case, with the whitespace trimming ignores. */
const validSpelling = fc
  .record({
    ref: roleRef,
    lower: fc.boolean(),
    pad: fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff', '\u2028'),
  })
  .map(({ ref, lower, pad }) => {
    const type = lower ? ref.contextType.toLowerCase() : ref.contextType;
    return `${pad}${type}_${ref.contextId}_${ref.role}${pad}`;
  });

/** Text from every corner: printable ASCII, any code point, lone surrogates, and name-like fragments. */
const anyText = fc.oneof(
  validSpelling,
  fc
    .tuple(validSpelling, fc.nat(), fc.constantFrom('_', ' ', '__', ...TRICKY_CHARACTERS))
    .map(
      ([name, at, insert]) =>
        name.slice(0, at % (name.length + 1)) + insert + name.slice(at % (name.length + 1)),
    ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('_', 'A', 'a', '0', '9', ' ', ...TRICKY_CHARACTERS), maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        'AGENT',
        'agent',
        'ACCOUNT',
        'Retailer',
        '_',
        '134',
        '0',
        'STORE',
        ' ',
        '\t',
        ...TRICKY_CHARACTERS,
      ),
      { maxLength: 10 },
    )
    .map((parts) => parts.join('')),
);

/** Calls `parse` and checks the result has the documented shape; anything thrown fails the property. */
function checkedResult<T>(parse: (text: string) => ParseResult<T>, text: string): ParseResult<T> {
  const result = parse(text);
  if (!result.ok) {
    const { error } = result;
    expect(ERROR_CODES).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(Number.isInteger(error.offset)).toBe(true);
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(text.length);
    expect(Array.isArray(error.expected)).toBe(true);
  }
  return result;
}

function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

describe('role grammar under hostile input', () => {
  it(
    'never throws on arbitrary text, and every accepted name prints to one that parses back the same',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const result = checkedResult(parseRoleName, text);
          if (!result.ok) return;
          const printed = formatRoleName(result.value);
          expect(parseRoleName(printed)).toEqual({ ok: true, value: result.value });
          // Nothing is dropped or invented: the name printed is the text given, bar whitespace and the type's case.
          const trimmed = text.trim();
          const typeLength = result.value.contextType.length;
          expect(trimmed.slice(0, typeLength).toUpperCase()).toBe(result.value.contextType);
          expect(trimmed.slice(typeLength)).toBe(printed.slice(typeLength));
          // What is accepted is exactly the grammar of docs/architecture.md §5.1, whatever the input looked like.
          expect(printed).toMatch(/^(ACCOUNT|RETAILER|AGENT)_[0-9]+_[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/);
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'parseRoleId never throws, and an accepted id is the ROLE part of a name that parses back',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const result = checkedResult(parseRoleId, text);
          if (!result.ok) return;
          expect(result.value).toMatch(/^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/);
          expect(result.value).toBe(text.trim());
          const ref: RoleRef = { contextType: 'AGENT', contextId: '1', role: result.value };
          expect(parseRoleName(formatRoleName(ref))).toEqual({ ok: true, value: ref });
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'a look-alike or invisible character anywhere inside a valid name is refused at its exact offset',
    () => {
      const mutated = fc
        .record({
          ref: roleRef,
          char: fc.constantFrom(...TRICKY_CHARACTERS),
          position: fc.nat(),
          lead: fc.constantFrom('', ' ', '\t'),
        })
        .map(({ ref, char, position, lead }) => {
          const name = formatRoleName(ref);
          const at = position % (name.length + 1);
          return { char, at: lead.length + at, text: `${lead}${name.slice(0, at)}${char}${name.slice(at)}` };
        });
      fc.assert(
        fc.property(mutated, ({ char, at, text }) => {
          const result = checkedResult(parseRoleName, text);
          expect(result.ok, `${JSON.stringify(text)} must not parse`).toBe(false);
          if (result.ok) return;
          expect(result.error.offset).toBe(at);
          expect(result.error.code).toBe('unexpected-character');
          // The message names the whole character by its code point, never half of a surrogate pair.
          expect(result.error.message).toContain(codePointLabel(char));
          expect(result.error.message).not.toMatch(/\p{Cs}/u);
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'context types match in any ASCII case, but Unicode case-folding look-alikes do not',
    () => {
      const spelling = fc.record({
        ref: roleRef,
        flips: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      });
      fc.assert(
        fc.property(spelling, ({ ref, flips }) => {
          const type = [...ref.contextType]
            .map((letter, index) => (flips[index] ? letter.toLowerCase() : letter))
            .join('');
          const text = `${type}_${ref.contextId}_${ref.role}`;
          expect(parseRoleName(text)).toEqual({ ok: true, value: ref });
          // `ACCOUNT` with the Kelvin sign or a dotted capital I never names a context type.
          const lookAlike = type.replace(/[kK]/, '\u212a').replace(/[iI]/, '\u0130');
          if (lookAlike !== type)
            expect(parseRoleName(`${lookAlike}_${ref.contextId}_${ref.role}`).ok).toBe(false);
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it('names a bad character by its code point: whole surrogate pairs, invisible marks not quoted raw', () => {
    const emoji = checkedResult(parseRoleName, 'AGENT_1_STORE\u{1f600}');
    expect(emoji).toMatchObject({ ok: false, error: { offset: 13 } });
    if (!emoji.ok) expect(emoji.error.message).toContain("character '\u{1f600}' (U+1F600)");
    const override = checkedResult(parseRoleName, 'AGENT_1_STORE\u202eX');
    if (override.ok) throw new Error('a right-to-left override must not parse');
    expect(override.error.message).toContain('invisible character U+202E');
    expect(override.error.message).not.toContain('\u202e');
  });

  it('a character that cuts a word short is reported itself, not the truncated word', () => {
    // `A` + combining acute looks like `ACCOUNT` to a person; "unknown context type 'A'" at 0 would mislead.
    expect(parseRoleName('A\u0301CCOUNT_0_A')).toMatchObject({
      ok: false,
      error: { code: 'unexpected-character', offset: 1 },
    });
    expect(parseRoleName('RETAI\u200bLER_199_X')).toMatchObject({
      ok: false,
      error: { code: 'unexpected-character', offset: 5 },
    });
    // A mistake in an earlier word that the bad character did not touch is still the one reported.
    expect(parseRoleName('SHOP_1_A\u0301')).toMatchObject({
      ok: false,
      error: { code: 'unknown-context-type', offset: 0 },
    });
  });

  it('answers very long names and very long garbage without throwing', () => {
    const longRole = Array.from({ length: 50_000 }, (_, index) => `W${index}`).join('_');
    expect(parseRoleName(`AGENT_134_${longRole}`)).toEqual({
      ok: true,
      value: { contextType: 'AGENT', contextId: '134', role: longRole },
    });
    const longId = '9'.repeat(100_000);
    expect(parseRoleName(`RETAILER_${longId}_X`)).toMatchObject({ ok: true, value: { contextId: longId } });

    const underscores = checkedResult(parseRoleName, `AGENT_1_${'_'.repeat(200_000)}`);
    expect(underscores).toMatchObject({ ok: false, error: { code: 'invalid-role', offset: 8 } });
    const combining = checkedResult(parseRoleName, `AGENT_1_A${'\u0301'.repeat(200_000)}`);
    expect(combining).toMatchObject({ ok: false, error: { code: 'unexpected-character', offset: 9 } });
    const emoji = '\u{1f600}'.repeat(100_000);
    expect(checkedResult(parseRoleName, emoji)).toMatchObject({ ok: false, error: { offset: 0 } });
  });
});
