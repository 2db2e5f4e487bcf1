/**
 * Replays requests through a session, one at a time, and sorts what happens to each line:
 * - bad input (a line that is not a usable request, a placeholder that names nothing, a recorded id used twice,
 *   a request the SCIM service itself fails on): stops the replay with file:line:column, or with `skipBad` is
 *   reported and counted;
 * - a SCIM rejection (4xx: a duplicate userName, an unknown id, an invalid body): the server would have answered
 *   the IdP the same, so it is reported and the replay goes on;
 * - anything else: applied, and the decisions it caused are reported as they happen.
 */
import { BadInputError, type InputProblem, problemAt } from '../input/input-problem.ts';
import type { ParsedLine } from './event-log.ts';
import { UnresolvedPlaceholder } from './placeholders.ts';
import type { ReplayRequest } from './replay-request.ts';
import {
  type AppliedRequest,
  type DecisionRecord,
  DuplicateRecordedId,
  type PushFailure,
  type ReplaySession,
  type ScimRejection,
} from './replay-session.ts';

export interface Located {
  file: string;
  line: number;
}

export type LocatedDecision = DecisionRecord & Located;
export type LocatedRejection = ScimRejection & Located & { method: string; path: string };
export type LocatedPushFailure = PushFailure & Located;

export interface ReplayReport {
  /** Requests handled (rejected ones included; bad lines not). */
  requests: number;
  decisions: LocatedDecision[];
  rejections: LocatedRejection[];
  pushFailures: LocatedPushFailure[];
  /** Lines skipped with `skipBad`. */
  badLines: InputProblem[];
}

export interface ReplayHooks {
  skipBad?: boolean;
  /** After each handled request and the sync cycle it caused. */
  onApplied?(request: ReplayRequest, applied: AppliedRequest): void | Promise<void>;
  onBadLine?(problem: InputProblem): void;
}

export async function runReplay(
  session: ReplaySession,
  lines: Iterable<ParsedLine>,
  hooks: ReplayHooks = {},
): Promise<ReplayReport> {
  const report: ReplayReport = { requests: 0, decisions: [], rejections: [], pushFailures: [], badLines: [] };
  const bad = (problem: InputProblem) => {
    if (!hooks.skipBad) throw new BadInputError([problem]);
    report.badLines.push(problem);
    hooks.onBadLine?.(problem);
  };
  for (const parsed of lines) {
    if (!parsed.ok) {
      bad(parsed.problem);
      continue;
    }
    const { request } = parsed;
    const at: Located = { file: request.origin.file, line: request.origin.position.line };
    let applied: AppliedRequest;
    try {
      applied = await session.apply(request);
    } catch (error) {
      const problem = lineProblem(request, error);
      if (problem === undefined) throw error;
      bad(problem);
      continue;
    }
    if (applied.failure !== undefined) {
      bad(
        problemAt(
          at.file,
          request.origin.position,
          `the SCIM service failed on this request (${applied.status}): ${applied.failure}`,
        ),
      );
      continue;
    }
    report.requests++;
    // The report keeps every decision of the log: the summary only, not governance's whole decision.
    for (const { userId, userName, trigger, outcome, reasons, blockedReasons } of applied.decisions) {
      report.decisions.push({ userId, userName, trigger, outcome, reasons, blockedReasons, ...at });
    }
    for (const failure of applied.pushFailures) report.pushFailures.push({ ...failure, ...at });
    if (applied.rejection) {
      report.rejections.push({ ...applied.rejection, ...at, method: request.method, path: request.path });
    }
    await hooks.onApplied?.(request, applied);
  }
  return report;
}

function lineProblem(request: ReplayRequest, error: unknown): InputProblem | undefined {
  const { origin } = request;
  if (error instanceof UnresolvedPlaceholder) {
    return problemAt(origin.file, origin.find(error.placeholder), error.message);
  }
  if (error instanceof DuplicateRecordedId) {
    return problemAt(origin.file, origin.find(JSON.stringify(error.id)), error.message);
  }
  return undefined;
}
