/**
 * The in-memory predicate for a filter, with SCIM semantics: case-insensitive attribute names, case-insensitive
 * strings unless the caller's schema says caseExact, and multi-valued attributes matching when any element
 * matches. Written as a FilterVisitor that builds a tree of closures once, so evaluating many resources does not
 * re-dispatch on the AST or re-ask the caseExact hook.
 */
import type { AttrPath, CompareFilter, Filter } from './ast.ts';
import { isPresentValue, isRecord, readAttrPath } from './attribute-values.ts';
import { compareValue } from './compare-values.ts';
import { type FilterVisitor, visitFilter } from './visitor.ts';

export type ResourcePredicate = (resource: Record<string, unknown>) => boolean;

export interface CompileFilterOptions {
  /**
   * Whether string values of this attribute compare case-sensitively (RFC 7643 `caseExact`), e.g. true for `id`.
   * Paths inside a value filter are given in full: `emails[type eq "work"]` asks about `{attr: 'emails',
   * sub: 'type'}`. Default: every attribute is case-insensitive.
   */
  caseExact?: (path: AttrPath) => boolean;
}

/** The path a caseExact lookup should see: inside `emails[...]`, `type` means `emails.type`. */
function schemaPath(path: AttrPath, parent: AttrPath | undefined): AttrPath {
  if (parent === undefined || path.uri !== undefined || path.sub !== undefined) return path;
  return { ...(parent.uri !== undefined && { uri: parent.uri }), attr: parent.attr, sub: path.attr };
}

/** A complex value compared without a sub-attribute stands for its `value` (`emails co "x"` = `emails.value`). */
function comparable(value: unknown): unknown {
  return isRecord(value) ? value.value : value;
}

function compileCompare(node: CompareFilter, caseExact: boolean): ResourcePredicate {
  const { path, op, value: expected } = node;
  const valuesOf = (resource: Record<string, unknown>) => readAttrPath(resource, path).map(comparable);
  if (expected === null) {
    // `x eq null` asks for an absent attribute; `x ne null` for a present one.
    const wantPresent = op === 'ne';
    return (resource) => valuesOf(resource).some(isPresentValue) === wantPresent;
  }
  if (op === 'ne') {
    // For a multi-valued attribute `ne` means no element equals the value; an absent attribute equals nothing.
    return (resource) =>
      !valuesOf(resource).some((actual) => compareValue(actual, 'eq', expected, caseExact));
  }
  return (resource) => valuesOf(resource).some((actual) => compareValue(actual, op, expected, caseExact));
}

function predicateBuilder(
  options: CompileFilterOptions,
  parent?: AttrPath,
): FilterVisitor<ResourcePredicate> {
  const builder: FilterVisitor<ResourcePredicate> = {
    compare: (node) => compileCompare(node, options.caseExact?.(schemaPath(node.path, parent)) ?? false),
    present: (node) => (resource) => readAttrPath(resource, node.path).some(isPresentValue),
    and: (node) => {
      const left = visitFilter(node.left, builder);
      const right = visitFilter(node.right, builder);
      return (resource) => left(resource) && right(resource);
    },
    or: (node) => {
      const left = visitFilter(node.left, builder);
      const right = visitFilter(node.right, builder);
      return (resource) => left(resource) || right(resource);
    },
    not: (node) => {
      const inner = visitFilter(node.filter, builder);
      return (resource) => !inner(resource);
    },
    valuePath: (node) => {
      const element = visitFilter(node.filter, predicateBuilder(options, node.path));
      // A simple multi-valued attribute's elements are seen as `{value: element}`, so `x[value eq "a"]` works.
      return (resource) =>
        readAttrPath(resource, node.path).some((item) => element(isRecord(item) ? item : { value: item }));
    },
  };
  return builder;
}

/**
 * Compiles `filter` into a predicate over a resource as JSON (attribute names in any case; extension attributes
 * under their URN key; `meta` included when the caller wants `meta.*` filters to match).
 */
export function compileFilter(filter: Filter, options: CompileFilterOptions = {}): ResourcePredicate {
  return visitFilter(filter, predicateBuilder(options));
}
