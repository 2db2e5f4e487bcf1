import type { AuditRecord, ParkedUser, QueueStats } from '@scim-connector/store';
import { Page, type PageContext, Tag, Time } from './layout.tsx';

export interface OverviewData {
  /** Active and inactive in the IdP; blocked, parked and drifted as the user list's statuses count them. */
  users: {
    total: number;
    active: number;
    inactive: number;
    blocked: number;
    parked: number;
    drifted: number;
  };
  queue: QueueStats;
  parked: ParkedUser[];
  /** Outcomes of the audit entries of the last 24 hours, within the sample read. */
  outcomes: { outcome: string; count: number }[];
  sample: { read: number; cap: number; reachedCap: boolean };
  recentBlocks: AuditRecord[];
  /** userName by id for the users of recentBlocks. */
  userNames: Map<string, string>;
  /** `folder`: the rules folder's name, not its path on the server. */
  rules: { folder: string; loadedAt: string; ruleCount: number; lastReload?: { at: string; ok: boolean } };
}

export function OverviewPage(props: { ctx: PageContext; data: OverviewData }) {
  const { ctx, data } = props;
  const most = Math.max(1, ...data.outcomes.map((o) => o.count));
  return (
    <Page ctx={ctx} title="Overview">
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">Users and sync queue</h2>
        <div class="counts">
          <Count label="Users" value={data.users.total} href={`${ctx.mount}/users`} />
          <Count label="Active in the IdP" value={data.users.active} />
          <Count label="Inactive in the IdP" value={data.users.inactive} />
          <Count label="Blocked" value={data.users.blocked} href={`${ctx.mount}/users?status=blocked`} />
          <Count label="Parked" value={data.users.parked} href={`${ctx.mount}/users?status=parked`} />
          <Count label="Drifted" value={data.users.drifted} href={`${ctx.mount}/users?status=drifted`} />
          <Count label="Waiting to sync" value={data.queue.depth} />
          <Count label="Retrying" value={data.queue.deferred} />
        </div>
        <p>
          Oldest waiting since: <Time at={data.queue.oldest} />. In flight now: {data.queue.inFlight}.
        </p>
      </section>
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Decisions in the last 24 hours</h2>
        {data.outcomes.length === 0 ? (
          <p>No audit entries in the last 24 hours.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Outcome</th>
                <th scope="col">Count</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {data.outcomes.map((o) => (
                <tr key={o.outcome}>
                  <td>
                    <a href={`${ctx.mount}/audit?outcome=${encodeURIComponent(o.outcome)}`}>{o.outcome}</a>
                  </td>
                  <td>{o.count}</td>
                  <td>
                    <progress value={o.count} max={most} aria-label={`${o.outcome}: ${o.count}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data.sample.reachedCap ? <p>Counted over the latest {data.sample.cap} audit entries only.</p> : null}
      </section>
      <section aria-labelledby="parked-heading">
        <h2 id="parked-heading">Parked users</h2>
        {data.parked.length === 0 ? (
          <p>No parked users: every push either succeeded or is still being retried.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Parked at</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {data.parked.map((p) => (
                <tr key={p.userId}>
                  <td>
                    <a href={`${ctx.mount}/users/${encodeURIComponent(p.userId)}`}>
                      {p.userName ?? p.userId}
                    </a>
                  </td>
                  <td>
                    <Time at={p.parkedAt} />
                  </td>
                  <td>{p.attempts}</td>
                  <td>{p.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="blocks-heading">
        <h2 id="blocks-heading">Latest blocks</h2>
        {data.recentBlocks.length === 0 ? (
          <p>No user was blocked in the last 24 hours.</p>
        ) : (
          <ul>
            {data.recentBlocks.map((entry) => (
              <li key={entry.seq}>
                <Time at={entry.at} />{' '}
                <a href={`${ctx.mount}/users/${encodeURIComponent(entry.userId)}`}>
                  {data.userNames.get(entry.userId) ?? entry.userId}
                </a>{' '}
                <Tag kind="block">block</Tag> {entry.reasons.join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules in force</h2>
        <p>
          {data.rules.ruleCount} governance rules from <code>{data.rules.folder}</code>, loaded{' '}
          <Time at={data.rules.loadedAt} />.{' '}
          {data.rules.lastReload ? (
            <>
              Last reload attempt <Time at={data.rules.lastReload.at} />:{' '}
              {data.rules.lastReload.ok ? <Tag kind="ok">accepted</Tag> : <Tag kind="error">rejected</Tag>}
            </>
          ) : (
            'No reload since the start.'
          )}{' '}
          <a href={`${ctx.mount}/rules`}>See the rules</a>
        </p>
      </section>
    </Page>
  );
}

function Count(props: { label: string; value: number; href?: string }) {
  return (
    <article>
      <strong>{props.value}</strong>
      {props.href ? <a href={props.href}>{props.label}</a> : props.label}
    </article>
  );
}
