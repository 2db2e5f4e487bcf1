/**
 * SCIM errors (RFC 7644 section 3.12): one class carrying the HTTP status, the `scimType` and a `detail` written
 * for the person reading the IdP's provisioning log, and the conversion to the wire document. The document never
 * carries stack traces or internal messages of unexpected errors.
 */
import { ERROR_MESSAGE } from './schema/urns.ts';

/** The `scimType` keywords of RFC 7644 section 3.12, table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export interface ScimErrorDocument {
  schemas: [typeof ERROR_MESSAGE];
  /** The HTTP status as a string, as RFC 7644 section 3.12 specifies. */
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function isScimError(err: unknown): err is ScimError {
  return err instanceof ScimError;
}

/** The filter is not valid SCIM filter syntax or names something that cannot be filtered on. 400. */
export const invalidFilter = (detail: string) => new ScimError(400, detail, 'invalidFilter');
/** An attribute value is already in use (e.g. a userName, compared case-insensitively). 409. */
export const uniqueness = (detail: string) => new ScimError(409, detail, 'uniqueness');
/** The request tried to change a read-only or immutable attribute. 400. */
export const mutability = (detail: string) => new ScimError(400, detail, 'mutability');
/** The body is not parsable or not the JSON shape the request needs. 400. */
export const invalidSyntax = (detail: string) => new ScimError(400, detail, 'invalidSyntax');
/** A PATCH path or attribute name is malformed or names no known attribute. 400. */
export const invalidPath = (detail: string) => new ScimError(400, detail, 'invalidPath');
/** A PATCH path's filter matched nothing where something must be matched. 400. */
export const noTarget = (detail: string) => new ScimError(400, detail, 'noTarget');
/** A value is missing, of the wrong type or not allowed for its attribute. 400. */
export const invalidValue = (detail: string) => new ScimError(400, detail, 'invalidValue');
/** The request asks for more work than the server is willing to do in one request (see limits.ts). 400. */
export const tooMany = (detail: string) => new ScimError(400, detail, 'tooMany');

export const notFound = (detail: string) => new ScimError(404, detail);
export const methodNotAllowed = (detail: string) => new ScimError(405, detail);
/** A conflict that is not a uniqueness violation (409 without scimType). */
export const conflict = (detail: string) => new ScimError(409, detail);
/** `If-Match` named a version the resource no longer has. 412. */
export const preconditionFailed = (detail: string) => new ScimError(412, detail);
export const payloadTooLarge = (detail: string) => new ScimError(413, detail);
export const internalError = (detail: string) => new ScimError(500, detail);

const UNEXPECTED_DETAIL = 'The server hit an unexpected error; the request was not applied. Retry later.';

/**
 * The RFC 7644 section 3.12 document for `err`. Anything that is not a `ScimError` becomes a 500 with a generic
 * detail: internal messages and stacks belong in the server log, not in the IdP's.
 */
export function toErrorDocument(err: unknown): ScimErrorDocument {
  if (!isScimError(err)) return { schemas: [ERROR_MESSAGE], status: '500', detail: UNEXPECTED_DETAIL };
  return {
    schemas: [ERROR_MESSAGE],
    status: String(err.status),
    ...(err.scimType ? { scimType: err.scimType } : {}),
    detail: err.detail,
  };
}
