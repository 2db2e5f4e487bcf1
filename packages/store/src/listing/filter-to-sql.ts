/**
 * Translates a SCIM filter AST to a SQL condition: the SQL visitor beside the SCIM module's in-memory one. Where the whole filter maps onto columns
 * the translation is `exact`: the database alone decides, counts and pages. Where a part does not (an attribute
 * without a column, a value whose SCIM comparison SQL cannot reproduce), the translation is a superset: the
 * rows it selects are candidates for the in-memory predicate, which decides.
 *
 * Semantics follow the in-memory predicate exactly (`compileFilter`): `ne` is "no value equals", `eq null` is
 * "absent", multi-valued attributes match when any element does. Every condition produced is two-valued (never
 * SQL NULL), so `not` can negate it safely.
 */
import {
  type AttrPath,
  type CompareFilter,
  type CompareOp,
  type Filter,
  type FilterValue,
  type FilterVisitor,
  type PresentFilter,
  printAttrPath,
  visitFilter,
} from '@scim-connector/scim';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';
import { fold } from '../directory/fold.ts';
import {
  type ColumnField,
  type ElementTable,
  type ExtensionAttribute,
  type FilterTarget,
  ownEntry,
  type ValueSource,
} from './filter-targets.ts';

export type Condition = RawBuilder<SqlBool>;

/** `condition` undefined means "no restriction": every row is a candidate. */
export interface Translation {
  condition: Condition | undefined;
  exact: boolean;
}

const CANDIDATES_ONLY: Translation = { condition: undefined, exact: false };
const TRUE: Condition = sql<SqlBool>`(1 = 1)`;

function exact(condition: Condition): Translation {
  return { condition, exact: true };
}

function and(left: Condition, right: Condition): Condition {
  return sql<SqlBool>`(${left} and ${right})`;
}

function or(left: Condition, right: Condition): Condition {
  return sql<SqlBool>`(${left} or ${right})`;
}

function not(condition: Condition): Condition {
  return sql<SqlBool>`(not ${condition})`;
}

/** Strings the in-memory comparison would read as date-times (and so compare chronologically). */
const LOOKS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}/;
/** The date-time forms whose instant both sides compute identically (at most millisecond precision). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

const SQL_OPERATORS: Partial<Record<CompareOp, string>> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** What a field's values are compared with, or undefined when SQL cannot reproduce the SCIM comparison. */
function sqlValue(
  field: ColumnField,
  op: CompareOp,
  value: Exclude<FilterValue, null>,
): string | number | undefined {
  switch (field.kind) {
    case 'boolean':
      return op === 'eq' && typeof value === 'boolean' ? (value ? 1 : 0) : undefined;
    case 'datetime': {
      if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || !(op in SQL_OPERATORS)) return undefined;
      const time = Date.parse(value);
      return Number.isNaN(time) ? undefined : new Date(time).toISOString();
    }
    case 'folded':
    case 'exact': {
      if (typeof value !== 'string') return undefined;
      // Date-like text on both sides compares chronologically in SCIM, not as text.
      if (op in SQL_OPERATORS && LOOKS_LIKE_DATE.test(value)) return undefined;
      if (field.kind === 'exact') return value;
      return value === value.normalize('NFC') ? fold(value) : undefined;
    }
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The least string above every string that starts with `prefix`, in the byte order both databases compare text
 * in (SQLite BINARY, PostgreSQL "C": UTF-8 bytes, which order as code points): the prefix with its last code
 * point incremented. Undefined when there is none to give (an empty prefix, or one ending in U+10FFFF).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  // A lone surrogate (possible in JSON text) has no UTF-8 form to order by.
  if (LONE_SURROGATE.test(prefix)) return undefined;
  const points = Array.from(prefix, (char) => char.codePointAt(0) ?? 0);
  const last = points.pop();
  if (last === undefined || last >= 0x10ffff) return undefined;
  // Surrogate code points never appear in valid text: the next one after U+D7FF is U+E000.
  const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1;
  return String.fromCodePoint(...points, next);
}

function textOperand(value: string | number): Condition {
  return sql<SqlBool>`cast(${value} as text)`;
}

function comparison(
  dialect: DialectName,
  field: ColumnField,
  op: CompareOp,
  value: string | number,
): Condition {
  return onValue(field, (column) => comparisonOn(dialect, column, field, op, value));
}

