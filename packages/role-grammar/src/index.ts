export { formatRoleName } from './format-role-name.ts';
export { parseRoleId, parseRoleName } from './parse-role-name.ts';
export type { ContextType, ParseResult, RoleNameError, RoleNameErrorCode, RoleRef } from './types.ts';
export { CONTEXT_TYPES } from './types.ts';
