/**
 * The hot path: trim, lex, parse, visit. Lexer, parser and visitor are built once at module load and reused,
 * which is what makes parsing a name a few microseconds.
 */
import { type CstNode, type IRecognitionException, type IToken, tokenMatcher } from 'chevrotain';
import { roleIdFromCst, roleRefFromCst } from './cst-visitor.ts';
import { roleNameParser } from './parser.ts';
import { lexingError, syntaxError } from './syntax-errors.ts';
import { RoleWord, roleNameLexer } from './tokens.ts';
import type { ParseResult, RoleNameError, RoleRef } from './types.ts';

/** Parses `CONTEXT_TYPE_CONTEXT_ID_ROLE`; surrounding whitespace is ignored, offsets refer to `text` as given. */
export function parseRoleName(text: string): ParseResult<RoleRef> {
  const parsed = parseWith(text, 'roleName');
  return parsed.ok ? { ok: true, value: roleRefFromCst(parsed.cst) } : parsed;
}

/** Parses only the ROLE part (a platform role id or logical role id), e.g. `STORE_ASSISTANT`. */
export function parseRoleId(text: string): ParseResult<string> {
  const parsed = parseWith(text, 'role');
  return parsed.ok ? { ok: true, value: roleIdFromCst(parsed.cst) } : parsed;
}

type Parsed = { ok: true; cst: CstNode } | { ok: false; error: RoleNameError };

function parseWith(text: string, rule: 'roleName' | 'role'): Parsed {
  const { lead, trimmed } = trimWhitespace(text);
  const lexed = roleNameLexer.tokenize(trimmed);
  const lexError = lexed.errors[0];
  roleNameParser.input = lexed.tokens;
  const cst = rule === 'roleName' ? roleNameParser.roleName() : roleNameParser.role();
  const parseError = roleNameParser.errors[0];
  if (!parseError && !lexError) return { ok: true, cst };

  // The lexer stopped at the first bad character; a parse error before it is the earlier mistake, unless the
  // parser failed on the very word that character cut short (`A\u0301CCOUNT` lexes as `A`): then quoting the
  // word would mislead, and the character is what to fix.
  const endOffset = lexError ? lexError.offset : trimmed.length;
  if (
    parseError &&
    (!lexError || (startsBefore(parseError, endOffset) && !cutShort(parseError, endOffset)))
  ) {
    const roleSeparator = rule === 'roleName' ? lexed.tokens[3] : undefined;
    const context = { lead, endOffset, roleSeparator, trimmed };
    return { ok: false, error: syntaxError(parseError, roleNameParser.expectations.expected, context) };
  }
  // Only reachable with a lexing error (the branch above takes every parse error otherwise).
  return { ok: false, error: lexingError(lexError as NonNullable<typeof lexError>, trimmed, lead) };
}

function startsBefore(exception: IRecognitionException, offset: number): boolean {
  const token: IToken = exception.token;
  return Number.isFinite(token.startOffset) && token.startOffset < offset;
}

/** The failing token is a word that ends right where the bad character is: the lexer cut it short. */
function cutShort(exception: IRecognitionException, badCharacterOffset: number): boolean {
  const token: IToken = exception.token;
  // `onlyOffset` position tracking leaves endOffset unset, so the end comes from the image.
  return token.startOffset + token.image.length === badCharacterOffset && tokenMatcher(token, RoleWord);
}

/** Printable ASCII is never whitespace: the common case skips `trim()` altogether. */
function isPrintableAscii(code: number): boolean {
  return code > 32 && code < 127;
}

function trimWhitespace(text: string): { lead: number; trimmed: string } {
  if (isPrintableAscii(text.charCodeAt(0)) && isPrintableAscii(text.charCodeAt(text.length - 1))) {
    return { lead: 0, trimmed: text };
  }
  return { lead: text.length - text.trimStart().length, trimmed: text.trim() };
}
