/**
 * One fact condition evaluated on a value the fact could hold, with json-rules-engine's own semantics for its plain
 * operators (`equal` is `===`, so a list never equals `[]`; `contains` needs a list; `lessThan` and friends need
 * something parseFloat reads as a number) plus isEmpty (decide/operators.ts). Decorated operators (`not:equal`) and
 * values that name another fact are not evaluated: nothing is claimed about them.
 */
import { isEmptyValue } from '../decide/operators.ts';
import type { Domain, FieldDomain } from './fact-domains.ts';

export type Holds = (factValue: unknown) => boolean;

const isNumber = (value: unknown): boolean => Number.parseFloat(value as string).toString() !== 'NaN';
const searchable = (value: unknown): value is { indexOf(item: unknown): number } =>
  Array.isArray(value) || typeof value === 'string';

type Compare = (a: never, b: never) => boolean;
const ORDERED: Record<string, Compare> = {
  lessThan: (a, b) => a < b,
  lessThanInclusive: (a, b) => a <= b,
  greaterThan: (a, b) => a > b,
  greaterThanInclusive: (a, b) => a >= b,
};

/** The condition as a predicate on the fact's value, or undefined when it is not one validate can evaluate. */
export function compileLeaf(operator: string, value: unknown): Holds | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value)
    return undefined;
  switch (operator) {
    case 'equal':
      return (fact) => fact === value;
    case 'notEqual':
      return (fact) => fact !== value;
    case 'in':
      return searchable(value) ? (fact) => value.indexOf(fact) > -1 : undefined;
    case 'notIn':
      return searchable(value) ? (fact) => value.indexOf(fact) === -1 : undefined;
    case 'contains':
      return (fact) => Array.isArray(fact) && fact.indexOf(value) > -1;
    case 'doesNotContain':
      return (fact) => Array.isArray(fact) && fact.indexOf(value) === -1;
    case 'isEmpty':
      return (fact) => isEmptyValue(fact) === value;
  }
  const compare = ORDERED[operator];
  if (compare === undefined) return undefined;
  return (fact) => isNumber(fact) && compare(fact as never, value as never);
}

const MAX_COUNT = 1_000;
const MAX_LIST_ELEMENTS = 8;
const OTHER_TEXT = '\u0000any other string';

/**
 * Values of the field that stand for every value it can take, as far as conditions with these constants can tell
 * them apart; undefined when the field is too open to enumerate. Conditions only compare with constants, so any
 * value they cannot tell from a witness behaves exactly like it.
 */
export function witnesses(field: FieldDomain, constants: readonly unknown[]): unknown[] | undefined {
  const values = witnessesOf(field.domain, constants);
  if (values === undefined) return undefined;
  return field.optional ? [...values, undefined] : values;
}

function witnessesOf(domain: Domain, constants: readonly unknown[]): unknown[] | undefined {
  switch (domain.kind) {
    case 'boolean':
      return [true, false];
    case 'enum':
      return [...domain.values];
    case 'count': {
      const numbers = flat(constants)
        .map((value) => Number(value))
        .filter(Number.isFinite);
      const top = Math.ceil(Math.max(0, ...numbers)) + 2;
      return top > MAX_COUNT ? undefined : Array.from({ length: top + 1 }, (_, n) => n);
    }
    case 'text':
      // '' and ' ' for isEmpty (a blank string is empty), one string no constant names for everything else.
      return [...new Set(['', ' ', OTHER_TEXT, ...stringsIn(constants)])];
    case 'list': {
      const elements =
        domain.items.kind === 'text'
          ? [...new Set([OTHER_TEXT, ...stringsIn(constants)])]
          : witnessesOf(domain.items, constants);
      if (elements === undefined || elements.length > MAX_LIST_ELEMENTS) return undefined;
      return subsets(elements);
    }
    case 'record':
      return undefined;
  }
}

function stringsIn(values: readonly unknown[]): string[] {
  return flat(values).filter((value): value is string => typeof value === 'string');
}

function flat(values: readonly unknown[]): unknown[] {
  return values.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

function subsets(elements: readonly unknown[]): unknown[][] {
  let all: unknown[][] = [[]];
  for (const element of elements) all = [...all, ...all.map((subset) => [...subset, element])];
  return all;
}
