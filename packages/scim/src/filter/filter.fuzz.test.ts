/**
 * Hostile-input fuzzing of the filter and path language (issue 6). Filters come from URLs and `/.search`
 * bodies, paths from PATCH bodies: anything a client can send reaches these parsers. They must answer every
 * input with a value or a positioned error of the right scimType (never a throw), keep their work bounded
 * (nesting, length, operator count), and what they accept must print back to text that parses to the same tree.
 */

import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttrPath, CompareOp, Filter, FilterValue } from './ast.ts';
import { compileFilter } from './compile.ts';
import { MAX_FILTER_LENGTH, MAX_LOGICAL_OPERATORS, MAX_NESTING_DEPTH } from './limits.ts';
import {
  type ParseResult,
  parseAttrPath,
  parseFilter,
  parsePatchPath,
  type ScimSyntaxErrorType,
} from './parse.ts';
import { printFilter, printPatchPath } from './print.ts';

/** A fixed seed keeps failures reproducible; the run counts keep the file within a few seconds. */
const SEED = 0x5c1f;
const RUNS = propertyRuns(1000, SEED);

const KEYWORDS = new Set(['and', 'or', 'not', 'pr', 'eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const ORDERING: CompareOp[] = ['gt', 'ge', 'lt', 'le'];
const ALL_OPS: CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', ...ORDERING];

/** Characters that look like part of a name or are invisible: the tricks a hostile or careless client plays. */
const TRICKY = [
  '\u0301', // combining acute accent
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u200b', // zero-width space
  '\uff55', // full-width u
  '\uff3b', // full-width [
  '\uff08', // full-width (
  '\u0410', // Cyrillic A
  '\u212a', // Kelvin sign
  '\u{1f600}', // a surrogate pair
  '\ud800', // a lone surrogate
  '\u0000',
];

// ---- generators of valid trees --------------------------------------------------------------------------

/** RFC 7643 ATTRNAME (plus `$ref`); a name spelled like a keyword cannot be told apart from it, so none is. */
const attrName = fc
  .tuple(fc.constantFrom('', '', '', '$'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/))
  .filter(([, name]) => !KEYWORDS.has(name.toLowerCase()))
  .map(([dollar, name]) => `${dollar}${name}`);

const uri = fc.constantFrom(
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group',
  'urn:x:y.z',
);

const attrPath: fc.Arbitrary<AttrPath> = fc
  .record({
    uri: fc.option(uri, { nil: undefined }),
    attr: attrName,
    sub: fc.option(attrName, { nil: undefined }),
  })
  .map(({ uri, attr, sub }) => ({
    ...(uri !== undefined && { uri }),
    attr,
    ...(sub !== undefined && { sub }),
  }));
const plainPath = attrPath.map(({ sub: _sub, ...path }): AttrPath => path);

/** Any text, including lone surrogates, control characters and the tricky characters above. */
const anyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', '"', '\\', ' ', ...TRICKY), maxLength: 8 }),
);

const filterValue: fc.Arbitrary<FilterValue> = fc.oneof(
  anyString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const compare: fc.Arbitrary<Filter> = fc
  .record({ path: attrPath, op: fc.constantFrom(...ALL_OPS), value: filterValue })
  .map(({ path, op, value }): Filter => {
    // Booleans and null cannot be ordered or matched in part (RFC 7644 3.4.2.2): the parser refuses those.
    const allowed = typeof value === 'string' || typeof value === 'number' ? op : op === 'ne' ? 'ne' : 'eq';
    return { kind: 'compare', path, op: allowed, value };
  });
const present: fc.Arbitrary<Filter> = attrPath.map((path): Filter => ({ kind: 'present', path }));

/** Filters without value paths (what may appear inside `attr[...]`), or with them at the top. */
function filterTree(withValuePaths: boolean): fc.Arbitrary<Filter> {
  return fc.letrec<{ node: Filter }>((tie) => {
    const leaves: fc.Arbitrary<Filter>[] = [compare, present];
    if (withValuePaths) {
      leaves.push(
        fc
          .record({ path: plainPath, filter: filterTree(false) })
          .map(({ path, filter }): Filter => ({ kind: 'valuePath', path, filter })),
      );
    }
    return {
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        ...leaves,
        fc
          .record({ left: tie('node'), right: tie('node') })
          .map(({ left, right }): Filter => ({ kind: 'and', left, right })),
        fc
          .record({ left: tie('node'), right: tie('node') })
          .map(({ left, right }): Filter => ({ kind: 'or', left, right })),
        tie('node').map((filter): Filter => ({ kind: 'not', filter })),
      ),
    };
  }).node;
}
const filter = filterTree(true);

// ---- generators of hostile text -------------------------------------------------------------------------

/** Valid filter text with a few random edits: the inputs most likely to reach deep into the parser. */
const mutatedFilterText = fc
  .record({
    text: filter.map(printFilter),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 3 }),
        insert: fc.oneof(
          fc.constantFrom(
            '(',
            ')',
            '[',
            ']',
            '"',
            "'",
            '\\',
            ' and ',
            ' or ',
            'not ',
            ' pr',
            ' eq ',
            '.',
            ':',
            '1e999',
            ...TRICKY,
          ),
          fc.string({ unit: 'binary', maxLength: 3 }),
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ text, edits }) =>
    edits.reduce((current, { at, remove, insert }) => {
      const index = at % (current.length + 1);
      return current.slice(0, index) + insert + current.slice(index + remove);
    }, text),
  );

