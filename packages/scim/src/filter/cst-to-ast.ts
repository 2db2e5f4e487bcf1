/**
 * Turns the parser's concrete syntax tree into the filter AST (ast.ts). Checks the grammar cannot express are
 * made here and reported with the offset of the offending token: value filters after a sub-attribute or nested
 * in another value filter (RFC 7644 errata 4690), and values an operator cannot compare (RFC 7644 section
 * 3.4.2.2: booleans and null cannot be ordered).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { AttrPath, CompareOp, Filter, FilterValue, PatchPath } from './ast.ts';
import type {
  AndExpressionCstChildren,
  AttributeExpressionCstChildren,
  AttributePathCstChildren,
  AttributePathCstNode,
  AttributeTestCstChildren,
  FilterCstChildren,
  FilterCstNode,
  FilterCstVisitor,
  GroupCstChildren,
  NegationCstChildren,
  OrExpressionCstChildren,
  PatchPathCstChildren,
  PatchPathCstNode,
  UnaryExpressionCstChildren,
  ValueFilterCstChildren,
} from './cst.generated.ts';
import { filterParser } from './parser.ts';
import { FalseValue, NullValue, NumberValue, StringValue, TrueValue } from './tokens.ts';

/** A problem found while building the AST; `offset` points at the token at fault. */
export class FilterSemanticError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'FilterSemanticError';
  }
}

/** What an attribute test contributes before it is attached to its path. */
type AttributeTest = { kind: 'present' } | { kind: 'compare'; op: CompareOp; value: FilterValue };

const ORDERING_OPERATORS = new Set<CompareOp>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING_OPERATORS = new Set<CompareOp>(['co', 'sw', 'ew']);

/** Splits `[uri:]attr[.sub]`; the URI ends at the last colon, since URNs contain colons and dots themselves. */
export function splitAttrPath(image: string): AttrPath {
  const lastColon = image.lastIndexOf(':');
  const uri = lastColon >= 0 ? image.slice(0, lastColon) : undefined;
  const rest = image.slice(lastColon + 1);
  const dot = rest.indexOf('.');
  const attr = dot >= 0 ? rest.slice(0, dot) : rest;
  const sub = dot >= 0 ? rest.slice(dot + 1) : undefined;
  return { ...(uri !== undefined && { uri }), attr, ...(sub !== undefined && { sub }) };
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Decodes a JSON string literal the lexer already validated (raw control characters are tolerated). */
function decodeStringLiteral(image: string): string {
  return image
    .slice(1, -1)
    .replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, sequence: string) =>
      sequence.length === 5
        ? String.fromCharCode(Number.parseInt(sequence.slice(1), 16))
        : (JSON_ESCAPES[sequence] ?? sequence),
    );
}

/** `1e400` is valid number syntax but no finite number: nothing could equal it, and it cannot be printed back. */
function decodeNumber(token: IToken): number {
  const value = Number(token.image);
  if (!Number.isFinite(value)) {
    throw new FilterSemanticError(
      `the number ${token.image} is out of range; numbers must be finite (at most about 1.8e308)`,
      token.startOffset,
    );
  }
  return value;
}

function decodeValue(token: IToken): FilterValue {
  switch (token.tokenType) {
    case StringValue:
      return decodeStringLiteral(token.image);
    case NumberValue:
      return decodeNumber(token);
    case TrueValue:
      return true;
    case FalseValue:
      return false;
    case NullValue:
      return null;
    default:
      // An unquoted value (Entra ID): the word itself.
      return token.image;
  }
}

function checkOperand(op: CompareOp, value: FilterValue, token: IToken): void {
  if (typeof value === 'string' || typeof value === 'number') return;
  if (ORDERING_OPERATORS.has(op)) {
    throw new FilterSemanticError(
      `'${op}' orders strings, numbers and dates; ${String(value)} cannot be ordered (use eq or ne)`,
      token.startOffset,
    );
  }
  if (SUBSTRING_OPERATORS.has(op)) {
    throw new FilterSemanticError(
      `'${op}' matches part of a string; compare ${String(value)} with eq or ne instead`,
      token.startOffset,
    );
  }
}

function first<T>(items: T[] | undefined, what: string): T {
  const item = items?.[0];
  if (item === undefined) throw new Error(`filter CST is missing ${what}`);
  return item;
}

/** The visitor's parameter: the path a value filter `[...]` follows. */
const BaseVisitor = filterParser.getBaseCstVisitorConstructor<AttrPath, unknown>();

/**
 * One method per grammar rule (the generated `FilterCstVisitor` makes that a compile-time check). Rules call each
 * other directly rather than through `visit`, so every step keeps its generated children type and its result type.
 */
class CstToAst extends BaseVisitor implements FilterCstVisitor<AttrPath, unknown> {
  /** Set while inside `attr[...]`, where another value filter is not allowed. */
  private insideValueFilter = false;

  constructor() {
    super();
    this.validateVisitor();
  }

  /** Clears per-parse state; the visitor is a singleton reused across parses. */
  reset(): void {
    this.insideValueFilter = false;
  }

  filter(ctx: FilterCstChildren): Filter {
    return this.orExpression(first(ctx.orExpression, 'orExpression').children);
  }

  orExpression(ctx: OrExpressionCstChildren): Filter {
    return foldOperands(
      ctx.operands.map((operand) => this.andExpression(operand.children)),
      'or',
    );
  }

