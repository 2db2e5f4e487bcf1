import { describe, expect, it } from 'vitest';
import { parseFilter, parsePatchPath } from './parse.ts';

/** [input, offset, a fragment the message must contain] */
type ErrorCase = [string, number, string];

function errorOf(result: ReturnType<typeof parseFilter> | ReturnType<typeof parsePatchPath>) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('parseFilter errors: offset, what was expected, what was found', () => {
  const cases: ErrorCase[] = [
    ['', 0, 'the filter is empty'],
    ['   ', 0, 'the filter is empty'],
    ['userName', 8, "expected 'pr', a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le) or '['"],
    ['userName', 8, "after 'userName' but found the end of the input"],
    ['userName eq', 11, 'expected a value (a "quoted string", a number, true, false or null) after \'eq\''],
    ['userName eq "abc', 12, 'unterminated string'],
    ['userName eq "a\\x"', 14, "invalid escape '\\x'"],
    ['userName eq "a\\u12"', 14, "'\\u' needs four hex digits"],
    ['userName = "x"', 9, 'comparison operators are words'],
    ['userName != "x"', 9, 'comparison operators are words'],
    ['userName equals "x"', 9, "but found 'equals'"],
    ['"userName" eq "x"', 0, 'a quoted value may only follow a comparison operator'],
    ['userName eq "x" and', 19, "after 'and' but found the end of the input"],
    [
      'userName eq "x" userName eq "y"',
      16,
      "expected 'and', 'or' or the end of the filter but found 'userName'",
    ],
    ['a eq 1)', 6, "unbalanced ')'"],
    ['a eq 1]', 6, "unbalanced ']'"],
    ['(a eq 1', 7, "expected ')' after '1' but found the end of the input"],
    ['not a pr', 4, "expected '(' after 'not' but found 'a'"],
    ['emails[type eq "work"', 21, "expected ']'"],
    [
      'emails[type eq "work"].value',
      28,
      "expected 'pr' or a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le) after '.value'",
    ],
    ['emails[]', 7, "but found ']'"],
    [
      'userName eq (x)',
      12,
      "expected a value (a \"quoted string\", a number, true, false or null) after 'eq' but found '('",
    ],
    ['and eq "x"', 0, "but found 'and'"],
    ['active gt true', 10, "'gt' orders strings, numbers and dates; true cannot be ordered"],
    ['x le null', 5, 'null cannot be ordered'],
    ['x co false', 5, "'co' matches part of a string"],
    ['name.givenName[value eq "x"]', 14, "not the sub-attribute 'name.givenName'"],
    ['emails[members[value eq "x"]]', 14, 'value filters cannot be nested'],
    ['userName eq "x" and title ~ "y"', 26, "unexpected character '~'"],
    ['urn:only:colons eq 1 and 2x eq 1', 25, "unexpected character '2'"],
  ];

  it.each(cases)('%j -> offset %i', (text, offset, fragment) => {
    const error = errorOf(parseFilter(text));
    expect(error.scimType).toBe('invalidFilter');
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(fragment);
    expect(error.message).toMatch(new RegExp(`^Invalid filter at offset ${offset}: `));
  });

  it('reports the earliest problem when the text has both a syntax and a lexical error', () => {
    expect(errorOf(parseFilter('userName xx "abc')).offset).toBe(9);
    expect(errorOf(parseFilter('userName eq "abc" and "')).offset).toBe(22);
  });

  it('recovers fully after an error: the next parse is unaffected', () => {
    expect(parseFilter('emails[a eq 1 and').ok).toBe(false);
    expect(parseFilter('a eq 1')).toEqual({ ok: true, value: expect.objectContaining({ kind: 'compare' }) });
    expect(parseFilter('emails[x[y pr]]').ok).toBe(false);
    expect(parseFilter('emails[type eq "work"]').ok).toBe(true);
  });
});

describe('parsePatchPath errors', () => {
  const cases: ErrorCase[] = [
    ['', 0, 'the PATCH path is empty'],
    ['members[value eq "x"', 20, "expected ']'"],
    ['members[value eq "x"].', 21, "unexpected character '.'"],
    ['emails[type eq "work"].value.display', 28, "expected the end of the path but found '.display'"],
    ['members eq "x"', 8, "expected the end of the path but found 'eq'"],
    ['name.givenName[type eq "x"]', 14, "not the sub-attribute 'name.givenName'"],
    ['[value eq "x"]', 0, "expected an attribute name but found '['"],
    ['emails[type eq "work"]value', 22, "expected the end of the path but found 'value'"],
  ];

  it.each(cases)('%j -> offset %i', (text, offset, fragment) => {
    const error = errorOf(parsePatchPath(text));
    expect(error.scimType).toBe('invalidPath');
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(fragment);
    expect(error.message).toMatch(new RegExp(`^Invalid PATCH path at offset ${offset}: `));
  });
});

