/**
 * The human report of a replay: one aligned row per decision as it happens (and per rejected request, failed
 * push or skipped bad line), then the platform's users and a summary. Shared by `simulate` and `explain`.
 */
import type { InputProblem } from '../input/input-problem.ts';
import type { LogLine } from '../replay/event-log.ts';
import type { ReplayRequest } from '../replay/replay-request.ts';
import type {
  DecisionRecord,
  PlatformUserState,
  PushFailure,
  ScimRejection,
} from '../replay/replay-session.ts';
import { type DecisionDetails, describeChanges } from '../simulation/decision-details.ts';
import type { SimulationSummary } from '../simulation/summary.ts';
import { type Paint, paint } from './paint.ts';
import { streamingTable } from './streaming-table.ts';
import { renderTable } from './table.ts';

export interface DecisionReporter {
  decision(line: number, decision: DecisionRecord, details?: DecisionDetails): string;
  rejection(line: number, request: ReplayRequest, rejection: ScimRejection): string;
  pushFailure(line: number, failure: PushFailure): string;
  badLine(problem: InputProblem): string;
}

const USER_NAME = /"userName"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const MAX_USER_WIDTH = 40;

/** The header is printed with the first row, so a replay that decides nothing prints no empty table. */
export function decisionReporter(color: boolean, lines: readonly LogLine[]): DecisionReporter {
  const p = paint(color);
  const table = streamingTable(
    ['LINE', 'USER', 'TRIGGER', 'OUTCOME', 'REASONS'],
    [
      String(lines.at(-1)?.line ?? 0).length,
      expectedUserWidth(lines),
      'membership.changed'.length,
      'deactivate'.length,
    ],
  );
  let started = false;
  const row = (cells: string[]) => {
    const text = table.row(cells);
    if (started) return text;
    started = true;
    return p.bold(table.header()) + text;
  };
  return {
    decision(line, decision, details) {
      const text = row([
        String(line),
        decision.userName,
        decision.trigger,
        paintOutcome(p, decision.outcome),
        describeReasons(decision),
      ]);
      return details ? text + explainLines(p, details) : text;
    },
    rejection(line, request, rejection) {
      const kind = rejection.scimType ? ` ${rejection.scimType}` : '';
      return row([
        String(line),
        '-',
        '-',
        p.red('rejected'),
        `${request.method} ${request.path}: ${rejection.status}${kind}: ${rejection.detail}`,
      ]);
    },
    pushFailure(line, failure) {
      return row([String(line), failure.userName ?? failure.userId, '-', p.red('failed'), failure.error]);
    },
    badLine(problem) {
      return row([
        String(problem.line),
        '-',
        '-',
        p.red('bad line'),
        `column ${problem.column}: ${problem.message}`,
      ]);
    },
  };
}

export function paintOutcome(p: Paint, outcome: string): string {
  switch (outcome) {
    case 'create':
      return p.green(outcome);
    case 'block':
      return p.red(outcome);
    case 'deactivate':
      return p.yellow(outcome);
    case 'none':
      return p.dim(outcome);
    default:
      return outcome;
  }
}

function explainLines(p: Paint, details: DecisionDetails): string {
  const lines = [
    `decided by: ${details.decidedBy.join(', ') || 'no rule (default outcome)'}`,
    `rules fired: ${details.firedRules.join(', ') || 'none'}`,
    ...details.unresolved.map((role) => `unresolved: ${role.name} (${role.source}): ${role.reason}`),
    `platform: ${describeChanges(details.changes)}${details.changes.applied ? '' : ' (nothing pushed)'}`,
  ];
  return lines.map((line) => p.dim(`      ${line}\n`)).join('');
}

function expectedUserWidth(lines: readonly LogLine[]): number {
  let width = 4;
  for (const { text } of lines) {
    for (const match of text.matchAll(USER_NAME)) width = Math.max(width, (match[1] ?? '').length);
  }
  return Math.min(width, MAX_USER_WIDTH);
}

export function renderPlatformUsers(users: readonly PlatformUserState[], color: boolean): string {
  const p = paint(color);
  if (users.length === 0) return 'platform: no user accounts\n';
  const rows = users.map((user) => [
    user.username,
    user.status === 'ACTIVE' ? p.green(user.status) : p.yellow(user.status),
    user.roles.join(', ') || '-',
  ]);
  return `${p.bold(`platform: ${users.length} user account${users.length === 1 ? '' : 's'}`)}\n${renderTable(['USERNAME', 'STATUS', 'ROLES'], rows)}`;
}

export function renderSummary(
  summary: SimulationSummary,
  blockedUsers: readonly string[],
  color: boolean,
): string {
  const p = paint(color);
  const reasons = Object.entries(summary.blockedByReason)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  const decided =
    `${summary.created} created, ${summary.updated} updated, ${summary.deactivated} deactivated, ` +
    `${summary.blocked} blocked${reasons ? ` (${reasons})` : ''}, ${summary.unchanged} unchanged`;
  const lines = [`${plural(summary.requests, 'request')}: ${decided}`];
  const problems = [
    summary.rejected > 0 ? p.red(`${plural(summary.rejected, 'request')} rejected by the SCIM service`) : '',
    summary.failedPushes > 0
      ? p.red(`${plural(summary.failedPushes, 'push', 'pushes')} refused by the platform`)
      : '',
    summary.badLines > 0 ? p.red(`${plural(summary.badLines, 'bad line')} skipped`) : '',
  ].filter((text) => text !== '');
  if (problems.length > 0) lines.push(problems.join(', '));
  if (blockedUsers.length > 0) {
    lines.push(p.red(`blocked at the end: ${blockedUsers.join(', ')}`));
  }
  return `${lines.join('\n')}\n`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/** `unresolved-role`, or `no-roles; blocked: unresolved-role` when a block fired beside a deactivation. */
function describeReasons(decision: DecisionRecord): string {
  const extra = decision.blockedReasons.filter((reason) => !decision.reasons.includes(reason));
  const reasons = decision.reasons.join(', ');
  if (extra.length === 0) return reasons;
  return `${reasons}; blocked: ${extra.join(', ')}`;
}
