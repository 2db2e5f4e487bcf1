/**
 * Error messages for the filter language, written for the person who typed the filter: what was expected and
 * what was found instead. Offsets are reported separately by the caller.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import {
  continuesUnquotedValue,
  describeQuoteInUnquotedValue,
  describeSingleQuotedValue,
  describeStraySingleQuote,
  isQuote,
} from './misquoted-values.ts';
import { CompareOperator, RBracket, RParen } from './tokens.ts';

/** The parser rules that may be invoked as the top rule, and how a message names their input. */
const inputNames: Record<string, string> = {
  filter: 'filter',
  patchPath: 'path',
  attributePath: 'attribute path',
};

function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the input';
  return `'${token.image}'`;
}

function tokenLabel(tokenType: TokenType): string {
  return tokenType.LABEL ?? tokenType.name;
}

function afterPrevious(previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || previous.image === '') return '';
  return ` after '${previous.image}'`;
}

/** "a, b or c" */
function oneOf(labels: string[]): string {
  const unique = [...new Set(labels)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
}

function firstTokensOf(paths: TokenType[][]): string[] {
  return paths.flatMap((path) => (path[0] ? [tokenLabel(path[0])] : []));
}

export const parserErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    return `expected ${tokenLabel(expected)}${afterPrevious(previous)} but found ${describeToken(actual)}`;
  },

  buildNotAllInputParsedMessage({ firstRedundant, ruleName }) {
    if (firstRedundant.tokenType === RParen) return "unbalanced ')': there is no '(' to close";
    if (firstRedundant.tokenType === RBracket) return "unbalanced ']': there is no '[' to close";
    const input = inputNames[ruleName] ?? 'input';
    const expected =
      ruleName === 'filter' ? "'and', 'or' or the end of the filter" : `the end of the ${input}`;
    return `expected ${expected} but found ${describeToken(firstRedundant)}`;
  },

  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous }) {
    const expected = oneOf(expectedPathsPerAlt.flatMap(firstTokensOf));
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the input';
    return `expected ${expected}${afterPrevious(previous)} but found ${found}`;
  },

  buildEarlyExitMessage({ expectedIterationPaths, actual, previous }) {
    const expected = oneOf(firstTokensOf(expectedIterationPaths));
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the input';
    return `expected at least one ${expected}${afterPrevious(previous)} but found ${found}`;
  },
};

export interface PositionedMessage {
  message: string;
  offset: number;
  /** Set when the problem is in a filter value, which makes it `invalidFilter` even inside a PATCH path. */
  scimType?: 'invalidFilter';
}

const VALID_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Why a string literal starting at `start` did not lex: an invalid escape or a missing closing quote. */
function describeBadString(text: string, start: number): PositionedMessage {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') break;
    if (char === '\\') {
      const escaped = text[index + 1];
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
          return { message: "invalid escape in string: '\\u' needs four hex digits", offset: index };
        }
        index += 6;
        continue;
      }
      if (escaped === undefined || !VALID_ESCAPES.has(escaped)) {
        const shown = escaped === undefined ? '\\' : `\\${escaped}`;
        return {
          message: `invalid escape '${shown}' in string: use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX`,
          offset: index,
        };
      }
      index += 2;
      continue;
    }
    index += 1;
  }
  return {
    message: `unterminated string: add the closing '"' to the string that starts here`,
    offset: start,
  };
}

/**
 * A character the lexer could not read. `previous` is the last token before it; after a comparison operator
 * the lexer expects a value, which changes what is worth saying.
 */
export function describeUnexpectedCharacter(
  text: string,
  offset: number,
  previous: IToken | undefined,
): PositionedMessage {
  // The whole code point: half of a surrogate pair (an emoji, a mathematical letter) is unreadable.
  const codePoint = text.codePointAt(offset);
  const char = codePoint === undefined ? '' : String.fromCodePoint(codePoint);
  if (isQuote(char) && continuesUnquotedValue(previous, offset)) {
    return describeQuoteInUnquotedValue(text, previous, offset);
  }
  const afterOperator = previous !== undefined && isCompareOperator(previous);
  if (char === '"' && afterOperator) return describeBadString(text, offset);
  if (char === "'" && afterOperator) return describeSingleQuotedValue(text, offset);
  if (afterOperator) {
    return {
      message: `expected a value (a "quoted string", a number, true, false or null) after '${previous.image}' but found ${quoteCharacter(char)}`,
      offset,
    };
  }
  if (char === '"') {
    return {
      message: `unexpected '"': a quoted value may only follow a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le)`,
      offset,
    };
  }
  if (char === "'") return describeStraySingleQuote(offset);
  if ('=<>!'.includes(char)) {
    return {
      message: `unexpected '${char}': SCIM comparison operators are words: eq, ne, co, sw, ew, gt, ge, lt, le`,
      offset,
    };
  }
  return {
    message: `unexpected character ${quoteCharacter(char)}: expected an attribute name, a keyword (and, or, not, pr, eq, ...) or one of ( ) [ ]`,
    offset,
  };
}

/** Control, format (bidi marks, zero-width), combining and space characters, which cannot be shown quoted. */
const INVISIBLE = /^[\p{C}\p{M}\p{Z}]$/u;

/** `'~'`, or `U+202E` for a character that would be invisible, or would reorder the message, if quoted. */
function quoteCharacter(char: string): string {
  if (!INVISIBLE.test(char)) return `'${char}'`;
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} (an invisible character)`;
}

function isCompareOperator(token: IToken): boolean {
  return token.tokenType.CATEGORIES?.includes(CompareOperator) ?? false;
}
