/**
 * The canonical PATCH model (RFC 7644 section 3.5.2): operations are plain values. Whatever shape a client sent,
 * `normalizePatchRequest` turns it into these, and `applyPatch` is the one function that applies them.
 */
import type { PatchPath } from '../filter/ast.ts';
import type { ScimLimits } from '../limits.ts';
import type { ResourceTypeName } from '../schema/index.ts';
import type { ResourceJson } from '../store/port.ts';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  op: PatchOpName;
  /** Absent only for a path-less `add`/`replace`, whose value is an object of attributes. */
  path?: PatchPath;
  /**
   * The value to add or replace with. On `remove` of a multi-valued attribute it lists the values to remove
   * (Entra ID's way to remove some members); `null` on add/replace means "unassigned" (RFC 7643 section 2.5).
   */
  value?: unknown;
}

export type PatchWarningCode =
  /** A member id that names no user or group: skipped, the rest applied (Okta does not retry a 400). */
  | 'unknown-member'
  /** A remove whose filter or listed values matched nothing: nothing to do, not an error (Entra relies on it). */
  | 'no-match'
  /** A write-only attribute (password) was accepted and discarded: the connector keeps no secrets. */
  | 'discarded';

export interface PatchWarning {
  code: PatchWarningCode;
  detail: string;
}

export interface PatchContext {
  resourceType: ResourceTypeName;
  /**
   * Which member ids name an existing user or group, decided before the PATCH runs (the engine is synchronous so
   * a request applies atomically): a predicate or a precomputed set, e.g. from `referencedMemberIds`. Absent:
   * every id is accepted.
   */
  memberExists?: ((id: string) => boolean) | ReadonlySet<string>;
  /** Caps on the work of one request; DEFAULT_SCIM_LIMITS when absent. */
  limits?: ScimLimits;
}

export interface PatchResult {
  /** A new resource; the input is never modified. */
  resource: ResourceJson;
  warnings: PatchWarning[];
  /** False when the operations left the resource as it was, so its version and lastModified stay. */
  changed: boolean;
}
