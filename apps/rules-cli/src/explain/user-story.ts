/**
 * The full story of one user through a replay: every request that touched them (created, changed, deleted them,
 * or changed a group they were in) and, for each decision it caused, the facts the rules saw, every rule that
 * fired with its condition trace, the roles with their sources, what did not resolve and why, the platform
 * changes, and the platform account afterwards.
 */
import type {
  DecisionFacts,
  EffectiveRole,
  Explanation,
  FiredRule,
  Outcome,
  Trigger,
  UnresolvedRole,
} from '@scim-connector/governance';
import type { AuditedChanges } from '@scim-connector/sync';
import type { ReplayRequest } from '../replay/replay-request.ts';
import type {
  AppliedRequest,
  PlatformUserState,
  ReplaySession,
  ScimRejection,
} from '../replay/replay-session.ts';

export interface StoryDecision {
  trigger: Trigger;
  outcome: Outcome;
  reasons: string[];
  decidedBy: string[];
  facts: DecisionFacts;
  firedRules: readonly FiredRule[];
  roles: EffectiveRole[];
  unresolved: UnresolvedRole[];
  changes: AuditedChanges;
  /** The platform refused the push (the server would park the user). */
  pushFailure?: string;
}

export interface StoryStep {
  line: number;
  method: string;
  /** As written in the log, placeholders included. */
  path: string;
  status: number;
  rejection?: ScimRejection;
  decision?: StoryDecision;
  /** The user's platform account after this step; undefined when there is none. */
  platform?: PlatformUserState;
}

export interface UserStory {
  userName: string;
  steps: StoryStep[];
  platform?: PlatformUserState;
}

/** Collects the story as the replay goes; `step` is meant for replayEventsFile's onApplied hook. */
export function userStoryCollector(userName: string) {
  const wanted = userName.toLowerCase();
  const steps: StoryStep[] = [];
  const ids = new Set<string>();
  let knownAs: string | undefined;

  return {
    steps,
    /** The userName as the directory spells it, once a decision named it. */
    userName: () => knownAs ?? userName,
    async step(request: ReplayRequest, applied: AppliedRequest, session: ReplaySession): Promise<void> {
      const currentId = session.userId(userName);
      if (currentId !== undefined) ids.add(currentId);
      const decision = applied.decisions.find((entry) => entry.userName.toLowerCase() === wanted);
      if (decision) {
        ids.add(decision.userId);
        knownAs = decision.userName;
      }
      if (!decision && !mentionsUser(request, wanted, ids)) return;

      const step: StoryStep = {
        line: request.origin.position.line,
        method: request.method,
        path: request.path,
        status: applied.status,
      };
      if (applied.rejection) step.rejection = applied.rejection;
      if (decision) {
        const failure = applied.pushFailures.find((entry) => entry.userId === decision.userId);
        step.decision = await storyDecision(session, decision.userId, failure?.error);
        // The audit entry is the decision acted on; without one (a refused push) fall back to the event.
        step.decision.trigger = decision.trigger;
        step.decision.outcome = decision.outcome;
        step.decision.reasons = [...decision.reasons];
      }
      const platform = session.platformUser(userName);
      if (platform) step.platform = platform;
      steps.push(step);
    },
  };
}

async function storyDecision(
  session: ReplaySession,
  userId: string,
  pushFailure?: string,
): Promise<StoryDecision> {
  const inspection = await session.inspect(userId);
  const audit = pushFailure === undefined ? await session.lastAudit(userId) : undefined;
  // Without an audit entry the explanation of the dry run stands in: same directory, same platform, same rules.
  const explanation =
    (audit?.explanation as Explanation | undefined) ?? inspection?.currentDecision.explanation;
  const changes = (audit?.changes as AuditedChanges | undefined) ?? inspection?.currentDecision.changes;
  if (explanation === undefined || changes === undefined) {
    throw new Error(`the sync engine kept no record of its decision for user ${userId}`);
  }
  const decision: StoryDecision = {
    trigger: explanation.facts.trigger,
    outcome: 'none',
    reasons: [],
    decidedBy: [...explanation.decidedBy],
    facts: explanation.facts,
    firedRules: explanation.firedRules,
    roles: inspection?.effectiveRoles ?? [],
    unresolved: inspection?.unresolved ?? [],
    changes,
  };
  if (pushFailure !== undefined) decision.pushFailure = pushFailure;
  return decision;
}

/** Whether the request itself names the user: a POST of their userName, or their id or placeholder in the path. */
function mentionsUser(request: ReplayRequest, wanted: string, ids: ReadonlySet<string>): boolean {
  const path = request.path.toLowerCase();
  if (path.includes(`\${users.${wanted}}`)) return true;
  for (const id of ids) if (request.path.includes(id)) return true;
  const body = request.body as { userName?: unknown } | undefined;
  return (
    request.method === 'POST' &&
    /^\/users\/?$/.test(path) &&
    typeof body?.userName === 'string' &&
    body.userName.toLowerCase() === wanted
  );
}
