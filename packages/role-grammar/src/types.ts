/** The public types of role names. `ContextType` and `RoleRef` are a shared contract: other packages import them. */
export type ContextType = 'ACCOUNT' | 'RETAILER' | 'AGENT';

export interface RoleRef {
  contextType: ContextType;
  contextId: string;
  role: string;
}

export const CONTEXT_TYPES: readonly ContextType[] = ['ACCOUNT', 'RETAILER', 'AGENT'];

/** Which part of a role name was wrong; lets callers react without matching message text. */
export type RoleNameErrorCode =
  | 'empty'
  | 'unknown-context-type'
  | 'missing-separator'
  | 'missing-context-id'
  | 'invalid-context-id'
  | 'empty-role'
  | 'invalid-role'
  | 'unexpected-character';

export interface RoleNameError {
  code: RoleNameErrorCode;
  /** A sentence a person can act on; it quotes what was found and says what was expected. */
  message: string;
  /** 0-based character offset in the text as given (before trimming) where parsing went wrong. */
  offset: number;
  /** What would have been valid at `offset`, in words, e.g. `['ACCOUNT', 'RETAILER', 'AGENT']` or `['_']`. */
  expected: string[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: RoleNameError };
