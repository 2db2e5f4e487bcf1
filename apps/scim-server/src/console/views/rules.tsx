import type { RuleProblem, RuleSet } from '@scim-connector/governance';
import type { ReloadAttempt } from '../../sync/rules-holder.ts';
import { CsrfField, Page, type PageContext, Tag, Time } from './layout.tsx';

export function RulesPage(props: {
  ctx: PageContext;
  /** The rules folder's name (its path on the server stays off the page). */
  folder: string;
  rules: RuleSet;
  loadedAt: string;
  lastReload: ReloadAttempt | undefined;
  /** The result of a reload just asked for on this page. */
  reloaded?: { ok: true; markedUsers: number } | { ok: false; problems: RuleProblem[] };
}) {
  const { ctx, rules } = props;
  return (
    <Page ctx={ctx} title="Rules">
      <p>
        Folder <code>{props.folder}</code>. The rules in force were loaded <Time at={props.loadedAt} /> and
        passed validation (a folder with problems is never loaded).
      </p>
      {props.lastReload ? (
        <p>
          Last reload attempt <Time at={props.lastReload.at} />:{' '}
          {props.lastReload.ok ? (
            <Tag kind="ok">accepted</Tag>
          ) : (
            <>
              <Tag kind="error">rejected</Tag> — the previous rules stayed in force.
            </>
          )}
        </p>
      ) : (
        <p>No reload since the server started.</p>
      )}
      {props.reloaded ? (
        <div role="status">
          {props.reloaded.ok ? (
            <p>
              <strong>
                Reloaded: every user ({props.reloaded.markedUsers}) is queued for a decision under the new
                rules.
              </strong>
            </p>
          ) : (
            <p>
              <strong>
                The folder has {props.reloaded.problems.length} problem(s); the rules in force did not change.
              </strong>
            </p>
          )}
        </div>
      ) : null}
      {props.lastReload && !props.lastReload.ok ? <Problems problems={props.lastReload.problems} /> : null}
      <p>
        <a href={`${ctx.mount}/rules/preview`}>Preview the impact of a change</a> before you commit it.
      </p>
      <form method="post" action={`${ctx.mount}/rules/reload`}>
        <CsrfField token={ctx.csrf} />
        <button type="submit" class="secondary">
          Validate and reload the folder
        </button>
      </form>

      <section aria-labelledby="governance-heading">
        <h2 id="governance-heading">Governance rules (governance.json)</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Priority</th>
              <th scope="col">Outcome</th>
              <th scope="col">What it says</th>
            </tr>
          </thead>
          <tbody>
            {rules.rules.map((rule) => (
              <tr key={rule.name}>
                <td>{rule.name}</td>
                <td>{rule.priority ?? 1}</td>
                <td>
                  <Tag kind={rule.event.type === 'block' ? 'block' : 'ok'}>{rule.event.type}</Tag>
                  {rule.event.params?.reason ? ` (${rule.event.params.reason})` : ''}
                </td>
                <td>{rule.description ?? rule.event.params?.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Options: contexts checked: {rules.options.checkContexts ? 'yes' : 'no'}; existing accounts adopted:{' '}
          {rules.options.adoptExistingAccounts ? 'yes' : 'no'}; logical roles from:{' '}
          {rules.options.roleMappingsSource}.
        </p>
      </section>

      <section aria-labelledby="mappings-heading">
        <h2 id="mappings-heading">Logical roles (role-mappings.json)</h2>
        {rules.roleMappings.targets.size === 0 ? (
          <p>No logical roles.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Logical role</th>
                <th scope="col">Platform roles</th>
              </tr>
            </thead>
            <tbody>
              {[...rules.roleMappings.targets].map(([logical, targets]) => (
                <tr key={logical}>
                  <td>{logical}</td>
                  <td>{targets.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="group-roles-heading">
        <h2 id="group-roles-heading">Group grants (group-roles.json)</h2>
        {rules.groupRoles.length === 0 ? (
          <p>No group grants.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Roles</th>
              </tr>
            </thead>
            <tbody>
              {rules.groupRoles.map((entry) => {
                const group = [
                  entry.displayName ? `displayName "${entry.displayName}"` : '',
                  entry.externalId ? `externalId ${entry.externalId}` : '',
                ]
                  .filter(Boolean)
                  .join(' or ');
                return (
                  <tr key={group}>
                    <td>{group}</td>
                    <td>{entry.roles.join(', ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}

/** A rules folder's problems, each at its file:line:column. */
export function Problems(props: { problems: readonly RuleProblem[] }) {
  return (
    <ul>
      {props.problems.map((p) => (
        <li key={`${p.file}:${p.line}:${p.column}:${p.message}`}>
          <code>
            {p.file}:{p.line}:{p.column}
          </code>{' '}
          {p.message}
        </li>
      ))}
    </ul>
  );
}
