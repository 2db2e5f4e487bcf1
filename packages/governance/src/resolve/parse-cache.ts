/**
 * Role names repeat across users (a directory has thousands of users but a few hundred role names), so parse
 * results are kept. Bounded: when full, the cache starts over rather than growing with hostile input.
 */
import { type ParseResult, parseRoleName, type RoleRef } from '@scim-connector/role-grammar';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, ParseResult<RoleRef>>();

export function parseRoleNameCached(name: string): ParseResult<RoleRef> {
  let result = cache.get(name);
  if (result === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    result = parseRoleName(name);
    cache.set(name, result);
  }
  return result;
}
