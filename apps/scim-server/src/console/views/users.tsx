import type { AdminUserStatus } from '@scim-connector/store';
import type { UserFilters, UserListPage } from '../user-listing.ts';
import { Page, type PageContext, Pager, Tag, Time } from './layout.tsx';

/** The statuses of docs/admin-api.md, in words; an empty value lists every user. */
const STATUS_LABELS: Record<AdminUserStatus, string> = {
  active: 'Active on the platform',
  inactive: 'Inactive on the platform',
  blocked: 'Blocked by governance',
  parked: 'Parked (sync gave up)',
  drifted: 'Drifted (changed on the platform)',
  absent: 'No platform account',
};

/** The filters as a query string, with a page position (`after` or `before`) when given. */
export function usersQueryString(
  filters: UserFilters,
  page?: { after: string } | { before: string },
): string {
  const params = new URLSearchParams();
  if (filters.search) params.set('search', filters.search);
  if (filters.status) params.set('status', filters.status);
  if (filters.role) params.set('role', filters.role);
  if (filters.group) params.set('group', filters.group);
  if (page && 'after' in page) params.set('after', page.after);
  if (page && 'before' in page) params.set('before', page.before);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function UsersPage(props: { ctx: PageContext; page: UserListPage }) {
  const { ctx } = props;
  const { filters } = props.page;
  const base = `${ctx.mount}/users`;
  return (
    <Page ctx={ctx} title="Users">
      <form method="get" action={base} class="filters">
        <label>
          Search userName, e-mail or name (starts with)
          <input
            type="search"
            name="search"
            value={filters.search ?? ''}
            autocomplete="off"
            hx-get={base}
            hx-trigger="input changed delay:300ms, search"
            hx-target="#results"
            hx-select="#results"
            hx-swap="outerHTML"
            hx-push-url="true"
            hx-include="closest form"
          />
        </label>
        <label>
          Status
          <select name="status">
            <option value="" selected={filters.status === undefined}>
              Any
            </option>
            {(Object.keys(STATUS_LABELS) as AdminUserStatus[]).map((status) => (
              <option key={status} value={status} selected={status === filters.status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Role held
          <input type="text" name="role" value={filters.role ?? ''} placeholder="AGENT_134_STORE" />
        </label>
        {filters.group ? <input type="hidden" name="group" value={filters.group} /> : null}
        <button type="submit">Filter</button>
      </form>
      <div id="results" aria-live="polite">
        <UsersResults ctx={ctx} page={props.page} />
      </div>
    </Page>
  );
}

function UsersResults(props: { ctx: PageContext; page: UserListPage }) {
  const { ctx, page } = props;
  const base = `${ctx.mount}/users`;
  return (
    <>
      <p>
        {page.users.length === 0
          ? 'No user matches.'
          : `${page.users.length} user${page.users.length === 1 ? '' : 's'} on this page, in userName order.`}{' '}
        {page.filters.group ? `Members of group ${page.filters.group}. ` : ''}
        <a href={`${ctx.mount}/users.csv${usersQueryString(page.filters)}`} download>
          Export this list as CSV
        </a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">userName</th>
            <th scope="col">Display name</th>
            <th scope="col">IdP status</th>
            <th scope="col">Platform status</th>
            <th scope="col">Blocked because / parked error</th>
            <th scope="col">Last decision</th>
          </tr>
        </thead>
        <tbody>
          {page.users.map((user) => (
            <tr key={user.id}>
              <td>
                <a href={`${base}/${encodeURIComponent(user.id)}`}>{user.userName}</a>
              </td>
              <td>{user.displayName ?? ''}</td>
              <td>{user.active ? <Tag kind="active">active</Tag> : <Tag kind="inactive">inactive</Tag>}</td>
              <td>
                {user.platformStatus === 'PARKED' ? <Tag kind="parked">PARKED</Tag> : user.platformStatus}
              </td>
              <td>{user.parkedError ?? user.blockedReasons.join(', ')}</td>
              <td>
                <Time at={user.lastDecisionAt ?? undefined} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        {...(page.prev
          ? {
              prev: {
                href: `${base}${usersQueryString(page.filters, { before: page.prev })}`,
                label: 'Previous page',
              },
            }
          : {})}
        {...(page.next
          ? {
              next: {
                href: `${base}${usersQueryString(page.filters, { after: page.next })}`,
                label: 'Next page',
              },
            }
          : {})}
      />
    </>
  );
}
