/**
 * Errors as the platform reports them: a Fluent-style code (`<C|S><4 digits><E|W>`) that also prefixes the message,
 * so a client can read the code from `extensions.code` or from the message. Codes marked "documented" are Fluent's
 * own; the others are the simulator's choice where Fluent's are not known.
 */
export const FluentErrorCode = {
  /** Query complexity too high (documented); the simulator raises it for page sizes over 5000. */
  complexity: 'C0001E',
  /** The caller lacks a permission (documented). */
  permission: 'C0020E',
  /** An input failed validation: missing, too long, not an allowed value. */
  invalidInput: 'C0110E',
  /** The GraphQL document itself is invalid (syntax, unknown field, wrong variable type). */
  invalidQuery: 'C0111E',
  /** An operation on an entity that could not be found (documented). */
  notFound: 'C0120E',
  /** An entity with the same unique key already exists. */
  alreadyExists: 'C0121E',
  /** Something went wrong inside the platform. */
  internal: 'S0001E',
} as const;

export type FluentErrorCode = (typeof FluentErrorCode)[keyof typeof FluentErrorCode];

export class FluentError extends Error {
  readonly code: FluentErrorCode;

  constructor(code: FluentErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'FluentError';
    this.code = code;
  }
}
