/** Operators added to json-rules-engine's own, for conditions admins commonly need. */
import { Operator } from 'json-rules-engine';

/** `isEmpty` with value true: the fact is absent, null, an empty string or an empty array (false: the opposite). */
export const isEmptyOperator = new Operator<unknown, boolean>(
  'isEmpty',
  (factValue, expected) => isEmptyValue(factValue) === expected,
  () => true,
);

export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}
