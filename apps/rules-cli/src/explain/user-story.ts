/**
 * The full story of one user through a replay: every request that touched them (created, changed, deleted them,
 * or changed a group they were in) and, for each decision it caused, the facts the rules saw, every rule that
 * fired with its condition trace, the roles with their sources, what did not resolve and why, the platform
 * changes, and the platform account afterwards.
 */
import type {
  DecisionFacts,
  EffectiveRole,
  FiredRule,
  Outcome,
  Trigger,
  UnresolvedRole,
  UserTypeDecision,
} from '@scim-connector/governance';
import { type AuditedChanges, auditedChanges, storedExplanation } from '@scim-connector/sync';
import type { ReplayRequest } from '../replay/replay-request.ts';
import type {
  AppliedDecision,
  AppliedRequest,
  PlatformUserState,
  ReplaySession,
  ScimRejection,
} from '../replay/replay-session.ts';

export interface StoryDecision {
  trigger: Trigger;
  outcome: Outcome;
  reasons: string[];
  /** Reasons of every block event that fired; `changes.withheld` says what they held back. */
  blockedReasons: string[];
  decidedBy: string[];
  facts: DecisionFacts;
  firedRules: readonly FiredRule[];
  roles: EffectiveRole[];
  unresolved: UnresolvedRole[];
  /** The platform user type governance decided, and which `userTypes` entry decided it. */
  userType: UserTypeDecision | null;
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
    step(request: ReplayRequest, applied: AppliedRequest, session: ReplaySession): void {
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
        step.decision = storyDecision(decision, failure?.error);
      }
      const platform = session.platformUser(userName);
      if (platform) step.platform = platform;
      steps.push(step);
    },
  };
}

/** The decision as the sync engine made it (the same one it audits), whether or not the push went through. */
function storyDecision(applied: AppliedDecision, pushFailure?: string): StoryDecision {
  const { decision } = applied;
  // As the audit log keeps it: the facts without the user's SCIM attributes.
  const explanation = storedExplanation(decision.explanation);
  const story: StoryDecision = {
    trigger: applied.trigger,
    outcome: decision.outcome,
    reasons: [...decision.reasons],
    blockedReasons: [...decision.blockedReasons],
    decidedBy: [...explanation.decidedBy],
    facts: explanation.facts,
    firedRules: explanation.firedRules,
    roles: decision.effectiveRoles,
    unresolved: decision.unresolved,
    userType: decision.userType,
    changes: auditedChanges(decision, applied.changed),
  };
  if (pushFailure !== undefined) story.pushFailure = pushFailure;
  return story;
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
