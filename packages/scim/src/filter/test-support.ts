/** Small AST builders for the tests, so expected trees read like the filters they stand for. */
import type { AttrPath, CompareOp, Filter, FilterValue } from './ast.ts';

/** `p('emails', 'value')`, `p('manager', 'value', ENTERPRISE)`. */
export function p(attr: string, sub?: string, uri?: string): AttrPath {
  return { ...(uri !== undefined && { uri }), attr, ...(sub !== undefined && { sub }) };
}

export function cmp(path: AttrPath | string, op: CompareOp, value: FilterValue): Filter {
  return { kind: 'compare', path: typeof path === 'string' ? p(path) : path, op, value };
}

export function pr(path: AttrPath | string): Filter {
  return { kind: 'present', path: typeof path === 'string' ? p(path) : path };
}

export const and = (left: Filter, right: Filter): Filter => ({ kind: 'and', left, right });
export const or = (left: Filter, right: Filter): Filter => ({ kind: 'or', left, right });
export const not = (filter: Filter): Filter => ({ kind: 'not', filter });

export function vp(path: AttrPath | string, filter: Filter): Filter {
  return { kind: 'valuePath', path: typeof path === 'string' ? p(path) : path, filter };
}

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
