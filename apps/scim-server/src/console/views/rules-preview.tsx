import type { RuleProblem } from '@scim-connector/governance';
import type { RuleFileName } from '../impact-preview.ts';
import { CHANGE_KIND_LABELS, CHANGE_KINDS, type DecisionSummary } from '../preview/decision-diff.ts';
import type { ChangedUser, PreviewProgress } from '../preview/preview-job.ts';
import { CsrfField, Page, type PageContext, Tag, Time } from './layout.tsx';
import { Problems } from './rules.tsx';

export function RulesPreviewPage(props: {
  ctx: PageContext;
  files: readonly RuleFileName[];
  file: RuleFileName;
  text: string;
  /** The proposal as posted does not validate. */
  problems?: RuleProblem[];
  /** A preview is running already: this one was refused. */
  running?: PreviewProgress;
  latest?: PreviewProgress;
}) {
  const { ctx } = props;
  const base = `${ctx.mount}/rules/preview`;
  return (
    <Page ctx={ctx} title="Rules impact preview">
      <p>
        Edit one rules file and see, before you commit it, what it would change for every current user: each
        user is decided under the rules in force and under your version, from the directory and the accounts
        as the connector last left them. Read-only: nothing is pushed, nothing is saved. It runs in the
        background; one preview at a time.
      </p>
      {props.latest ? (
        <p>
          <a href={`${base}/result`}>
            The last preview ({props.latest.file}, started <Time at={props.latest.startedAt} />,{' '}
            {props.latest.state})
          </a>
        </p>
      ) : null}
      {props.running ? (
        <div role="alert">
          <p>
            <strong>
              A preview is already running (started <Time at={props.running.startedAt} />,{' '}
              {props.running.examined} of about {props.running.expected} users examined). Wait for it to
              finish, then start yours.
            </strong>{' '}
            <a href={`${base}/result`}>Follow it</a>
          </p>
        </div>
      ) : null}
      {props.problems ? <ProposalProblems problems={props.problems} /> : null}
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
        <button type="submit">Preview the impact</button>
      </form>
    </Page>
  );
}

function ProposalProblems(props: { problems: readonly RuleProblem[] }) {
  return (
    <section aria-labelledby="preview-heading" role="status">
      <h2 id="preview-heading">The proposal does not validate</h2>
      <p>A reload would refuse it; the rules in force would stay. Problems:</p>
      <Problems problems={props.problems} />
    </section>
  );
}

/** The job's progress while it runs (htmx asks again every 2 s and swaps this section), its result once done. */
export function PreviewResultPage(props: { ctx: PageContext; job: PreviewProgress }) {
  const { ctx, job } = props;
  const base = `${ctx.mount}/rules/preview`;
  return (
    <Page ctx={ctx} title="Rules impact preview: result">
      <p>
        Proposed <code>{job.file}</code>, started <Time at={job.startedAt} />.{' '}
        <a href={base}>Edit the proposal or start another preview</a>.
      </p>
      {job.state === 'running' ? (
        <section
          id="preview-progress"
          aria-labelledby="preview-heading"
          hx-get={`${base}/result`}
          hx-trigger="every 2s"
          hx-select="#preview-progress"
          hx-swap="outerHTML"
        >
          <h2 id="preview-heading">Running</h2>
          <p role="status">
            <progress value={job.examined} max={Math.max(job.expected, job.examined)} />
            {job.examined} of about {job.expected} users examined, {job.changed} would change so far. This
            page updates itself; <a href={`${base}/result`}>reload it</a> if scripts are off.
          </p>
        </section>
      ) : (
        <section id="preview-progress" aria-labelledby="preview-heading">
          <Outcome ctx={ctx} job={job} />
        </section>
      )}
    </Page>
  );
}

function Outcome(props: { ctx: PageContext; job: PreviewProgress }) {
  const { ctx, job } = props;
  if (job.state === 'failed') {
    return (
      <>
        <h2 id="preview-heading">The preview stopped</h2>
        <p role="alert">
          {job.error} ({job.examined} users examined before it stopped.)
        </p>
      </>
    );
  }
  return (
    <>
      <h2 id="preview-heading">Impact</h2>
      <p role="status">
        All {job.examined} users examined (finished <Time at={job.finishedAt ?? job.startedAt} />
        ): {job.changed} would change, {job.counts['newly-blocked']} would be newly blocked.
        {job.changed > 0 ? (
          <>
            {' '}
            <a href={`${ctx.mount}/rules/preview/changes.csv`} download>
              Download every changed user (CSV)
            </a>
          </>
        ) : null}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Users</th>
          </tr>
        </thead>
        <tbody>
          {CHANGE_KINDS.map((kind) => (
            <tr key={kind}>
              <td>
                <a href={`#kind-${kind}`}>{CHANGE_KIND_LABELS[kind]}</a>
              </td>
              <td>{job.counts[kind]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {CHANGE_KINDS.filter((kind) => job.counts[kind] > 0).map((kind) => (
        <section key={kind} aria-labelledby={`kind-${kind}`}>
          <h3 id={`kind-${kind}`}>
            {CHANGE_KIND_LABELS[kind]}: {job.counts[kind]}
            {job.counts[kind] > job.examples[kind].length
              ? ` (the first ${job.examples[kind].length} by userName; the CSV has them all)`
              : ''}
          </h3>
          <ChangedUsers ctx={ctx} users={job.examples[kind]} />
        </section>
      ))}
      {job.failedUsers > 0 ? (
        <>
          <h3>Users that could not be decided: {job.failedUsers}</h3>
          <ul>
            {job.failures.map((f) => (
              <li key={f.userName}>
                {f.userName}: {f.error}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function ChangedUsers(props: { ctx: PageContext; users: readonly ChangedUser[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Now</th>
          <th scope="col">With the proposal</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((u) => (
          <tr key={u.userId}>
            <td>
              <a href={`${props.ctx.mount}/users/${encodeURIComponent(u.userId)}`}>{u.userName}</a>
            </td>
            <td>
              <Decision summary={u.verdict.now} />
            </td>
            <td>
              <Decision summary={u.verdict.proposed} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Decision(props: { summary: DecisionSummary }) {
  const { summary } = props;
  return (
    <>
      <Tag kind={summary.outcome === 'block' ? 'block' : 'ok'}>{summary.outcome}</Tag>{' '}
      {summary.reasons.join(', ')}
      <br />
      roles: {summary.roles.join(', ') || 'none'}
      {summary.unresolved.length ? `; unresolved: ${summary.unresolved.join(', ')}` : ''}
    </>
  );
}
