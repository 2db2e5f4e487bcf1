/**
 * The tokens of the SCIM filter and PATCH path language (RFC 7644 sections 3.4.2.2 and 3.5.2).
 *
 * The lexer has two modes. In the default mode words are attribute paths or keywords. A comparison operator
 * switches to the `value` mode for exactly one token, so the word after `eq` is read as a value: that is what
 * lets us accept the unquoted values Entra ID sends (`externalId eq jyoung`, `id eq 0f3e...`) without mistaking
 * them for attribute names, and without guessing anywhere else.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

const VALUE_MODE = 'value';
const DEFAULT_MODE = 'path';

/** ATTRNAME from RFC 7643 section 2.1, plus a leading `$` for `$ref`. */
const ATTR_NAME = String.raw`\$?[A-Za-z][\w-]*`;
/** `scheme:...:` up to the last colon that is followed by an attribute name; URNs contain dots and colons. */
const URI_PREFIX = String.raw`[A-Za-z][A-Za-z0-9+.-]*:[^\s()[\]"]*:`;
/** A value token must end at a delimiter, so `0f3e...` is one unquoted word and not the number 0. */
const VALUE_END = String.raw`(?![^\s()[\]])`;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });

/** `[uri:]attr[.sub]`, split into its parts by the CST visitor. */
export const AttrPathToken = createToken({
  name: 'AttrPath',
  pattern: new RegExp(`(?:${URI_PREFIX})?${ATTR_NAME}(?:\\.${ATTR_NAME})?`),
  label: 'an attribute name',
});
/** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
export const SubAttr = createToken({
  name: 'SubAttr',
  pattern: new RegExp(`\\.${ATTR_NAME}`),
  label: "a sub-attribute such as '.value'",
});

function keyword(name: string, word: string, extra: { push_mode?: string; categories?: TokenType[] } = {}) {
  return createToken({
    name,
    pattern: new RegExp(word, 'i'),
    label: `'${word}'`,
    // A longer word that starts with a keyword (`order`, `notes`, `prefix`) is an attribute name.
    longer_alt: AttrPathToken,
    ...extra,
  });
}

export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Not = keyword('Not', 'not');
export const Present = keyword('Present', 'pr');

export const CompareOperator = createToken({
  name: 'CompareOperator',
  pattern: Lexer.NA,
  label: 'a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le)',
});
const compareOperatorWords = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
const compareOperatorTokens = compareOperatorWords.map((word) =>
  keyword(`Op_${word}`, word, { push_mode: VALUE_MODE, categories: [CompareOperator] }),
);

export const ComparisonValue = createToken({
  name: 'ComparisonValue',
  pattern: Lexer.NA,
  label: 'a value (a "quoted string", a number, true, false or null)',
});
export const StringValue = createToken({
  name: 'StringValue',
  pattern: /"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/,
  pop_mode: true,
  categories: [ComparisonValue],
  label: 'a "quoted string"',
});
export const NumberValue = createToken({
  name: 'NumberValue',
  pattern: new RegExp(String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?${VALUE_END}`),
  pop_mode: true,
  categories: [ComparisonValue],
  label: 'a number',
});
export const TrueValue = createToken({
  name: 'TrueValue',
  pattern: new RegExp(`true${VALUE_END}`, 'i'),
  pop_mode: true,
  categories: [ComparisonValue],
  label: 'true',
});
export const FalseValue = createToken({
  name: 'FalseValue',
  pattern: new RegExp(`false${VALUE_END}`, 'i'),
  pop_mode: true,
  categories: [ComparisonValue],
  label: 'false',
});
export const NullValue = createToken({
  name: 'NullValue',
  pattern: new RegExp(`null${VALUE_END}`, 'i'),
  pop_mode: true,
  categories: [ComparisonValue],
  label: 'null',
});
/**
 * An unquoted word as Entra ID sends it: read as a string, up to whitespace, a bracket or a parenthesis. It never
 * holds a quote: `'alice@example.com'` or `O'Brien` is a string quoted the wrong way (RFC 7644 section 3.4.2.2
 * strings are JSON strings), and taken as a word it would match nothing. The quote is left for the lexer to
 * refuse, and error-messages.ts says how to write the value instead.
 */
export const BareValue = createToken({
  name: 'BareValue',
  pattern: /[^\s()[\]"']+/,
  pop_mode: true,
  categories: [ComparisonValue],
  label: 'an unquoted value',
});

const pathModeTokens: TokenType[] = [
  WhiteSpace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  SubAttr,
  And,
  Or,
  Not,
  Present,
  ...compareOperatorTokens,
  AttrPathToken,
];
const valueModeTokens: TokenType[] = [
  WhiteSpace,
  StringValue,
  NumberValue,
  TrueValue,
  FalseValue,
  NullValue,
  BareValue,
];

/** Every token type the parser may see, categories included. */
export const allTokenTypes: TokenType[] = [
  ...pathModeTokens,
  CompareOperator,
  ...valueModeTokens.filter((token) => token !== WhiteSpace),
  ComparisonValue,
];

export const lexerDefinition = {
  modes: { [DEFAULT_MODE]: pathModeTokens, [VALUE_MODE]: valueModeTokens },
  defaultMode: DEFAULT_MODE,
};