  andExpression(ctx: AndExpressionCstChildren): Filter {
    return foldOperands(
      ctx.operands.map((operand) => this.unaryExpression(operand.children)),
      'and',
    );
  }

  unaryExpression(ctx: UnaryExpressionCstChildren): Filter {
    const negation = ctx.negation?.[0];
    if (negation !== undefined) return this.negation(negation.children);
    const group = ctx.group?.[0];
    if (group !== undefined) return this.group(group.children);
    return this.attributeExpression(first(ctx.attributeExpression, 'an expression').children);
  }

  negation(ctx: NegationCstChildren): Filter {
    return { kind: 'not', filter: this.group(first(ctx.group, 'group').children) };
  }

  group(ctx: GroupCstChildren): Filter {
    return this.orExpression(first(ctx.orExpression, 'orExpression').children);
  }

  attributeExpression(ctx: AttributeExpressionCstChildren): Filter {
    const path = splitAttrPath(first(ctx.AttrPath, 'an attribute path').image);
    const valueFilterNode = ctx.valueFilter?.[0];
    if (valueFilterNode === undefined) {
      return withTest(path, this.attributeTest(first(ctx.attributeTest, 'an attribute test').children));
    }
    let filter = this.valueFilter(valueFilterNode.children, path);
    const sub = ctx.SubAttr?.[0];
    if (sub !== undefined) {
      // `emails[type eq "work"].value eq "x"` means: some element has type "work" and value "x".
      const test = this.attributeTest(first(ctx.attributeTest, 'an attribute test').children);
      filter = { kind: 'and', left: filter, right: withTest({ attr: sub.image.slice(1) }, test) };
    }
    return { kind: 'valuePath', path, filter };
  }

  attributeTest(ctx: AttributeTestCstChildren): AttributeTest {
    if (ctx.Present !== undefined) return { kind: 'present' };
    const operator = first(ctx.CompareOperator, 'a comparison operator');
    const valueToken = first(ctx.ComparisonValue, 'a value');
    const op = operator.image.toLowerCase() as CompareOp;
    const value = decodeValue(valueToken);
    checkOperand(op, value, valueToken);
    return { kind: 'compare', op, value };
  }

  /** `[...]` after `path`: checks where it may appear, then builds the element filter. */
  valueFilter(ctx: ValueFilterCstChildren, path: AttrPath): Filter {
    const bracket = first(ctx.LBracket, "'['");
    if (this.insideValueFilter) {
      throw new FilterSemanticError(
        `value filters cannot be nested: '${path.attr}[...]' appears inside another '[...]'`,
        bracket.startOffset,
      );
    }
    if (path.sub !== undefined) {
      throw new FilterSemanticError(
        `'[...]' must follow a multi-valued attribute such as 'emails', not the sub-attribute '${path.attr}.${path.sub}'`,
        bracket.startOffset,
      );
    }
    this.insideValueFilter = true;
    try {
      return this.orExpression(first(ctx.orExpression, 'orExpression').children);
    } finally {
      this.insideValueFilter = false;
    }
  }

  patchPath(ctx: PatchPathCstChildren): PatchPath {
    const path = splitAttrPath(first(ctx.AttrPath, 'an attribute path').image);
    const valueFilterNode = ctx.valueFilter?.[0];
    if (valueFilterNode === undefined) return { path };
    const filter = this.valueFilter(valueFilterNode.children, path);
    const sub = ctx.SubAttr?.[0];
    return { path, filter, ...(sub !== undefined && { sub: sub.image.slice(1) }) };
  }

  attributePath(ctx: AttributePathCstChildren): AttrPath {
    return splitAttrPath(first(ctx.AttrPath, 'an attribute path').image);
  }
}

function withTest(path: AttrPath, test: AttributeTest): Filter {
  return test.kind === 'present'
    ? { kind: 'present', path }
    : { kind: 'compare', path, op: test.op, value: test.value };
}

/** `a and b and c` is left-associative: `((a and b) and c)`. */
function foldOperands(operands: Filter[], kind: 'and' | 'or'): Filter {
  const [head, ...rest] = operands;
  if (head === undefined) throw new Error(`filter CST has an empty ${kind} expression`);
  return rest.reduce<Filter>((left, right) => ({ kind, left, right }), head);
}

const cstToAst = new CstToAst();

/** The parser returns every rule's tree as a plain `CstNode`; its rule name says which generated type it is. */
function isRule<N extends CstNode>(cst: CstNode, name: N['name']): cst is N {
  return cst.name === name;
}

/** Checks the tree is the rule's, clears the visitor's per-parse state and builds the rule's AST. */
function fromCst<N extends CstNode, V>(
  cst: CstNode,
  rule: N['name'],
  build: (children: N['children']) => V,
): V {
  if (!isRule<N>(cst, rule)) throw new Error(`expected a ${rule} CST, got ${cst.name}`);
  cstToAst.reset();
  return build(cst.children);
}

export const filterFromCst = (cst: CstNode): Filter =>
  fromCst<FilterCstNode, Filter>(cst, 'filter', (children) => cstToAst.filter(children));

export const patchPathFromCst = (cst: CstNode): PatchPath =>
  fromCst<PatchPathCstNode, PatchPath>(cst, 'patchPath', (children) => cstToAst.patchPath(children));

export const attrPathFromCst = (cst: CstNode): AttrPath =>
  fromCst<AttributePathCstNode, AttrPath>(cst, 'attributePath', (children) =>
    cstToAst.attributePath(children),
  );
