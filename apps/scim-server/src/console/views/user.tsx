import type { RoleSource, UnresolvedRole } from '@scim-connector/governance';
import type { PlatformUserType } from '@scim-connector/platform';
import type { AuditRecord } from '@scim-connector/store';
import type { UserInspection } from '@scim-connector/sync';
import type { ComponentChildren } from 'preact';
import { CsrfField, Page, type PageContext, Tag, Time } from './layout.tsx';

export type ActionNotice = 'retried' | 'not-parked' | 'resync-queued';

const NOTICES: Record<ActionNotice, string> = {
  retried: 'The user was unparked and queued; the sync worker pushes it again now.',
  'not-parked': 'The user was not parked, so there was nothing to retry. Use "Re-sync now" to push again.',
  'resync-queued': 'A re-sync was queued; the sync worker pushes the user shortly.',
};

export interface UserPageData {
  inspection: UserInspection;
  platformRoles: string[];
  audit: AuditRecord[];
  parked: { parkedAt: string; lastError?: string } | undefined;
  notice?: ActionNotice;
}

const VIA: Record<string, string> = {
  displayName: 'its name is the role',
  'group-roles': 'group-roles.json',
  extension: "the group's roles attribute",
};

/** `AGENT_134_STORE ← logical role Store_Manager ← group "Sydney Store Managers" (group-roles.json)`. */
export function sourceChain(role: string, source: RoleSource): string {
  const links = [role];
  if (source.mapping) links.push(`logical role ${source.mapping.logicalRole}`);
  if (source.type === 'direct') links.push('assigned directly in the IdP');
  else links.push(`group "${source.group.displayName}" (${VIA[source.via] ?? source.via})`);
  return links.join(' ← ');
}

function unresolvedSource(role: UnresolvedRole): string {
  if (role.source === 'direct') return 'assigned directly in the IdP';
  return `group "${role.group?.displayName ?? '?'}"${role.via ? ` (${VIA[role.via] ?? role.via})` : ''}`;
}