function comparisonOn(
  dialect: DialectName,
  column: RawBuilder<unknown>,
  field: ColumnField,
  op: CompareOp,
  value: string | number,
): Condition {
  const operand = textOperand(value);
  let condition: Condition;
  switch (op) {
    case 'co':
      condition =
        dialect === 'postgres'
          ? sql<SqlBool>`strpos(${column}, ${operand}) > 0`
          : sql<SqlBool>`instr(${column}, ${operand}) > 0`;
      break;
    case 'sw': {
      const prefix = sql<SqlBool>`substr(${column}, 1, length(${operand})) = ${operand}`;
      // The same prefix as a range, so an index on the column is sought instead of every row tested.
      const upper = typeof value === 'string' ? prefixUpperBound(value) : undefined;
      condition =
        upper === undefined
          ? prefix
          : sql<SqlBool>`(${column} >= ${operand} and ${column} < ${textOperand(upper)} and ${prefix})`;
      break;
    }
    case 'ew':
      condition = sql<SqlBool>`(length(${column}) >= length(${operand}) and substr(${column}, length(${column}) - length(${operand}) + 1) = ${operand})`;
      break;
    default: {
      const operator = SQL_OPERATORS[op] ?? '=';
      condition =
        typeof value === 'number'
          ? sql<SqlBool>`${column} ${sql.raw(operator)} ${value}`
          : sql<SqlBool>`${column} ${sql.raw(operator)} ${operand}`;
    }
  }
  return field.nullable ? sql<SqlBool>`(${column} is not null and ${condition})` : condition;
}

/**
 * A condition on the field's value: on its column (folded in SQL when it says so), or, for a value read from
 * other tables, `id in` the rows of the first source where it holds, or of a later one when no earlier source
 * has a row for the resource (the precedence a `coalesce` over the sources would give).
 */
function onValue(field: ColumnField, condition: (value: RawBuilder<unknown>) => Condition): Condition {
  const { derived } = field;
  if (derived === undefined)
    return condition(field.foldInSql ? sql`lower(${sql.ref(field.column)})` : sql.ref(field.column));
  const id = sql.ref(derived.resourceId);
  const rows = (source: ValueSource, holds: Condition | undefined) => {
    const where = [source.where, holds].filter((part) => part !== undefined);
    const clause = where.map((part) => (typeof part === 'string' ? sql.raw(part) : part));
    return sql`select ${sql.raw(source.key)} from ${sql.raw(source.from)}${clause.length > 0 ? sql` where ${sql.join(clause, sql` and `)}` : sql``}`;
  };
  let result: Condition | undefined;
  const earlier: ValueSource[] = [];
  for (const source of derived.sources) {
    let part = sql<SqlBool>`${id} in (${rows(source, condition(sql.raw(source.value)))})`;
    for (const before of earlier) part = and(part, sql<SqlBool>`${id} not in (${rows(before, undefined)})`);
    result = result === undefined ? part : or(result, part);
    earlier.push(source);
  }
  return result ?? sql<SqlBool>`(1 = 0)`;
}

function presence(field: ColumnField): Condition {
  const textual = field.kind === 'folded' || field.kind === 'exact';
  return onValue(field, (column) => {
    if (textual)
      return field.nullable
        ? sql<SqlBool>`(${column} is not null and ${column} <> '')`
        : sql<SqlBool>`${column} <> ''`;
    return field.nullable ? sql<SqlBool>`${column} is not null` : TRUE;
  });
}

/** `field op value` for one value (no multi-valued quantifier), with `ne` and `null` as the predicate has them. */
function compareField(
  dialect: DialectName,
  field: ColumnField,
  op: CompareOp,
  value: FilterValue,
): Translation {
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') return CANDIDATES_ONLY;
    return exact(op === 'eq' ? not(presence(field)) : presence(field));
  }
  if (op === 'ne') {
    const equal = compareField(dialect, field, 'eq', value);
    return equal.exact && equal.condition ? exact(not(equal.condition)) : CANDIDATES_ONLY;
  }
  const operand = sqlValue(field, op, value);
  return operand === undefined ? CANDIDATES_ONLY : exact(comparison(dialect, field, op, operand));
}

type Resolved =
  | { kind: 'field'; field: ColumnField }
  | { kind: 'element'; table: ElementTable; field: ColumnField | undefined }
  | { kind: 'unknown' };

