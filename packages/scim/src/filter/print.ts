/**
 * Canonical text for filters and paths: lower-case keywords, JSON strings, parentheses only where precedence
 * needs them. The output parses back to the same AST (`parseFilter(printFilter(f))` deep-equals `f`).
 */
import type { AttrPath, Filter, FilterValue, PatchPath } from './ast.ts';
import { type FilterVisitor, visitFilter } from './visitor.ts';

export function printAttrPath(path: AttrPath): string {
  const name = path.sub === undefined ? path.attr : `${path.attr}.${path.sub}`;
  return path.uri === undefined ? name : `${path.uri}:${name}`;
}

function printValue(value: FilterValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`a filter cannot contain the number ${value}`);
    // String(-0) is "0"; keep the sign so the text parses back to the same value.
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return String(value);
}

/** Binding strength: a child binding more loosely than its parent's operator needs parentheses. */
function precedence(filter: Filter): number {
  if (filter.kind === 'or') return 1;
  if (filter.kind === 'and') return 2;
  return 3;
}

/**
 * `and`/`or` are parsed left-associatively, so a right operand of the same operator needs parentheses to keep
 * its place in the tree, and a left one does not.
 */
function operand(child: Filter, parentPrecedence: number, side: 'left' | 'right'): string {
  const text = printFilter(child);
  const childPrecedence = precedence(child);
  const needsParentheses =
    childPrecedence < parentPrecedence || (side === 'right' && childPrecedence === parentPrecedence);
  return needsParentheses ? `(${text})` : text;
}

const printer: FilterVisitor<string> = {
  compare: (node) => `${printAttrPath(node.path)} ${node.op} ${printValue(node.value)}`,
  present: (node) => `${printAttrPath(node.path)} pr`,
  and: (node) => `${operand(node.left, 2, 'left')} and ${operand(node.right, 2, 'right')}`,
  or: (node) => `${operand(node.left, 1, 'left')} or ${operand(node.right, 1, 'right')}`,
  not: (node) => `not (${printFilter(node.filter)})`,
  valuePath: (node) => `${printAttrPath(node.path)}[${printFilter(node.filter)}]`,
};

export function printFilter(filter: Filter): string {
  return visitFilter(filter, printer);
}

export function printPatchPath(patchPath: PatchPath): string {
  const base = printAttrPath(patchPath.path);
  if (patchPath.filter === undefined) return base;
  const sub = patchPath.sub === undefined ? '' : `.${patchPath.sub}`;
  return `${base}[${printFilter(patchPath.filter)}]${sub}`;
}
