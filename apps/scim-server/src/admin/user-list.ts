/**
 * `GET /admin/users` (docs/admin-api.md): a page of users, `{items, nextCursor}`, with the filters the console and
 * a compliance officer search by. The work per page is bounded by `limit` (at most 200) and by the store's
 * index-driven query (store: admin/list-users.ts).
 */
import { formatRoleName, parseRoleName } from '@scim-connector/role-grammar';
import type { AdminUserItem, AdminUserQuery, AdminUserStatus, Store } from '@scim-connector/store';
import {
  AdminInputError,
  boundedText,
  cursorOf,
  encodeCursor,
  integer,
  oneOf,
  type ParsedParams,
} from './admin-query.ts';

export const DEFAULT_USER_LIMIT = 50;
export const MAX_USER_LIMIT = 200;
/** A search prefix longer than any userName or address worth typing; bounds the index range it builds. */
const MAX_SEARCH_LENGTH = 256;

const STATUSES = ['active', 'inactive', 'blocked', 'parked', 'drifted', 'absent'] as const;

export const USER_LIST_PARAMS = {
  search: boundedText(MAX_SEARCH_LENGTH),
  status: oneOf(STATUSES),
  role: roleName,
  group: boundedText(MAX_SEARCH_LENGTH),
  limit: integer(1, MAX_USER_LIMIT),
  cursor: cursorOf('users', (value) =>
    typeof value.name === 'string' && typeof value.id === 'string'
      ? { userNameFolded: value.name, id: value.id }
      : undefined,
  ),
};

/**
 * A role name as governance writes it (e.g. AGENT_134_STORE), in its canonical spelling (the context type
 * upper-cased) so `agent_134_STORE` finds the same users; anything else is a 400 saying what is wrong with it.
 */
function roleName(raw: string, name: string): string {
  if (raw.length > MAX_SEARCH_LENGTH)
    throw new AdminInputError(name, `${name} must be at most ${MAX_SEARCH_LENGTH} characters.`);
  const parsed = parseRoleName(raw);
  if (!parsed.ok)
    throw new AdminInputError(
      name,
      `${name} must be a role name such as AGENT_134_STORE: ${parsed.error.message}`,
    );
  return formatRoleName(parsed.value);
}

export interface UserListItem {
  id: string;
  userName: string;
  displayName: string | null;
  idpActive: boolean;
  platformStatus: string;
  blockedReasons: string[];
  parkedError: string | null;
  lastDecisionAt: string | null;
}

/** The filters of the user list, its access report and the console's list (docs/admin-api.md). */
export interface UserFilterParams {
  search?: string;
  status?: AdminUserStatus;
  role?: string;
  group?: string;
}

/** The filters as the store takes them; a group id the directory does not know is a 400, not an empty list. */
export async function userFilterQuery(
  store: Store,
  params: UserFilterParams,
): Promise<Omit<AdminUserQuery, 'limit' | 'after' | 'before'>> {
  let groupId: string | undefined;
  if (params.group !== undefined) {
    const found = await store.getGroup(params.group, { members: false });
    if (found === undefined)
      throw new AdminInputError('group', `No group with id "${params.group}" in the directory.`);
    groupId = found.id;
  }
  return {
    ...(params.search !== undefined && { search: params.search }),
    ...(params.status !== undefined && { status: params.status }),
    ...(params.role !== undefined && { role: params.role }),
    ...(groupId !== undefined && { groupId }),
  };
}

/** The cursor of a page that ends (or, paging back, starts) at this user. */
export function userCursor(item: AdminUserItem): string {
  return encodeCursor('users', { name: item.position.userNameFolded, id: item.position.id });
}

export async function listUsers(
  store: Store,
  params: ParsedParams<typeof USER_LIST_PARAMS>,
): Promise<{ items: UserListItem[]; nextCursor: string | null }> {
  const page = await store.listAdminUsers({
    ...(await userFilterQuery(store, params)),
    limit: params.limit ?? DEFAULT_USER_LIMIT,
    ...(params.cursor !== undefined && { after: params.cursor }),
  });
  const last = page.items.at(-1);
  return {
    items: page.items.map(({ position: _position, active, ...item }) => ({
      id: item.id,
      userName: item.userName,
      displayName: item.displayName,
      idpActive: active,
      platformStatus: item.platformStatus,
      blockedReasons: item.blockedReasons,
      parkedError: item.parkedError,
      lastDecisionAt: item.lastDecisionAt,
    })),
    nextCursor: page.more && last ? userCursor(last) : null,
  };
}