/**
 * A SCIM filter string is a JSON string, in double quotes (RFC 7644 section 3.4.2.2). A value in single quotes
 * used to be read as an unquoted value with its quotes kept, so it could never match and the client went on to
 * create a user that already existed (issue 19). Such values are refused, and say how to write them.
 */
describe('quotes outside a double-quoted string', () => {
  const DOUBLE_QUOTES = 'SCIM filter strings use double quotes (RFC 7644 section 3.4.2.2)';

  /** [filter, offset, the double-quoted value the message suggests] */
  const singleQuoted: [string, number, string][] = [
    [`userName eq 'alice@example.com'`, 12, '"alice@example.com"'],
    [`displayName eq 'EU Store Managers'`, 15, '"EU Store Managers"'],
    [`userName EQ  'alice@example.com'`, 13, '"alice@example.com"'],
    [`externalId eq '123'`, 14, '"123"'],
    [`emails[value eq 'a@x.com']`, 16, '"a@x.com"'],
    [`emails[type eq "work"].value eq 'a@x.com'`, 32, '"a@x.com"'],
    [`userName eq "bob" or userName eq 'alice'`, 33, '"alice"'],
    [`userName eq ''`, 12, '""'],
    [`title co 'say "hi"'`, 9, String.raw`"say \"hi\""`],
  ];

  it.each(singleQuoted)('%j is refused at offset %i, suggesting %s', (text, offset, suggestion) => {
    const error = errorOf(parseFilter(text));
    expect(error).toMatchObject({ scimType: 'invalidFilter', offset });
    const quoted = text.slice(offset, text.indexOf("'", offset + 1) + 1);
    expect(error.message).toBe(
      `Invalid filter at offset ${offset}: filter value ${quoted} is in single quotes; ${DOUBLE_QUOTES}: ${suggestion}`,
    );
  });

  it('refuses a value that opens a single quote and never closes it, suggesting the word in double quotes', () => {
    const error = errorOf(parseFilter(`userName eq 'alice@example.com and active eq true`));
    expect(error).toMatchObject({ scimType: 'invalidFilter', offset: 12 });
    expect(error.message).toContain(
      `filter value 'alice@example.com starts with a single quote that is never closed; ${DOUBLE_QUOTES}: "alice@example.com"`,
    );
  });

  /** [filter, offset of the quote, the unquoted value as written, the double-quoted value the message suggests] */
  const quoteInBareValue: [string, number, string, string][] = [
    [`externalId eq O'Brien`, 15, `O'Brien`, `"O'Brien"`],
    [`userName eq alice@example.com'`, 29, `alice@example.com'`, `"alice@example.com'"`],
    [`externalId eq 123'`, 17, `123'`, `"123'"`],
    [`userName eq abc"def"`, 15, `abc"def"`, String.raw`"abc\"def\""`],
    [`emails[value eq x'y]`, 17, `x'y`, `"x'y"`],
    [`userName eq true"`, 16, `true"`, String.raw`"true\""`],
  ];

  it.each(quoteInBareValue)(
    '%j: an unquoted value with a quote in it is refused at offset %i',
    (text, offset, word, suggestion) => {
      const error = errorOf(parseFilter(text));
      expect(error).toMatchObject({ scimType: 'invalidFilter', offset });
      expect(error.message).toBe(
        `Invalid filter at offset ${offset}: the unquoted value ${word} contains a quote; an unquoted value cannot contain ' or ", so write it as a string in double quotes (RFC 7644 section 3.4.2.2): ${suggestion}`,
      );
    },
  );

  it('refuses a single quote where no value is expected, saying strings use double quotes', () => {
    const error = errorOf(parseFilter(`'userName' eq "alice@example.com"`));
    expect(error).toMatchObject({ scimType: 'invalidFilter', offset: 0 });
    expect(error.message).toContain(`unexpected "'": ${DOUBLE_QUOTES}`);
  });

  it('refuses them in a PATCH path value filter too, as invalidFilter (RFC 7644 section 3.12)', () => {
    const singleQuotedMember = errorOf(parsePatchPath(`members[value eq '2819c223']`));
    expect(singleQuotedMember).toMatchObject({ scimType: 'invalidFilter', offset: 17 });
    expect(singleQuotedMember.message).toBe(
      `Invalid PATCH path at offset 17: filter value '2819c223' is in single quotes; ${DOUBLE_QUOTES}: "2819c223"`,
    );
    const quoteInWord = errorOf(parsePatchPath(`emails[value eq a@x.com'].display`));
    expect(quoteInWord).toMatchObject({ scimType: 'invalidFilter', offset: 23 });
    expect(quoteInWord.message).toContain("the unquoted value a@x.com' contains a quote");
    // Other errors in a PATCH path keep their scimType.
    expect(errorOf(parsePatchPath('members[value eq "x"')).scimType).toBe('invalidPath');
  });
});