/** An extension attribute with SQL behind it (filter-targets.ts `extensions`), or undefined. */
export function extensionAttribute(target: FilterTarget, path: AttrPath): ExtensionAttribute | undefined {
  const attr = path.attr.toLowerCase();
  if (path.sub !== undefined) return undefined;
  // Names come from the request: own entries only, so `constructor` or `__proto__` name nothing.
  if (path.uri !== undefined) {
    const attributes = target.extensions && ownEntry(target.extensions, path.uri.toLowerCase());
    return attributes && ownEntry(attributes, attr);
  }
  // A bare name that is no core attribute: the extension attribute of that name (the names are unique).
  if (ownEntry(target.fields, attr) || ownEntry(target.elements, attr)) return undefined;
  for (const attributes of Object.values(target.extensions ?? {})) {
    const attribute = ownEntry(attributes, attr);
    if (attribute && !('inResource' in attribute)) return attribute;
  }
  return undefined;
}

/**
 * The attribute paths of `filter` that have no column, as the client wrote them: what makes a filter fall back
 * to the in-memory predicate, named in the error when that fallback would read too many rows.
 */
export function columnlessAttributes(filter: Filter, target: FilterTarget): string[] {
  const names = new Set<string>();
  const visit = (node: Filter, parent?: AttrPath): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        visit(node.left, parent);
        visit(node.right, parent);
        return;
      case 'not':
        visit(node.filter, parent);
        return;
      case 'valuePath':
        visit(node.filter, node.path);
        return;
      default: {
        const path = parent ? { ...parent, sub: node.path.attr } : node.path;
        const resolved = resolve(target, path);
        const columnless =
          resolved.kind === 'unknown' || (resolved.kind === 'element' && resolved.field === undefined);
        if (columnless) names.add(printAttrPath(path));
      }
    }
  };
  visit(filter);
  return [...names];
}

function resolve(target: FilterTarget, path: AttrPath): Resolved {
  const extension = extensionAttribute(target, path);
  if (extension && 'field' in extension) return { kind: 'field', field: extension.field };
  // `value` is what compares; a table without one (a JSON array column) only answers `pr`.
  if (extension) return { kind: 'element', table: extension.table, field: extension.table.fields.value };
  if (path.uri !== undefined && path.uri.toLowerCase() !== target.coreSchema.toLowerCase())
    return { kind: 'unknown' };
  const attr = path.attr.toLowerCase();
  const sub = path.sub?.toLowerCase();
  const table = ownEntry(target.elements, attr);
  if (table) {
    // A complex value compared without a sub-attribute stands for its `value`; a sub-attribute without a column
    // (`emails.display`) is left to the in-memory predicate, never compared as if it were the value.
    if (sub === undefined) return { kind: 'element', table, field: undefined };
    const field = ownEntry(table.fields, sub);
    return field ? { kind: 'element', table, field } : { kind: 'unknown' };
  }
  const field = ownEntry(target.fields, sub === undefined ? attr : `${attr}.${sub}`);
  return field ? { kind: 'field', field } : { kind: 'unknown' };
}

function exists(target: FilterTarget, table: ElementTable, condition: Condition): Condition {
  const alias = sql.id(table.alias);
  return sql<SqlBool>`exists (select 1 from ${sql.id(table.table)} as ${alias} where ${sql.ref(`${table.alias}.${table.foreignKey}`)} = ${sql.ref(`${target.table}.id`)} and ${condition})`;
}

/** The SCIM quantifier over elements: any element matches; `ne` and `eq null` mean none does. */
function compareElements(
  dialect: DialectName,
  target: FilterTarget,
  table: ElementTable,
  field: ColumnField,
  node: CompareFilter,
): Translation {
  const negated = node.op === 'ne' || (node.op === 'eq' && node.value === null);
  const positive: Translation =
    node.value === null
      ? node.op === 'eq' || node.op === 'ne'
        ? exact(presence(field))
        : CANDIDATES_ONLY
      : compareField(dialect, field, negated ? 'eq' : node.op, node.value);
  if (!positive.exact || !positive.condition) return CANDIDATES_ONLY;
  const anyElement = exists(target, table, positive.condition);
  // `x ne null` asks for presence, which is the positive form already.
  if (node.value === null) return exact(node.op === 'eq' ? not(anyElement) : anyElement);
  return exact(negated ? not(anyElement) : anyElement);
}

