import type { PreviewResult, RuleFileName } from '../impact-preview.ts';
import { CsrfField, Page, type PageContext, Tag } from './layout.tsx';

export function RulesPreviewPage(props: {
  ctx: PageContext;
  files: readonly RuleFileName[];
  file: RuleFileName;
  text: string;
  search: string;
  maxUsers: number;
  result?: PreviewResult;
}) {
  const { ctx, result } = props;
  const base = `${ctx.mount}/rules/preview`;
  return (
    <Page ctx={ctx} title="Rules impact preview">
      <p>
        Edit one rules file and see, before you commit it, which users it would change: each user is decided
        under the rules in force and under your version, read-only (nothing is pushed, nothing is saved). At
        most {props.maxUsers} users are examined, in userName order; narrow them with the search.
      </p>
      <form method="get" action={base} class="filters">
        <label>
          File to edit
          <select name="file">
            {props.files.map((f) => (
              <option key={f} value={f} selected={f === props.file}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Load the file in force
        </button>
      </form>
      <form method="post" action={base}>
        <CsrfField token={ctx.csrf} />
        <input type="hidden" name="file" value={props.file} />
        <label>
          {props.file} as proposed
          <textarea name="text" rows={18} spellcheck={false}>
            {props.text}
          </textarea>
        </label>
        <label>
          Only users whose userName starts with (optional)
          <input type="search" name="search" value={props.search} autocomplete="off" />
        </label>
        <button type="submit">Preview the impact</button>
      </form>
      {result ? <PreviewResultView ctx={ctx} result={result} maxUsers={props.maxUsers} /> : null}
    </Page>
  );
}

function PreviewResultView(props: { ctx: PageContext; result: PreviewResult; maxUsers: number }) {
  const { ctx, result } = props;
  if (!result.ok) {
    return (
      <section aria-labelledby="preview-heading" role="status">
        <h2 id="preview-heading">The proposal does not validate</h2>
        <p>A reload would refuse it; the rules in force would stay. Problems:</p>
        <ul>
          {result.problems.map((p) => (
            <li key={`${p.file}:${p.line}:${p.column}:${p.message}`}>
              <code>
                {p.file}:{p.line}:{p.column}
              </code>{' '}
              {p.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const newlyBlocked = result.changed.filter(
    (u) => u.proposed.outcome === 'block' && u.now.outcome !== 'block',
  );
  return (
    <section aria-labelledby="preview-heading" role="status">
      <h2 id="preview-heading">Impact</h2>
      <p>
        {result.examined} of {result.total} users examined: {result.changed.length} would change,{' '}
        {newlyBlocked.length} would be newly blocked.
        {result.total > result.examined
          ? ` Only the first ${props.maxUsers} were examined; narrow with the search.`
          : ''}
      </p>
      {result.changed.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Now</th>
              <th scope="col">With the proposal</th>
            </tr>
          </thead>
          <tbody>
            {result.changed.map((u) => (
              <tr key={u.userId}>
                <td>
                  <a href={`${ctx.mount}/users/${encodeURIComponent(u.userId)}`}>{u.userName}</a>
                </td>
                <td>
                  <Tag kind={u.now.outcome === 'block' ? 'block' : 'ok'}>{u.now.outcome}</Tag>{' '}
                  {u.now.reasons.join(', ')}
                  <br />
                  roles: {u.now.roles.join(', ') || 'none'}
                  {u.now.unresolved.length ? `; unresolved: ${u.now.unresolved.join(', ')}` : ''}
                </td>
                <td>
                  <Tag kind={u.proposed.outcome === 'block' ? 'block' : 'ok'}>{u.proposed.outcome}</Tag>{' '}
                  {u.proposed.reasons.join(', ')}
                  <br />
                  roles: {u.proposed.roles.join(', ') || 'none'}
                  {u.proposed.unresolved.length ? `; unresolved: ${u.proposed.unresolved.join(', ')}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result.failed.length ? (
        <>
          <h3>Users that could not be decided</h3>
          <ul>
            {result.failed.map((f) => (
              <li key={f.userName}>
                {f.userName}: {f.error}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