export function UserPage(props: { ctx: PageContext; data: UserPageData }) {
  const { ctx, data } = props;
  const { inspection } = data;
  const user = inspection.directory.user;
  const resource = user.resource;
  const base = `${ctx.mount}/users/${encodeURIComponent(inspection.userId)}`;
  const wanted = inspection.effectiveRoles.map((r) => r.name).sort();
  const decision = inspection.currentDecision;
  const account = inspection.platform.account;
  const emails = Array.isArray(resource.emails)
    ? resource.emails
        .map((e) => (e as { value?: unknown }).value)
        .filter((v): v is string => typeof v === 'string')
    : [];
  const directRoles = Array.isArray(resource.roles)
    ? resource.roles
        .map((r) => (r as { value?: unknown }).value)
        .filter((v): v is string => typeof v === 'string')
    : [];
  return (
    <Page ctx={ctx} title={user.userName}>
      <p>
        {inspection.directory.deleted ? <Tag kind="inactive">deleted in the IdP</Tag> : null}
        {user.active ? (
          <Tag kind="active">active in the IdP</Tag>
        ) : (
          <Tag kind="inactive">inactive in the IdP</Tag>
        )}
        <Tag kind={decision.outcome === 'block' ? 'block' : 'ok'}>decision now: {decision.outcome}</Tag>
        {data.parked ? <Tag kind="parked">parked</Tag> : null}
      </p>
      {data.notice ? (
        <p role="status">
          <strong>{NOTICES[data.notice]}</strong>
        </p>
      ) : null}
      {data.parked ? (
        <p>
          Parked <Time at={data.parked.parkedAt} />: {data.parked.lastError ?? 'no error recorded'}
        </p>
      ) : null}
      <div class="actions">
        {data.parked ? (
          <form method="post" action={`${base}/retry`}>
            <CsrfField token={ctx.csrf} />
            <button type="submit">Retry parked user</button>
          </form>
        ) : null}
        <form method="post" action={`${base}/resync`}>
          <CsrfField token={ctx.csrf} />
          <button type="submit" class="secondary">
            Re-sync now
          </button>
        </form>
      </div>

      <section aria-labelledby="idp-heading">
        <h2 id="idp-heading">In the IdP</h2>
        <table>
          <tbody>
            <Row label="id">{inspection.userId}</Row>
            <Row label="userName">{user.userName}</Row>
            <Row label="Display name">
              {typeof resource.displayName === 'string' ? resource.displayName : ''}
            </Row>
            <Row label="externalId">{user.externalId ?? ''}</Row>
            <Row label="Emails">{emails.join(', ')}</Row>
            <Row label="Roles assigned directly">{directRoles.join(', ') || 'none'}</Row>
            <Row label="Groups">
              {inspection.directory.groups.length === 0
                ? 'none'
                : inspection.directory.groups.map((g, i) => (
                    <span key={g.id}>
                      {i > 0 ? ', ' : ''}
                      <a href={`${ctx.mount}/groups/${encodeURIComponent(g.id)}`}>{g.displayName}</a>
                    </span>
                  ))}
            </Row>
            <Row label="Last changed">
              <Time at={user.lastModified} />
            </Row>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="roles-heading">
        <h2 id="roles-heading">Effective roles and why</h2>
        {inspection.effectiveRoles.length === 0 ? (
          <p>No role resolves for this user.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Granted by</th>
              </tr>
            </thead>
            <tbody>
              {inspection.effectiveRoles.map((role) => (
                <tr key={role.name}>
                  <td>{role.name}</td>
                  <td>
                    <ul>
                      {role.sources.map((source) => (
                        <li key={sourceChain(role.name, source)} class="chain">
                          {sourceChain(role.name, source)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>Unresolved roles</h3>
        {inspection.unresolved.length === 0 ? (
          <p>None: every role the IdP sent resolves.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">From</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {inspection.unresolved.map((role) => (
                <tr key={`${role.name} ${unresolvedSource(role)}`}>
                  <td>{role.name}</td>
                  <td>{unresolvedSource(role)}</td>
                  <td>
                    <Tag kind="block">{role.reason}</Tag> {role.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="decision-heading">
        <h2 id="decision-heading">Decision</h2>
        <p>
          If the user were synced now, governance would decide <strong>{decision.outcome}</strong>
          {decision.reasons.length ? ` (${decision.reasons.join(', ')})` : ''}
          {decision.explanation.decidedBy.length
            ? `, decided by ${decision.explanation.decidedBy.map((name) => `"${name}"`).join(', ')}`
            : ''}
          .
        </p>
        {decision.explanation.firedRules.length ? (
          <ul>
            {decision.explanation.firedRules.map((rule) => (
              <li key={rule.name}>
                Rule "{rule.name}" fired: {rule.event.type}
                {typeof rule.event.params.message === 'string' ? ` — ${rule.event.params.message}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>No rule fired.</p>
        )}
        {inspection.lastDecision ? (
          <p>
            Last decision acted on: <strong>{inspection.lastDecision.outcome}</strong> (
            {inspection.lastDecision.trigger}) <Time at={inspection.lastDecision.at} />
            {inspection.lastDecision.reasons.length
              ? `, reasons: ${inspection.lastDecision.reasons.join(', ')}`
              : ''}
          </p>
        ) : (
          <p>The user was never synced yet.</p>
        )}
      </section>

      <section aria-labelledby="platform-heading">
        <h2 id="platform-heading">Platform account and what governance wants</h2>
        <div class="side-by-side">
          <article>
            <h3>On the platform</h3>
            {account ? (
              <>
                <p>
                  {account.username}: <strong>{account.status}</strong>
                  {inspection.platform.linked ? ', linked' : ', not linked to this user'}
                  {inspection.platform.createdByConnector ? ', created by the connector' : ''}
                </p>
                <p>
                  User type: <strong>{userTypeText(account.userType)}</strong>
                </p>
                <RoleList roles={data.platformRoles} other={wanted} otherLabel="not wanted" />
              </>
            ) : (
              <p>No account on the platform.</p>
            )}
          </article>
          <article>
            <h3>Wanted by governance</h3>
            <p>
              Status:{' '}
              <strong>{wantedStatus(decision.outcome, decision.changes.status, account?.status)}</strong>
            </p>
            <p>
              User type: <strong>{userTypeText(decision.userType?.userType)}</strong>
              {decision.userType ? ` (rules userTypes[${decision.userType.entry}])` : ''}
            </p>
            <RoleList
              roles={wanted}
              other={account ? data.platformRoles : []}
              otherLabel="missing on the platform"
            />
          </article>
        </div>
      </section>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit timeline</h2>
        <AuditTable mount={ctx.mount} entries={data.audit} showUser={false} />
        <p>
          <a href={`${ctx.mount}/audit?user=${encodeURIComponent(inspection.userId)}`}>
            All audit entries of this user
          </a>
        </p>
      </section>
    </Page>
  );
}

/** The status governance wants: the change it would make, else the account's status as it is. */
function wantedStatus(outcome: string, change: string | null, current: string | undefined): string {
  if (outcome === 'block') return 'unchanged (blocked)';
  return change ?? current ?? 'no account';
}

function RoleList(props: { roles: string[]; other: string[]; otherLabel: string }) {
  if (props.roles.length === 0) return <p>No roles.</p>;
  const other = new Set(props.other);
  return (
    <ul>
      {props.roles.map((role) => (
        <li key={role}>
          {role} {other.has(role) ? null : <Tag kind="inactive">{props.otherLabel}</Tag>}
        </li>
      ))}
    </ul>
  );
}

function Row(props: { label: string; children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{props.label}</th>
      <td>{props.children}</td>
    </tr>
  );
}

export function AuditTable(props: {
  mount: string;
  entries: AuditRecord[];
  showUser: boolean;
  userNames?: Map<string, string>;
}) {
  if (props.entries.length === 0) return <p>No audit entries.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">When</th>
          {props.showUser ? <th scope="col">User</th> : null}
          <th scope="col">Trigger</th>
          <th scope="col">Outcome</th>
          <th scope="col">Reasons</th>
          <th scope="col">Changes</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((entry) => (
          <tr key={entry.seq}>
            <td>
              <Time at={entry.at} />
            </td>
            {props.showUser ? (
              <td>
                <a href={`${props.mount}/users/${encodeURIComponent(entry.userId)}`}>
                  {props.userNames?.get(entry.userId) ?? entry.userId}
                </a>
              </td>
            ) : null}
            <td>{entry.trigger}</td>
            <td>
              <Tag kind={entry.outcome === 'block' ? 'block' : 'ok'}>{entry.outcome}</Tag>
            </td>
            <td>{entry.reasons.join(', ')}</td>
            <td>{describeChanges(entry.changes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The audited platform changes in words (sync entries), or the console action (console entries). */
export function describeChanges(changes: unknown): string {
  if (typeof changes !== 'object' || changes === null) return '';
  const c = changes as Record<string, unknown>;
  if (typeof c.action === 'string') return `console: ${c.action}`;
  const parts: string[] = [];
  if (c.createAccount === true) parts.push('create account');
  if (typeof c.status === 'string') parts.push(`status ${c.status}`);
  if (Array.isArray(c.addRoles) && c.addRoles.length) parts.push(`add ${c.addRoles.join(', ')}`);
  if (Array.isArray(c.removeRoles) && c.removeRoles.length) parts.push(`remove ${c.removeRoles.join(', ')}`);
  if (c.updateProfile === true) parts.push('update profile');
  if (parts.length === 0) return 'no change';
  return `${parts.join('; ')}${c.applied === false ? ' (not applied)' : ''}`;
}

/** A user type for people: `RETAILER, primary retailer 199`; `none` when the account has none the connector decides. */
function userTypeText(userType: PlatformUserType | undefined): string {
  if (userType === undefined) return 'none';
  if (userType.type === 'RETAILER') return `RETAILER, primary retailer ${userType.primaryRetailer}`;
  if (userType.type === 'LOCATION') return `LOCATION, primary location ${userType.primaryLocation}`;
  return userType.type;
}