interface Scope {
  dialect: DialectName;
  target: FilterTarget;
  /** Inside `emails[...]`: the element table the relative paths refer to. */
  element?: ElementTable;
}

function sqlVisitor(scope: Scope): FilterVisitor<Translation> {
  const atom = (node: CompareFilter | PresentFilter) =>
    scope.element ? translateElementAtom(node, scope, scope.element) : translateAtom(node, scope);
  const visitor: FilterVisitor<Translation> = {
    compare: atom,
    present: atom,
    and(node) {
      const left = visitFilter(node.left, visitor);
      const right = visitFilter(node.right, visitor);
      const condition =
        left.condition && right.condition
          ? and(left.condition, right.condition)
          : (left.condition ?? right.condition);
      return { condition, exact: left.exact && right.exact };
    },
    or(node) {
      const left = visitFilter(node.left, visitor);
      const right = visitFilter(node.right, visitor);
      if (!left.condition || !right.condition) return CANDIDATES_ONLY;
      return { condition: or(left.condition, right.condition), exact: left.exact && right.exact };
    },
    not(node) {
      const inner = visitFilter(node.filter, visitor);
      return inner.exact && inner.condition ? exact(not(inner.condition)) : CANDIDATES_ONLY;
    },
    valuePath(node) {
      if (scope.element) return CANDIDATES_ONLY;
      const resolved = resolve(scope.target, node.path);
      if (resolved.kind !== 'element' || node.path.sub !== undefined) return CANDIDATES_ONLY;
      const inner = visitFilter(node.filter, sqlVisitor({ ...scope, element: resolved.table }));
      return { condition: exists(scope.target, resolved.table, inner.condition ?? TRUE), exact: inner.exact };
    },
  };
  return visitor;
}

function translateAtom(node: CompareFilter | PresentFilter, scope: Scope): Translation {
  const resolved = resolve(scope.target, node.path);
  if (resolved.kind === 'unknown') return CANDIDATES_ONLY;
  if (resolved.kind === 'field') {
    return node.kind === 'present'
      ? exact(presence(resolved.field))
      : compareField(scope.dialect, resolved.field, node.op, node.value);
  }
  if (node.kind === 'present') {
    // `emails pr` depends on which sub-attributes each element has; only `emails.value pr` and the like map.
    const field = resolved.field ?? resolved.table.fields.present;
    return field ? exact(exists(scope.target, resolved.table, presence(field))) : CANDIDATES_ONLY;
  }
  const field = resolved.field ?? resolved.table.fields.value;
  return field ? compareElements(scope.dialect, scope.target, resolved.table, field, node) : CANDIDATES_ONLY;
}

function translateElementAtom(
  node: CompareFilter | PresentFilter,
  scope: Scope,
  element: ElementTable,
): Translation {
  if (node.path.uri !== undefined || node.path.sub !== undefined) return CANDIDATES_ONLY;
  const field = ownEntry(element.fields, node.path.attr.toLowerCase());
  if (!field) return CANDIDATES_ONLY;
  return node.kind === 'present'
    ? exact(presence(field))
    : compareField(scope.dialect, field, node.op, node.value);
}

export function translateFilter(filter: Filter, target: FilterTarget, dialect: DialectName): Translation {
  return visitFilter(filter, sqlVisitor({ dialect, target }));
}

/** Whether the filter reads an attribute that only a side table of `target.extensions` holds. */
export function readsExtensionTables(filter: Filter, target: FilterTarget): boolean {
  const onlyInSql = (path: AttrPath) => {
    const attribute = extensionAttribute(target, path);
    return attribute !== undefined && !('inResource' in attribute);
  };
  const atom = (node: CompareFilter | PresentFilter) => onlyInSql(node.path);
  const visitor: FilterVisitor<boolean> = {
    compare: atom,
    present: atom,
    and: (node) => visitFilter(node.left, visitor) || visitFilter(node.right, visitor),
    or: (node) => visitFilter(node.left, visitor) || visitFilter(node.right, visitor),
    not: (node) => visitFilter(node.filter, visitor),
    valuePath: (node) => onlyInSql(node.path),
  };
  return visitFilter(filter, visitor);
}
