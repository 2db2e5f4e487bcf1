/**
 * The entry points of the filter language: text in, AST or a positioned, actionable error out. Never throws for
 * bad input; the HTTP layer turns an error into a SCIM 400 with the given `scimType`.
 */
import { type CstNode, type IRecognitionException, type IToken, Lexer } from 'chevrotain';
import type { AttrPath, Filter, PatchPath } from './ast.ts';
import { attrPathFromCst, FilterSemanticError, filterFromCst, patchPathFromCst } from './cst-to-ast.ts';
import { describeUnexpectedCharacter, type PositionedMessage } from './error-messages.ts';
import { checkLength, checkTokenLimits } from './limits.ts';
import { filterParser } from './parser.ts';
import { lexerDefinition } from './tokens.ts';

export type ScimSyntaxErrorType = 'invalidFilter' | 'invalidPath';

export interface ScimSyntaxError<T extends ScimSyntaxErrorType> {
  /** Says where, what was expected and what was found, e.g. "Invalid filter at offset 9: expected ...". */
  message: string;
  /** 0-based offset into the parsed text. */
  offset: number;
  scimType: T;
}

export type ParseResult<V, T extends ScimSyntaxErrorType> =
  | { ok: true; value: V }
  | { ok: false; error: ScimSyntaxError<T> };

export type FilterParseResult = ParseResult<Filter, 'invalidFilter'>;
/** `invalidFilter` when the path's value filter has a value quoted the wrong way (misquoted-values.ts). */
export type PatchPathParseResult = ParseResult<PatchPath, 'invalidPath' | 'invalidFilter'>;
export type AttrPathParseResult = ParseResult<AttrPath, 'invalidPath'>;

/** Built once; lexing is stateless between calls. */
const lexer = new Lexer(lexerDefinition, { positionTracking: 'onlyOffset', ensureOptimizations: false });

type StartRule = 'filter' | 'patchPath' | 'attributePath';

const SUBJECT: Record<StartRule, string> = {
  filter: 'filter',
  patchPath: 'PATCH path',
  attributePath: 'attribute path',
};

function lastTokenBefore(tokens: IToken[], offset: number): IToken | undefined {
  let previous: IToken | undefined;
  for (const token of tokens) {
    if (token.startOffset >= offset) break;
    previous = token;
  }
  return previous;
}

function parserErrorPosition(error: IRecognitionException, text: string): PositionedMessage {
  // Chevrotain's end-of-input token has no offset; the problem is then at the end of the text.
  const offset = Number.isNaN(error.token.startOffset) ? text.length : error.token.startOffset;
  return { message: error.message, offset };
}

/** Lexes and parses `text` with `rule`; returns the AST `toAst` builds from the CST, or the earliest error. */
function run<V>(
  text: string,
  rule: StartRule,
  toAst: (cst: CstNode) => V,
): { ok: true; value: V } | { ok: false; error: PositionedMessage } {
  if (text.trim() === '') {
    return { ok: false, error: { message: `the ${SUBJECT[rule]} is empty`, offset: 0 } };
  }
  const tooLong = checkLength(text, SUBJECT[rule]);
  if (tooLong) return { ok: false, error: tooLong };
  const lexed = lexer.tokenize(text);

  // The lexer skips characters it cannot read and carries on, so a parser error after the first lexing error
  // may be an artefact of the skip; the earliest problem is the one to report.
  const lexingError = lexed.errors[0];
  const lexingProblem =
    lexingError &&
    describeUnexpectedCharacter(text, lexingError.offset, lastTokenBefore(lexed.tokens, lexingError.offset));
  // Limits are checked before the parser recurses: past them it could exhaust the stack.
  const overLimit = checkTokenLimits(lexed.tokens);
  if (overLimit) {
    const earlier = lexingProblem && lexingProblem.offset < overLimit.offset ? lexingProblem : overLimit;
    return { ok: false, error: earlier };
  }

  filterParser.input = lexed.tokens;
  const cst = filterParser[rule]();
  const parsingError = filterParser.errors[0];
  const parsingProblem = parsingError && parserErrorPosition(parsingError, text);
  if (lexingProblem && (!parsingProblem || lexingProblem.offset <= parsingProblem.offset)) {
    return { ok: false, error: lexingProblem };
  }
  if (parsingProblem) return { ok: false, error: parsingProblem };

  try {
    return { ok: true, value: toAst(cst) };
  } catch (error) {
    if (error instanceof FilterSemanticError) {
      return { ok: false, error: { message: error.message, offset: error.offset } };
    }
    throw error;
  }
}

/**
 * `filterValueScimType` is what a problem in a filter value is called: `invalidFilter` wherever a filter can stand,
 * and for attribute paths, which hold no values, the same as any other problem.
 */
function parseWith<V, T extends ScimSyntaxErrorType, U extends ScimSyntaxErrorType>(
  text: string,
  rule: StartRule,
  toAst: (cst: CstNode) => V,
  scimType: T,
  filterValueScimType: U,
): ParseResult<V, T | U> {
  const result = run(text, rule, toAst);
  if (result.ok) return result;
  const { message, offset } = result.error;
  return {
    ok: false,
    error: {
      message: `Invalid ${SUBJECT[rule]} at offset ${offset}: ${message}`,
      offset,
      scimType: result.error.scimType === 'invalidFilter' ? filterValueScimType : scimType,
    },
  };
}

/** Parses a `filter` query parameter (RFC 7644 section 3.4.2.2), accepting Entra ID's unquoted values. */
export function parseFilter(text: string): FilterParseResult {
  return parseWith(text, 'filter', filterFromCst, 'invalidFilter', 'invalidFilter');
}

/** Parses a PATCH operation `path` (RFC 7644 section 3.5.2): `attrPath / valuePath [subAttr]`. */
export function parsePatchPath(text: string): PatchPathParseResult {
  return parseWith(text, 'patchPath', patchPathFromCst, 'invalidPath', 'invalidFilter');
}

/** Parses a bare attribute path as used by `sortBy`, `attributes` and `excludedAttributes`. */
export function parseAttrPath(text: string): AttrPathParseResult {
  return parseWith(text, 'attributePath', attrPathFromCst, 'invalidPath', 'invalidPath');
}