/** Valid text as clients spell it: keywords in any case, unquoted values (Entra ID), extra spaces. */
const clientSpelling = fc
  .record({ text: filter.map(printFilter), upper: fc.boolean(), spaces: fc.constantFrom(' ', '  ', '\t') })
  .map(({ text, upper, spaces }) => {
    const spaced = text.replaceAll(' ', spaces);
    return upper ? spaced.replace(/ (and|or|eq|pr) /g, (word) => word.toUpperCase()) : spaced;
  });

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .array(
      fc.constantFrom(
        'emails',
        'userName',
        '[',
        ']',
        '(',
        ')',
        ' ',
        'type',
        'eq',
        'pr',
        'not',
        'and',
        '"x"',
        "'x'",
        'x',
        '.value',
        'urn:a:b:',
        ...TRICKY,
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
  { arbitrary: mutatedFilterText, weight: 3 },
  clientSpelling,
  // Number syntax for values no double can hold, and for ones it can.
  fc
    .tuple(
      attrName,
      fc.constantFrom(...ALL_OPS),
      fc.constantFrom('1e999', '-1E+400', '1e308', '0.1e-400', '-0', '123456789012345678901234567890'),
    )
    .map(([name, op, number]) => `${name} ${op} ${number}`),
);

// ---- checks -----------------------------------------------------------------------------------------------

const SUBJECTS: Record<ScimSyntaxErrorType, RegExp> = {
  // A PATCH path whose value filter holds a misquoted value is an invalidFilter (misquoted-values.ts).
  invalidFilter: /^Invalid (filter|PATCH path) at offset (\d+): \S/,
  invalidPath: /^Invalid (PATCH path|attribute path) at offset (\d+): \S/,
};

/** The documented shape of a failure: right scimType, offset inside the text and in the message, no stack. */
function expectWellFormed<V, T extends ScimSyntaxErrorType>(
  result: ParseResult<V, T>,
  text: string,
  ...scimTypes: T[]
): ParseResult<V, T> {
  if (result.ok) return result;
  const { error } = result;
  expect(scimTypes).toContain(error.scimType);
  expect(Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= text.length).toBe(true);
  expect(error.message).toMatch(SUBJECTS[error.scimType]);
  expect(error.message).toContain(`at offset ${error.offset}:`);
  expect(error.message).not.toMatch(/\n\s+at |Error:/);
  // A character is never cut in half: a message about an emoji quotes the emoji, not one surrogate.
  if (!/\p{Cs}/u.test(text)) expect(error.message).not.toMatch(/\p{Cs}/u);
  return result;
}

function parsed(text: string): Filter {
  const result = parseFilter(text);
  if (!result.ok) throw new Error(`${JSON.stringify(text)} should parse: ${result.error.message}`);
  return result.value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('filter language under hostile input', () => {
  it(
    'every parser answers any text with a value or a well-formed error, never a throw',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          expectWellFormed(parseFilter(text), text, 'invalidFilter');
          expectWellFormed(parsePatchPath(text), text, 'invalidPath', 'invalidFilter');
          expectWellFormed(parseAttrPath(text), text, 'invalidPath');
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'whatever parses prints back to text that parses to the same tree',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const result = parseFilter(text);
          if (result.ok) expect(parseFilter(printFilter(result.value))).toEqual(result);
          const path = parsePatchPath(text);
          if (path.ok) expect(parsePatchPath(printPatchPath(path.value))).toEqual(path);
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'a tree with any Unicode in its values survives printing and parsing unchanged',
    () => {
      fc.assert(
        fc.property(filter, (tree) => {
          expect(parseFilter(printFilter(tree))).toEqual({ ok: true, value: tree });
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'a compiled filter never throws on arbitrary resources, never writes to them, and negates exactly',
    () => {
      const resource = fc.oneof(
        fc.dictionary(
          fc.constantFrom('userName', 'emails', 'name', 'a', 'A', '__proto__', 'constructor'),
          fc.jsonValue({ maxDepth: 3 }),
        ),
        fc.object({ maxDepth: 3 }),
      );
      fc.assert(
        fc.property(filter, resource, (tree, raw) => {
          const frozen = deepFreeze(structuredClone(raw) as Record<string, unknown>);
          const matches = compileFilter(tree)(frozen);
          expect(typeof matches).toBe('boolean');
          expect(compileFilter({ kind: 'not', filter: tree })(frozen)).toBe(!matches);
          expect(frozen).toEqual(raw);
        }),
        propertyRuns(500, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it('refuses nesting past the limit with an error at the first bracket too deep, not a stack overflow', () => {
    const deep = (open: string, close: string, depth: number, inner = 'a pr') =>
      `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
    const limit = MAX_NESTING_DEPTH;
    expect(parseFilter(deep('(', ')', limit)).ok).toBe(true);
    expect(parseFilter(deep('not (', ')', limit)).ok).toBe(true);
    for (const depth of [limit + 1, 1_000, 10_000]) {
      for (const [open, close, step] of [
        ['(', ')', 1],
        ['not (', ')', 5],
      ] as const) {
        const text = deep(open, close, depth);
        if (text.length > MAX_FILTER_LENGTH) continue;
        const result = expectWellFormed(parseFilter(text), text, 'invalidFilter');
        expect(result).toMatchObject({ ok: false, error: { offset: limit * step + (step - 1) } });
        if (!result.ok) expect(result.error.message).toContain(`deeper than ${limit} levels`);
      }
    }
    // 10,000 parentheses are also over the length limit; that answer comes first and costs nothing.
    const tenThousand = deep('(', ')', 10_000);
    expect(expectWellFormed(parseFilter(tenThousand), tenThousand, 'invalidFilter')).toMatchObject({
      ok: false,
      error: { offset: MAX_FILTER_LENGTH },
    });
    const brackets = `emails[${deep('(', ')', 5_000, 'type eq "work"')}]`;
    expect(expectWellFormed(parsePatchPath(brackets), brackets, 'invalidPath').ok).toBe(false);
    const unbalanced = '('.repeat(MAX_FILTER_LENGTH);
    expect(expectWellFormed(parseFilter(unbalanced), unbalanced, 'invalidFilter').ok).toBe(false);
  });

  it('bounds the number of and/or operators, and what is within the bounds compiles and prints', () => {
    const chain = (count: number, operator: string) =>
      Array.from({ length: count + 1 }, (_, index) => `a${index} eq ${index}`).join(` ${operator} `);
    for (const operator of ['and', 'or', 'AND']) {
      const atLimit = parsed(chain(MAX_LOGICAL_OPERATORS, operator));
      expect(parseFilter(printFilter(atLimit))).toEqual({ ok: true, value: atLimit });
      expect(compileFilter(atLimit)({ a0: 0, a255: 255 })).toBe(operator !== 'and' && operator !== 'AND');
      const over = chain(MAX_LOGICAL_OPERATORS + 1, operator);
      const result = expectWellFormed(parseFilter(over), over, 'invalidFilter');
      expect(result).toMatchObject({ ok: false, error: { offset: over.lastIndexOf(` ${operator} `) + 1 } });
    }
  });

  it('answers text at and past the length limit, however pathological, with an error', () => {
    const atLimit = (unit: string) => unit.repeat(Math.floor(MAX_FILTER_LENGTH / unit.length));
    const pathological = [
      atLimit('a:'), // a URN prefix that never ends in an attribute name: the lexer retries at every colon
      `${atLimit('a:').slice(0, -3)}(`,
      `a eq "${atLimit('\\').slice(6)}`,
      `a eq "${atLimit('\\u12').slice(8)}`,
      atLimit('a eq 1 '),
      atLimit('\u0301'),
      atLimit('\u{1f600}'),
      atLimit('"'),
      `${'a'.repeat(MAX_FILTER_LENGTH - 5)} pr`,
      'a eq 1'.padEnd(MAX_FILTER_LENGTH + 1, ' '),
      'x'.repeat(1_000_000),
    ];
    for (const text of pathological) {
      expectWellFormed(parseFilter(text), text, 'invalidFilter');
      expectWellFormed(parsePatchPath(text), text, 'invalidPath');
    }
    const long = 'x'.repeat(MAX_FILTER_LENGTH + 1);
    const result = parseFilter(`${long} pr`);
    expect(result).toMatchObject({ ok: false, error: { offset: MAX_FILTER_LENGTH } });
    if (!result.ok) expect(result.error.message).toContain(`at most ${MAX_FILTER_LENGTH} are accepted`);
  });

  it('keeps Unicode values exactly as sent and refuses look-alike syntax at the offending character', () => {
    // Full-width and decomposed spellings are different strings; the parser must not normalise them.
    for (const value of [
      '\uff4a\uff59\uff4f\uff55\uff4e\uff47',
      'jos\u0065\u0301',
      '\u202eevil',
      '\u{1f600}@x.io',
    ]) {
      expect(parsed(`userName eq ${JSON.stringify(value)}`)).toMatchObject({ value });
    }
    const cases: [string, number, string][] = [
      ['userN\uff41me eq "x"', 5, "'\uff41'"],
      ['userName eq "x" \uff41nd a pr', 16, "'\uff41'"],
      ['emails\uff3btype eq "work"]', 6, "'\uff3b'"],
      ['\u{1f600} pr', 0, "'\u{1f600}'"],
      ['userName\u202e eq "x"', 8, 'U+202E (an invisible character)'],
      ['userName eq "x" and\u200b a pr', 19, 'U+200B (an invisible character)'],
    ];
    for (const [text, offset, quoted] of cases) {
      const result = expectWellFormed(parseFilter(text), text, 'invalidFilter');
      expect(result).toMatchObject({ ok: false, error: { offset } });
      if (!result.ok) expect(result.error.message).toContain(quoted);
    }
  });

  it('refuses numbers that are not finite instead of failing later when printing them', () => {
    for (const text of ['a eq 1e400', 'a gt -1e999', 'emails[value eq 1e309]']) {
      const result = expectWellFormed(parseFilter(text), text, 'invalidFilter');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain('out of range');
    }
    const path = 'emails[value eq 1e309].type';
    expect(expectWellFormed(parsePatchPath(path), path, 'invalidPath')).toMatchObject({
      ok: false,
      error: { offset: 16 },
    });
  });

  it(
    'never reads a quote into an unquoted value: a filter or PATCH path with one is an invalidFilter',
    () => {
      // Words as a client might misquote them; one opening with '"' may be a valid JSON string, so none does.
      const misquoted = fc
        .string({ unit: fc.constantFrom('a', '7', '@', '.', '-', "'", '"'), minLength: 1, maxLength: 10 })
        .filter((word) => /['"]/.test(word) && !word.startsWith('"'));
      fc.assert(
        fc.property(misquoted, (word) => {
          const quoteAt = word.startsWith("'") ? 0 : word.search(/['"]/);
          const filterText = `a eq ${word}`;
          const filterError = expectWellFormed(parseFilter(filterText), filterText, 'invalidFilter');
          expect(filterError).toMatchObject({ ok: false, error: { offset: 5 + quoteAt } });
          if (!filterError.ok) expect(filterError.error.message).toMatch(/single quote|contains a quote/);
          const pathText = `emails[value eq ${word}].display`;
          const pathError = expectWellFormed(parsePatchPath(pathText), pathText, 'invalidFilter');
          expect(pathError).toMatchObject({ ok: false, error: { offset: 16 + quoteAt } });
        }),
        RUNS,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
