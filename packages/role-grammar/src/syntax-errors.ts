/**
 * Turns Chevrotain's error information (the failing rule, the token found, the token before it and what the
 * parser expected) into a specific, actionable `RoleNameError`.
 */
import {
  EOF,
  type ILexingError,
  type IRecognitionException,
  type IToken,
  type TokenType,
  tokenMatcher,
} from 'chevrotain';
import { ContextTypeKeyword, Digits, RoleWord, Underscore } from './tokens.ts';
import { CONTEXT_TYPES, type ContextType, type RoleNameError, type RoleNameErrorCode } from './types.ts';

const CONTEXT_TYPE_LIST = 'ACCOUNT, RETAILER or AGENT';
const EXAMPLE = 'e.g. AGENT_134_STORE_ASSISTANT';
const CONTEXT_NOUN: Record<ContextType, string> = {
  ACCOUNT: 'account',
  RETAILER: 'retailer',
  AGENT: 'location',
};

/** Where the text sits: offsets in tokens are relative to the trimmed text, errors report original offsets. */
export interface ErrorContext {
  /** Characters trimmed from the start of the original text. */
  lead: number;
  /** Offset (in the trimmed text) where input ends for the parser: its length, or the bad character. */
  endOffset: number;
  /** The token just before the ROLE part (the second separator), when parsing a whole role name. */
  roleSeparator: IToken | undefined;
  /** The trimmed text, for messages that quote what was read before the error. */
  trimmed: string;
}

export function lexingError(error: ILexingError, text: string, lead: number): RoleNameError {
  // The whole code point: an emoji or a mathematical letter is two UTF-16 units, and half of one is unreadable.
  const char = String.fromCodePoint(text.codePointAt(error.offset) ?? 0xfffd);
  return {
    code: 'unexpected-character',
    message: `unexpected ${describeChar(char)}: a role name contains only letters, digits and '_' (${EXAMPLE})`,
    offset: lead + error.offset,
    expected: ['letter', 'digit', '_'],
  };
}

export function syntaxError(
  exception: IRecognitionException,
  expected: readonly TokenType[],
  context: ErrorContext,
): RoleNameError {
  const found = exception.token;
  const atEnd = found.tokenType === EOF;
  const relativeOffset = atEnd ? context.endOffset : found.startOffset;
  const offset = context.lead + relativeOffset;
  const consumed = context.trimmed.slice(0, relativeOffset);
  const previous = (exception as { previousToken?: IToken }).previousToken;
  const rule = exception.context.ruleStack.at(-1) ?? '';
  const error = (code: RoleNameErrorCode, message: string, at = offset): RoleNameError => ({
    code,
    message,
    offset: at,
    expected: expected.flatMap(describeExpected),
  });

  if (exception.name === 'NotAllInputParsedException') {
    return error('unexpected-character', `unexpected '${found.image}' after the role`);
  }

  switch (rule) {
    case 'contextType': {
      if (atEnd)
        return error('empty', `the role name is empty: expected CONTEXT_TYPE_CONTEXT_ID_ROLE, ${EXAMPLE}`);
      if (tokenMatcher(found, Underscore)) {
        return error(
          'unknown-context-type',
          `missing context type before '_': expected ${CONTEXT_TYPE_LIST}`,
        );
      }
      return error(
        'unknown-context-type',
        `unknown context type '${found.image}': expected ${CONTEXT_TYPE_LIST}${missingSeparatorHint(found.image)}`,
      );
    }
    case 'contextId': {
      const noun = contextNoun(previous, consumed);
      if (atEnd) {
        return error(
          'missing-context-id',
          `missing context id after '${consumed}': expected the ${noun}'s numeric id`,
        );
      }
      if (tokenMatcher(found, Underscore)) {
        return error(
          'missing-context-id',
          `missing context id before '_': expected the ${noun}'s numeric id`,
        );
      }
      const firstNonDigit = found.image.search(/[^0-9]/);
      return error(
        'invalid-context-id',
        `context id '${found.image}' is not numeric: expected the ${noun}'s numeric id (digits only)`,
        offset + Math.max(firstNonDigit, 0),
      );
    }
    case 'role': {
      const atRoleStart =
        previous === undefined || previous === context.roleSeparator || previous.tokenType === EOF;
      if (atRoleStart && atEnd) {
        const after = consumed ? ` after '${consumed}'` : '';
        return error('empty-role', `empty role${after}: expected a platform role or logical role id`);
      }
      if (atRoleStart)
        return error('invalid-role', `the role must start with a letter or digit, found '${found.image}'`);
      if (atEnd)
        return error('invalid-role', `the role must not end with '_': expected a letter or digit after it`);
      return error('invalid-role', `the role must not contain '__': expected a letter or digit after '_'`);
    }
    default: {
      // Rule `roleName`: a separator was expected after the context type or after the context id.
      const afterContextType = previous !== undefined && tokenMatcher(previous, ContextTypeKeyword);
      const what = afterContextType ? 'the context type' : 'the context id';
      const next = afterContextType ? 'the context id' : 'the role';
      if (atEnd) {
        return error('missing-separator', `'${consumed}' ends after ${what}: expected '_' and ${next}`);
      }
      return error('missing-separator', `expected '_' after ${what}, found '${found.image}'`);
    }
  }
}

function contextNoun(previous: IToken | undefined, consumed: string): string {
  const typed = previous && tokenMatcher(previous, Underscore) ? consumed.slice(0, -1).toUpperCase() : '';
  return (CONTEXT_TYPES as readonly string[]).includes(typed)
    ? CONTEXT_NOUN[typed as ContextType]
    : 'context';
}

/** `AGENT134` or `RETAILERX`: a context type glued to what follows is almost always a missing separator. */
function missingSeparatorHint(image: string): string {
  const upper = image.toUpperCase();
  const glued = CONTEXT_TYPES.find((type) => upper.startsWith(type) && upper.length > type.length);
  return glued ? ` (is '_' missing after '${image.slice(0, glued.length)}'?)` : '';
}

function describeExpected(token: TokenType): string[] {
  if (token === ContextTypeKeyword) return [...CONTEXT_TYPES];
  if (token === Underscore) return ['_'];
  if (token === Digits) return ['digit'];
  if (token === RoleWord) return ['letter', 'digit'];
  return [token.name];
}

/** Control, format (bidi marks, zero-width), combining and space characters, which cannot be shown quoted. */
const INVISIBLE = /^[\p{C}\p{M}\p{Z}]$/u;

function describeChar(char: string): string {
  if (char === ' ') return 'space';
  if (char === '\t') return 'tab';
  if (char === '\n' || char === '\r') return 'line break';
  const codePoint = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  // A right-to-left override quoted in a message would reorder the message itself; name it instead.
  if (INVISIBLE.test(char)) return `invisible character ${codePoint}`;
  return `character '${char}' (${codePoint})`;
}
