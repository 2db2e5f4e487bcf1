export type * from './ast.ts';
export { isPresentValue, readAttrPath } from './attribute-values.ts';
export { type CompileFilterOptions, compileFilter, type ResourcePredicate } from './compile.ts';
export {
  type AttrPathParseResult,
  type FilterParseResult,
  type ParseResult,
  type PatchPathParseResult,
  parseAttrPath,
  parseFilter,
  parsePatchPath,
  type ScimSyntaxError,
  type ScimSyntaxErrorType,
} from './parse.ts';
export { printAttrPath, printFilter, printPatchPath } from './print.ts';
export { type FilterVisitor, visitFilter } from './visitor.ts';
