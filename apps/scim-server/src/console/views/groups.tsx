import type { MemberRef, StoredGroup } from '@scim-connector/scim';
import { Page, type PageContext, Pager } from './layout.tsx';

export function GroupsPage(props: {
  ctx: PageContext;
  search: string;
  page: number;
  total: number;
  groups: StoredGroup[];
  pageSize: number;
}) {
  const { ctx } = props;
  const base = `${ctx.mount}/groups`;
  const first = (props.page - 1) * props.pageSize + 1;
  const last = first + props.groups.length - 1;
  const link = (page: number) => {
    const params = new URLSearchParams();
    if (props.search) params.set('search', props.search);
    if (page > 1) params.set('page', String(page));
    const text = params.toString();
    return `${base}${text ? `?${text}` : ''}`;
  };
  return (
    <Page ctx={ctx} title="Groups">
      <form method="get" action={base} class="filters">
        <label>
          Search by display name (starts with)
          <input type="search" name="search" value={props.search} autocomplete="off" />
        </label>
        <button type="submit">Search</button>
      </form>
      <p>{props.total === 0 ? 'No group matches.' : `Groups ${first}–${last} of ${props.total}.`}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Display name</th>
            <th scope="col">externalId</th>
          </tr>
        </thead>
        <tbody>
          {props.groups.map((g) => (
            <tr key={g.id}>
              <td>
                <a href={`${base}/${encodeURIComponent(g.id)}`}>{g.displayName}</a>
              </td>
              <td>{g.externalId ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        {...(props.page > 1 ? { prev: { href: link(props.page - 1), label: 'Previous page' } } : {})}
        {...(last < props.total ? { next: { href: link(props.page + 1), label: 'Next page' } } : {})}
      />
    </Page>
  );
}

/** One role a group grants, where the grant is defined, and what a logical role expands to. */
export interface GroupGrant {
  role: string;
  definedBy: string;
  /** Platform roles of a logical role (role-mappings.json). */
  expandsTo?: readonly string[];
}

export function GroupPage(props: {
  ctx: PageContext;
  group: StoredGroup;
  grants: GroupGrant[];
  members: MemberRef[];
  memberCount: number;
}) {
  const { ctx, group } = props;
  return (
    <Page ctx={ctx} title={`Group ${group.displayName}`}>
      <p>
        id {group.id}
        {group.externalId ? `, externalId ${group.externalId}` : ''}
      </p>
      <section aria-labelledby="grants-heading">
        <h2 id="grants-heading">Roles granted to members</h2>
        {props.grants.length === 0 ? (
          <p>
            This group grants no role: its name is not a role, no group-roles.json entry names it, and it
            carries no roles attribute.
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Defined by</th>
                <th scope="col">Platform roles</th>
              </tr>
            </thead>
            <tbody>
              {props.grants.map((grant) => (
                <tr key={`${grant.role} ${grant.definedBy}`}>
                  <td>{grant.role}</td>
                  <td>{grant.definedBy}</td>
                  <td>{grant.expandsTo ? `logical role: ${grant.expandsTo.join(', ')}` : grant.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <p>
          {props.memberCount} member(s)
          {props.members.length < props.memberCount ? `; the first ${props.members.length} are shown` : ''}.{' '}
          <a href={`${ctx.mount}/users?group=${encodeURIComponent(props.group.id)}`}>
            Every member with its platform status
          </a>
        </p>
        <ul>
          {props.members.map((m) => (
            <li key={m.value}>
              {m.type === 'User' ? (
                <a href={`${ctx.mount}/users/${encodeURIComponent(m.value)}`}>{m.display ?? m.value}</a>
              ) : (
                <a href={`${ctx.mount}/groups/${encodeURIComponent(m.value)}`}>
                  group {m.display ?? m.value}
                </a>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
