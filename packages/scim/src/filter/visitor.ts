/**
 * One method per filter node kind, so each consumer of the AST (in-memory predicate, SQL translation, printer)
 * is a visitor and a new node kind breaks every consumer at compile time rather than at run time.
 */
import type {
  AndFilter,
  CompareFilter,
  Filter,
  NotFilter,
  OrFilter,
  PresentFilter,
  ValuePathFilter,
} from './ast.ts';

export interface FilterVisitor<T> {
  compare(node: CompareFilter): T;
  present(node: PresentFilter): T;
  and(node: AndFilter): T;
  or(node: OrFilter): T;
  not(node: NotFilter): T;
  /** `node.filter` applies to each element of `node.path`; its paths are relative to the element. */
  valuePath(node: ValuePathFilter): T;
}

/** Dispatches `filter` to the visitor method for its kind. Visitors recurse by calling this on child nodes. */
export function visitFilter<T>(filter: Filter, visitor: FilterVisitor<T>): T {
  switch (filter.kind) {
    case 'compare':
      return visitor.compare(filter);
    case 'present':
      return visitor.present(filter);
    case 'and':
      return visitor.and(filter);
    case 'or':
      return visitor.or(filter);
    case 'not':
      return visitor.not(filter);
    case 'valuePath':
      return visitor.valuePath(filter);
  }
}
