import type { StoredUser, UserExtensionState } from '@scim-connector/scim';
import type { ParkedUser } from '@scim-connector/store';
import { displayNameOf } from '../directory-queries.ts';
import { Page, type PageContext, Pager, Tag, Time } from './layout.tsx';

export type UsersStatus = 'any' | 'active' | 'inactive' | 'parked';

export interface UsersQuery {
  search: string;
  status: UsersStatus;
  page: number;
}

export type UsersResult =
  | {
      kind: 'directory';
      total: number;
      users: StoredUser[];
      pageSize: number;
      /** Platform status and block reasons from the last sync, by user id. */
      states: Map<string, UserExtensionState>;
    }
  | { kind: 'parked'; parked: ParkedUser[] };

export function queryString(query: UsersQuery, page = query.page): string {
  const params = new URLSearchParams();
  if (query.search) params.set('search', query.search);
  if (query.status !== 'any') params.set('status', query.status);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function UsersPage(props: { ctx: PageContext; query: UsersQuery; result: UsersResult }) {
  const { ctx, query } = props;
  const base = `${ctx.mount}/users`;
  return (
    <Page ctx={ctx} title="Users">
      <form method="get" action={base} class="filters">
        <label>
          Search by userName (starts with)
          <input
            type="search"
            name="search"
            value={query.search}
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
            {(['any', 'active', 'inactive', 'parked'] as const).map((s) => (
              <option key={s} value={s} selected={s === query.status}>
                {s === 'any'
                  ? 'Any'
                  : s === 'parked'
                    ? 'Parked (sync gave up)'
                    : `${s[0]?.toUpperCase()}${s.slice(1)} in the IdP`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <div id="results" aria-live="polite">
        <UsersResults ctx={ctx} query={query} result={props.result} />
      </div>
    </Page>
  );
}

function UsersResults(props: { ctx: PageContext; query: UsersQuery; result: UsersResult }) {
  const { ctx, query, result } = props;
  const base = `${ctx.mount}/users`;
  if (result.kind === 'parked') {
    return (
      <>
        <p>{result.parked.length} parked user(s).</p>
        <table>
          <thead>
            <tr>
              <th scope="col">userName</th>
              <th scope="col">Parked at</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {result.parked.map((p) => (
              <tr key={p.userId}>
                <td>
                  <a href={`${base}/${encodeURIComponent(p.userId)}`}>{p.userName ?? p.userId}</a>
                </td>
                <td>
                  <Time at={p.parkedAt} />
                </td>
                <td>{p.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  const first = (query.page - 1) * result.pageSize + 1;
  const last = first + result.users.length - 1;
  const hasNext = last < result.total;
  return (
    <>
      <p>
        {result.total === 0 ? 'No user matches.' : `Users ${first}–${last} of ${result.total}.`}{' '}
        <a href={`${ctx.mount}/users.csv${queryString(query, 1)}`} download>
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
            <th scope="col">Blocked because</th>
            <th scope="col">Last changed</th>
          </tr>
        </thead>
        <tbody>
          {result.users.map((user) => (
            <tr key={user.id}>
              <td>
                <a href={`${base}/${encodeURIComponent(user.id)}`}>{user.userName}</a>
              </td>
              <td>{displayNameOf(user) ?? ''}</td>
              <td>{user.active ? <Tag kind="active">active</Tag> : <Tag kind="inactive">inactive</Tag>}</td>
              <td>{result.states.get(user.id)?.platformStatus ?? 'not synced yet'}</td>
              <td>{result.states.get(user.id)?.blockedReasons?.join(', ') ?? ''}</td>
              <td>
                <Time at={user.lastModified} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        {...(query.page > 1
          ? { prev: { href: `${base}${queryString(query, query.page - 1)}`, label: 'Previous page' } }
          : {})}
        {...(hasNext
          ? { next: { href: `${base}${queryString(query, query.page + 1)}`, label: 'Next page' } }
          : {})}
      />
    </>
  );
}
