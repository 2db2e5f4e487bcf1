/**
 * The console's users list (`/console/users`) and its CSV export, on the admin API's user listing
 * (docs/admin-api.md, `GET /admin/users`): the same filters, read by the same strict parser (an unknown parameter
 * or value is a 400 naming it), and keyset pages from the store's indexes. A page is `limit + 1` rows read from
 * a position, never an OFFSET or a count of the whole directory, so page 2,000 costs what page 1 costs.
 */
import type { AdminUserItem, AdminUserPage, AdminUserQuery, Store } from '@scim-connector/store';
import { AdminInputError, type ParsedParams, parseQuery } from '../admin/admin-query.ts';
import { USER_LIST_PARAMS, userCursor, userFilterQuery } from '../admin/user-list.ts';

export const CONSOLE_PAGE_SIZE = 50;
/** Users read per statement while a CSV export streams. */
const EXPORT_CHUNK = 200;

type Position = NonNullable<AdminUserQuery['after']>;

/** The filters of the list and of its export. */
export const USER_FILTER_PARAMS = {
  search: USER_LIST_PARAMS.search,
  status: USER_LIST_PARAMS.status,
  role: USER_LIST_PARAMS.role,
  group: USER_LIST_PARAMS.group,
};

/** The list's parameters: the filters, and the position to page from (after it, or back before it). */
export const USER_PAGE_PARAMS = {
  ...USER_FILTER_PARAMS,
  after: USER_LIST_PARAMS.cursor,
  before: USER_LIST_PARAMS.cursor,
};

export type UserFilters = ParsedParams<typeof USER_FILTER_PARAMS>;

export interface UserListPage {
  filters: UserFilters;
  users: AdminUserItem[];
  /** The `after`/`before` cursors of the neighbouring pages, when there are any. */
  next?: string;
  prev?: string;
}

export function readUserPageQuery(query: unknown): ParsedParams<typeof USER_PAGE_PARAMS> {
  const params = parseQuery(query, USER_PAGE_PARAMS);
  if (params.after !== undefined && params.before !== undefined)
    throw new AdminInputError('before', 'Give after or before, not both.');
  return params;
}

export function readUserFilters(query: unknown): UserFilters {
  return parseQuery(query, USER_FILTER_PARAMS);
}

export async function userListPage(
  store: Store,
  params: ParsedParams<typeof USER_PAGE_PARAMS>,
): Promise<UserListPage> {
  const { after, before, ...filters } = params;
  const page = await store.listAdminUsers({
    ...(await userFilterQuery(store, filters)),
    limit: CONSOLE_PAGE_SIZE,
    ...(after !== undefined && { after }),
    ...(before !== undefined && { before }),
  });
  return { filters, users: page.items, ...neighbours(page, { back: before !== undefined, from: after }) };
}

/**
 * Paging forwards, `more` says whether a next page exists, and a previous one does when the page started after a
 * position; paging back, the other way round.
 */
function neighbours(page: AdminUserPage, travel: { back: boolean; from?: Position }) {
  const first = page.items[0];
  const last = page.items.at(-1);
  const hasNext = travel.back ? last !== undefined : page.more;
  const hasPrev = travel.back ? page.more : travel.from !== undefined && first !== undefined;
  return {
    ...(hasNext && last && { next: userCursor(last) }),
    ...(hasPrev && first && { prev: userCursor(first) }),
  };
}

/** Every user matching the filters, a chunk at a time in userName order, at most `max` of them. */
export async function* allUsers(
  store: Store,
  filters: UserFilters,
  max: number,
): AsyncGenerator<AdminUserItem> {
  const query = await userFilterQuery(store, filters);
  let after: Position | undefined;
  let sent = 0;
  for (;;) {
    const page = await store.listAdminUsers({ ...query, limit: EXPORT_CHUNK, ...(after && { after }) });
    for (const item of page.items) {
      if (sent >= max) return;
      yield item;
      sent += 1;
    }
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return;
    after = last.position;
  }
}
