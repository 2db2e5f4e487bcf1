/**
 * Comparing one attribute value with one filter value (RFC 7644 section 3.4.2.2): numbers numerically, ISO 8601
 * date-times chronologically, strings by text (case-insensitively unless the attribute is caseExact), booleans
 * for equality only.
 */
import type { CompareOp, FilterValue } from './ast.ts';

/**
 * A date or date-time (RFC 3339 / xsd:dateTime, with `T` or a space) as milliseconds since the epoch, or
 * undefined when `text` is not one. A missing zone means UTC, so results do not depend on the server's zone.
 */
export function parseIsoInstant(text: string): number | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/.exec(
      text,
    );
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, , sign, zoneHours, zoneMinutes] = match;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0));
  if (Number.isNaN(utc)) return undefined;
  const seconds = Number(second ?? 0) + Number(fraction ?? 0);
  const zoneOffsetMinutes = sign
    ? (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes))
    : 0;
  return utc + seconds * 1000 - zoneOffsetMinutes * 60_000;
}

const NUMERIC_TEXT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A number, or a string holding one when the other side of the comparison is a number. */
function numericPair(actual: unknown, expected: FilterValue): [number, number] | undefined {
  if (typeof actual !== 'number' && typeof expected !== 'number') return undefined;
  const toNumber = (value: unknown) =>
    typeof value === 'number'
      ? value
      : typeof value === 'string' && NUMERIC_TEXT.test(value.trim())
        ? Number(value)
        : NaN;
  const pair: [number, number] = [toNumber(actual), toNumber(expected)];
  return Number.isNaN(pair[0]) || Number.isNaN(pair[1]) ? undefined : pair;
}

function order(left: number | string, right: number | string, op: CompareOp): boolean {
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
    default:
      return false;
  }
}

function compareText(actual: string, op: CompareOp, expected: string, caseExact: boolean): boolean {
  // caseExact: false compares folded text: NFC first, so composed and decomposed spellings of one name match
  // (the store folds userName the same way for uniqueness), then lower case.
  const left = caseExact ? actual : actual.normalize('NFC').toLowerCase();
  const right = caseExact ? expected : expected.normalize('NFC').toLowerCase();
  switch (op) {
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return order(left, right, op);
  }
}

/** The text of a simple value, or undefined for values that have none (objects, lists, null). */
function textOf(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/**
 * Whether one simple attribute value satisfies `actual op expected`. `null` expectations and `ne` over
 * multi-valued attributes are handled by the caller; here `expected` is not null.
 */
export function compareValue(
  actual: unknown,
  op: CompareOp,
  expected: FilterValue,
  caseExact: boolean,
): boolean {
  if (actual === undefined || actual === null || expected === null) return false;
  if (typeof actual === 'boolean' && typeof expected === 'boolean') {
    // Booleans are only equal or not; RFC 7644 rejects ordering them (the parser already refuses `gt true`).
    return op === 'eq' ? actual === expected : op === 'ne' && actual !== expected;
  }

  const isSubstringOp = op === 'co' || op === 'sw' || op === 'ew';
  if (!isSubstringOp) {
    const numbers = numericPair(actual, expected);
    if (numbers) return order(numbers[0], numbers[1], op);
    if (typeof actual === 'string' && typeof expected === 'string') {
      const actualInstant = parseIsoInstant(actual);
      const expectedInstant = parseIsoInstant(expected);
      if (actualInstant !== undefined && expectedInstant !== undefined) {
        return order(actualInstant, expectedInstant, op);
      }
    }
  }

  const actualText = textOf(actual);
  const expectedText = textOf(expected);
  if (actualText === undefined || expectedText === undefined) return false;
  return compareText(actualText, op, expectedText, caseExact);
}
