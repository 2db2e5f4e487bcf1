import type { AuditOutcome, Trigger } from '@scim-connector/governance';
import type { AuditRecord } from '@scim-connector/store';
import { AUDIT_OUTCOMES } from '@scim-connector/sync';
import { Page, type PageContext, Pager } from './layout.tsx';
import { AuditTable } from './user.tsx';

export interface AuditQuery {
  /** A user id or userName, as typed. */
  user: string;
  outcome: AuditOutcome | '';
  trigger: Trigger | '';
  /** ISO 8601 dates or date-times with a zone, as typed; empty: no bound. */
  since: string;
  until: string;
  /** Show entries older than this sequence number (paging). */
  before?: number;
}

export interface AuditPageData {
  entries: AuditRecord[];
  userNames: Map<string, string>;
  /** The sequence number to continue from, when more entries may match. */
  next?: number;
  /** Set when the user filter named no known user. */
  unknownUser?: boolean;
}

export const OUTCOMES = AUDIT_OUTCOMES;

export function auditQueryString(query: AuditQuery, before?: number): string {
  const params = new URLSearchParams();
  if (query.user) params.set('user', query.user);
  if (query.outcome) params.set('outcome', query.outcome);
  if (query.trigger) params.set('trigger', query.trigger);
  if (query.since) params.set('since', query.since);
  if (query.until) params.set('until', query.until);
  if (before !== undefined) params.set('before', String(before));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function AuditPage(props: {
  ctx: PageContext;
  query: AuditQuery;
  data: AuditPageData;
  triggers: readonly string[];
}) {
  const { ctx, query, data } = props;
  const base = `${ctx.mount}/audit`;
  return (
    <Page ctx={ctx} title="Audit log">
      <form method="get" action={base} class="filters">
        <label>
          User (id or userName)
          <input type="text" name="user" value={query.user} autocomplete="off" />
        </label>
        <label>
          Outcome
          <select name="outcome">
            <option value="" selected={query.outcome === ''}>
              Any
            </option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o} selected={query.outcome === o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label>
          Trigger
          <select name="trigger">
            <option value="" selected={query.trigger === ''}>
              Any
            </option>
            {props.triggers.map((t) => (
              <option key={t} value={t} selected={query.trigger === t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Since (UTC day, or a time with its zone)
          <input type="text" name="since" value={query.since} placeholder="2026-12-05" autocomplete="off" />
        </label>
        <label>
          Until (before; same form)
          <input
            type="text"
            name="until"
            value={query.until}
            placeholder="2026-12-06T08:00Z"
            autocomplete="off"
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {data.unknownUser ? <p role="alert">No user with that id or userName.</p> : null}
      <p>
        Newest first. <a href={`${ctx.mount}/audit.csv${auditQueryString(query)}`}>Export as CSV</a>
      </p>
      <AuditTable mount={ctx.mount} entries={data.entries} showUser={true} userNames={data.userNames} />
      <Pager
        {...(query.before !== undefined
          ? { prev: { href: `${base}${auditQueryString(query)}`, label: 'Newest entries' } }
          : {})}
        {...(data.next !== undefined
          ? { next: { href: `${base}${auditQueryString(query, data.next)}`, label: 'Older entries' } }
          : {})}
      />
    </Page>
  );
}
