/**
 * Bounds on the work one filter or path may ask for. Filters arrive in URLs and `/.search` bodies from anyone
 * holding a token: without bounds, 1,000 nested parentheses overflow the recursive-descent parser's stack, and a
 * chain of thousands of `or`s builds a tree deeper than the store's SQL translation (and SQLite's expression depth
 * limit of 1,000) can take. Real IdPs send a handful of comparisons, so the limits are far above what they need.
 */
import type { IToken } from 'chevrotain';
import type { PositionedMessage } from './error-messages.ts';
import { And, LBracket, LParen, Or, RBracket, RParen } from './tokens.ts';

/** Longer than any URL a server accepts by default (node: 16 KiB of headers) once percent-encoding is undone. */
export const MAX_FILTER_LENGTH = 10_000;
/** Parentheses and value-filter brackets, counted together. */
export const MAX_NESTING_DEPTH = 32;
/** `and` plus `or` operators: a filter of 256 comparisons at most. */
export const MAX_LOGICAL_OPERATORS = 255;

export function checkLength(text: string, subject: string): PositionedMessage | undefined {
  if (text.length <= MAX_FILTER_LENGTH) return undefined;
  return {
    message: `the ${subject} is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted`,
    offset: MAX_FILTER_LENGTH,
  };
}

/** Checks the lexed tokens before the parser recurses over them; the first token over a limit is reported. */
export function checkTokenLimits(tokens: readonly IToken[]): PositionedMessage | undefined {
  let depth = 0;
  let operators = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === LParen || type === LBracket) {
      depth += 1;
      if (depth > MAX_NESTING_DEPTH) {
        return {
          message: `'${token.image}' nests deeper than ${MAX_NESTING_DEPTH} levels of parentheses and brackets; simplify the expression`,
          offset: token.startOffset,
        };
      }
    } else if (type === RParen || type === RBracket) {
      depth = Math.max(0, depth - 1);
    } else if (type === And || type === Or) {
      operators += 1;
      if (operators > MAX_LOGICAL_OPERATORS) {
        return {
          message: `more than ${MAX_LOGICAL_OPERATORS} 'and'/'or' operators; split the query into several requests`,
          offset: token.startOffset,
        };
      }
    }
  }
  return undefined;
}
