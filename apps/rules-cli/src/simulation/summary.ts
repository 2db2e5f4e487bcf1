/** What a replay amounts to: decisions counted by outcome (blocks also by reason), and what did not apply. */
import type { LocatedDecision, ReplayReport } from '../replay/run-replay.ts';

export interface SimulationSummary {
  created: number;
  updated: number;
  deactivated: number;
  blocked: number;
  unchanged: number;
  /** Block decisions by reason code; a decision with two reasons counts under both. */
  blockedByReason: Record<string, number>;
  /** Requests handled, rejected ones included. */
  requests: number;
  /** Requests the SCIM service refused (4xx). */
  rejected: number;
  /** Pushes the platform refused (the server would park these users). */
  failedPushes: number;
  /** Lines skipped with --skip-bad. */
  badLines: number;
}

const COUNTER = {
  create: 'created',
  update: 'updated',
  deactivate: 'deactivated',
  block: 'blocked',
  none: 'unchanged',
} as const;

export function summarize(report: ReplayReport): SimulationSummary {
  const summary: SimulationSummary = {
    created: 0,
    updated: 0,
    deactivated: 0,
    blocked: 0,
    unchanged: 0,
    blockedByReason: {},
    requests: report.requests,
    rejected: report.rejections.length,
    failedPushes: report.pushFailures.length,
    badLines: report.badLines.length,
  };
  for (const decision of report.decisions) {
    summary[COUNTER[decision.outcome]]++;
    if (decision.outcome !== 'block') continue;
    for (const reason of decision.reasons) {
      summary.blockedByReason[reason] = (summary.blockedByReason[reason] ?? 0) + 1;
    }
  }
  return summary;
}

/** Users whose latest decision is a block: what `--fail-on-block` fails on. */
export function usersLeftBlocked(decisions: readonly LocatedDecision[]): string[] {
  const last = new Map<string, LocatedDecision>();
  for (const decision of decisions) last.set(decision.userId, decision);
  return [...last.values()]
    .filter((decision) => decision.outcome === 'block')
    .map((decision) => decision.userName)
    .sort();
}
