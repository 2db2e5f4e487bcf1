/**
 * Bounds on the work one write request may ask for, so that a single request cannot hold the event loop for
 * seconds: PATCH work grows with the operations and the values they touch (patch/working-list.ts), except for value
 * filters that scan an attribute, whose work is operations x values; all three are capped.
 * A request over a bound is refused whole with 400 `tooMany` (RFC 7644 section 3.12: more than the server is
 * willing to process), before anything is written. Group `members` are not capped here: large groups are real,
 * the membership path edits only the members a request names, and the body size limit bounds one request.
 */
import { tooMany } from './errors.ts';

export interface ScimLimits {
  /** Operations in one PATCH request (`Operations` entries, before path-less values are expanded). */
  maxPatchOperations: number;
  /** Values of one multi-valued attribute other than Group `members` (emails, roles, addresses...). */
  maxValuesPerAttribute: number;
  /**
   * Values the PATCH operations of one request may test in all with value filters that scan the attribute (any
   * filter but `value eq "..."`, which finds its elements by value: patch/working-list.ts), at a size that keeps
   * a request within tens of milliseconds (docs/benchmarks.md). The first such operation on each attribute is
   * not counted: reading a list once is what loading it costs; repeating that per operation is what is bounded.
   */
  maxPatchValuesScanned: number;
}

/**
 * Defaults far above what Entra ID and Okta send (Entra batches group member changes in PATCHes of a few
 * operations; a user has a handful of emails), far below what makes one request slow (docs/benchmarks.md).
 */
export const DEFAULT_SCIM_LIMITS: Readonly<ScimLimits> = Object.freeze({
  maxPatchOperations: 1000,
  maxValuesPerAttribute: 1000,
  maxPatchValuesScanned: 10_000,
});

export function checkOperationCount(count: number, limits: ScimLimits): void {
  if (count <= limits.maxPatchOperations) return;
  throw tooMany(
    `The PATCH request has ${count} operations; this server applies at most ${limits.maxPatchOperations} in one ` +
      'request. Split the change into several requests.',
  );
}

/** Adds what one operation scans to the request's running total, refusing the request past the bound. */
export function checkValuesScanned(total: number, limits: ScimLimits): void {
  if (total <= limits.maxPatchValuesScanned) return;
  throw tooMany(
    `The PATCH request's operations on multi-valued attributes read more than ${limits.maxPatchValuesScanned} values ` +
      'in all (an operation whose value filter is not `value eq "..."` reads every value of the attribute it ' +
      'changes). Split it into smaller requests.',
  );
}

export function checkValueCount(attribute: string, count: number, limits: ScimLimits): void {
  if (count <= limits.maxValuesPerAttribute) return;
  throw tooMany(
    `"${attribute}" would hold ${count} values; this server keeps at most ${limits.maxValuesPerAttribute} values ` +
      'of one attribute.',
  );
}

/**
 * Checks every multi-valued attribute of a canonical resource (core and extension) against the values cap. A
 * canonical resource holds arrays only for multi-valued attributes, so counting arrays is enough.
 */
export function checkResourceValueCounts(
  resourceType: 'User' | 'Group',
  resource: Readonly<Record<string, unknown>>,
  limits: ScimLimits,
): void {
  for (const [name, value] of Object.entries(resource)) {
    if (name === 'schemas') continue;
    if (Array.isArray(value)) {
      if (resourceType === 'Group' && name === 'members') continue;
      checkValueCount(name, value.length, limits);
    } else if (name.toLowerCase().startsWith('urn:') && isObject(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (Array.isArray(innerValue)) checkValueCount(`${name}:${inner}`, innerValue.length, limits);
      }
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
