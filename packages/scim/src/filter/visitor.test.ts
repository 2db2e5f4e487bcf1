import { describe, expect, it } from 'vitest';
import type { Filter } from './ast.ts';
import { parseFilter } from './parse.ts';
import { printAttrPath } from './print.ts';
import { type FilterVisitor, visitFilter } from './visitor.ts';

function parsed(text: string): Filter {
  const result = parseFilter(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** The attribute paths a filter reads, with element paths prefixed by their parent, as a store might index them. */
function pathsOf(filter: Filter, prefix = ''): string[] {
  const visitor: FilterVisitor<string[]> = {
    compare: (node) => [`${prefix}${printAttrPath(node.path)} ${node.op}`],
    present: (node) => [`${prefix}${printAttrPath(node.path)} pr`],
    and: (node) => [...visitFilter(node.left, visitor), ...visitFilter(node.right, visitor)],
    or: (node) => [...visitFilter(node.left, visitor), ...visitFilter(node.right, visitor)],
    not: (node) => visitFilter(node.filter, visitor).map((path) => `not ${path}`),
    valuePath: (node) => pathsOf(node.filter, `${printAttrPath(node.path)}.`),
  };
  return visitFilter(filter, visitor);
}

describe('visitFilter', () => {
  it('dispatches each node kind to its method, as a store translation would use it', () => {
    expect(
      pathsOf(parsed('userName eq "x" or not (title pr) and emails[type eq "work"].value co "@x.com"')),
    ).toEqual(['userName eq', 'not title pr', 'emails.type eq', 'emails.value co']);
  });

  it('returns what the visitor returns, of any type', () => {
    const depth: FilterVisitor<number> = {
      compare: () => 1,
      present: () => 1,
      and: (node) => 1 + Math.max(visitFilter(node.left, depth), visitFilter(node.right, depth)),
      or: (node) => 1 + Math.max(visitFilter(node.left, depth), visitFilter(node.right, depth)),
      not: (node) => 1 + visitFilter(node.filter, depth),
      valuePath: (node) => 1 + visitFilter(node.filter, depth),
    };
    expect(visitFilter(parsed('a pr'), depth)).toBe(1);
    expect(visitFilter(parsed('a pr and (b pr or not (c pr))'), depth)).toBe(4);
  });
});
