/**
 * A multi-valued attribute's elements while one PATCH request edits them (issue #13: work linear in the
 * operations). The list and its indexes are built once per attribute and request and kept across its operations,
 * instead of each operation copying the list, re-indexing it and scanning it: an operation touches only the
 * elements it adds, changes or removes. Removed elements leave a hole, so positions in the indexes stay valid;
 * the holes are dropped when the request's result is written back (`compact`).
 *
 * Two indexes over positions: `same` finds the element `sameElement` matches (adds and removes by value), and
 * the filter index finds the candidates of a `value eq "x"` filter (RFC 7644 section 3.5.2: Entra's
 * `emails[value eq ...]`, Okta's `members[value eq ...]`) by the value as the filter compares it (NFC, lower case
 * unless caseExact, filter/compare-values.ts). Any other filter scans the list.
 */
import type { Filter } from '../filter/ast.ts';
import { parseIsoInstant } from '../filter/compare-values.ts';
import { type AttributeDefinition, findNamed } from '../schema/index.ts';
import { ElementIndex, PositionBuckets } from './element-index.ts';
import { isPlainObject } from './json.ts';

const HOLE: unique symbol = Symbol('removed element');
/** Elements a `value eq` filter may match without a string `value` of their own (a number, an array...). */
const ODD_VALUE = Symbol('value that is not a string');

export class WorkingList {
  /** The elements by position, holes included: what the resource holds while the request runs. */
  readonly elements: unknown[];
  /** Elements present (not holes). */
  live = 0;
  readonly same: ElementIndex;
  private readonly byFilterValue = new PositionBuckets<string | typeof ODD_VALUE>();
  private readonly filterKey: (element: unknown) => string | typeof ODD_VALUE | undefined;
  private readonly caseExact: boolean;

  constructor(
    readonly def: AttributeDefinition,
    initial: readonly unknown[],
  ) {
    this.elements = [];
    this.same = new ElementIndex(def, this.elements);
    const valueDef = def.type === 'complex' ? findNamed(def.subAttributes, 'value') : undefined;
    this.caseExact = valueDef?.caseExact ?? false;
    this.filterKey = valueDef === undefined ? () => undefined : (element) => this.keyOfElement(element);
    for (const element of initial) this.push(element);
  }

  push(element: unknown): number {
    this.same.push(element);
    const position = this.elements.length - 1;
    this.byFilterValue.insert(this.filterKey(element), position);
    this.live += 1;
    return position;
  }

  set(position: number, element: unknown): void {
    this.byFilterValue.delete(this.filterKey(this.elements[position]), position);
    this.same.set(position, element);
    this.byFilterValue.insert(this.filterKey(element), position);
  }

  remove(position: number): void {
    const element = this.elements[position];
    if (element === HOLE) return;
    this.byFilterValue.delete(this.filterKey(element), position);
    this.same.remove(position);
    this.elements[position] = HOLE;
    this.live -= 1;
  }

  at(position: number): unknown {
    return this.elements[position];
  }

  /** Positions of the elements present, in order. */
  positions(): number[] {
    const positions: number[] = [];
    this.elements.forEach((element, position) => {
      if (element !== HOLE) positions.push(position);
    });
    return positions;
  }

  /** The elements present, in order: what is written back to the resource. */
  compact(): unknown[] {
    return this.elements.filter((element) => element !== HOLE);
  }

  /**
   * Positions (in order) of every element `filter` could select, when the filter pins `value` to one string;
   * undefined when it does not, and the list must be scanned. The filter itself still decides.
   */
  filterCandidates(filter: Filter): number[] | undefined {
    const wanted = pinnedValue(filter);
    if (wanted === undefined) return undefined;
    const key = this.caseExact ? wanted : wanted.normalize('NFC').toLowerCase();
    const positions = [...this.byFilterValue.get(key), ...this.byFilterValue.get(ODD_VALUE)];
    return positions.sort((a, b) => a - b);
  }

  private keyOfElement(element: unknown): string | typeof ODD_VALUE | undefined {
    if (!isPlainObject(element)) return undefined;
    const value = Object.hasOwn(element, 'value') ? element.value : undefined;
    if (typeof value === 'string') return this.caseExact ? value : value.normalize('NFC').toLowerCase();
    // The filter reads names case-insensitively (`Value`), and compares numbers and lists too: such elements
    // are candidates of every value filter.
    const named = Object.keys(element).some((name) => name.toLowerCase() === 'value');
    return named ? ODD_VALUE : undefined;
  }
}

/**
 * The string a filter requires `value` to equal: `value eq "x"`, alone or in an `and`. Not for a date-time
 * string, which the filter compares as an instant (so other spellings of it match too).
 */
function pinnedValue(filter: Filter): string | undefined {
  if (filter.kind === 'and') return pinnedValue(filter.left) ?? pinnedValue(filter.right);
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  const { path } = filter;
  if (path.uri !== undefined || path.sub !== undefined || path.attr.toLowerCase() !== 'value')
    return undefined;
  return parseIsoInstant(filter.value) === undefined ? filter.value : undefined;
}
