/**
 * What a platform link row means. The store keeps one row per directory user; the sync engine uses its
 * `lastStatus` to say which of these the row is:
 *
 * - `ACTIVE` / `INACTIVE`: the user is linked to the account `platformUserId`, which the connector created
 *   (`createdByConnector`) or adopted (rules option adoptExistingAccounts).
 * - `CREATING`: a create intent, written just before `createUser`. If the process dies after the platform created
 *   the account but before the link was saved, the next cycle finds an account with exactly this username and
 *   knows it is the connector's own (idempotency after a crash). Without the intent, an account found by username
 *   is someone else's and the `not-new` rule keeps the connector off it.
 * - `ABSENT`: the connector manages no account for the user (blocked before creation, or nothing to create).
 * - `NOT_LINKED`: an account with the user's username exists but is not the connector's (blocked `not-new`).
 *
 * Only `ACTIVE` / `INACTIVE` rows carry a `platformUserId`; the others keep it empty so they can never be
 * mistaken for a link.
 */
import type { Decision, Trigger, UnresolvedRole } from '@scim-connector/governance';
import type { PlatformUserStatus } from '@scim-connector/platform';
import type { PlatformLink } from '@scim-connector/store';

export type LinkStatus = PlatformUserStatus | 'CREATING' | 'ABSENT' | 'NOT_LINKED';

/** What the link remembers of the last decision: enough for the SCIM extension and the admin API. */
export interface LastDecision {
  trigger: Trigger;
  outcome: Decision['outcome'];
  reasons: string[];
  unresolved: Pick<UnresolvedRole, 'name' | 'source' | 'reason' | 'message'>[];
  /** Names of the rules that decided the outcome. */
  decidedBy: string[];
  at: string;
}

export function isLinkedAccount(link: PlatformLink | undefined): boolean {
  return (
    link !== undefined &&
    link.platformUserId !== '' &&
    (link.lastStatus === 'ACTIVE' || link.lastStatus === 'INACTIVE')
  );
}

export function isCreateIntent(link: PlatformLink | undefined): boolean {
  return link !== undefined && link.lastStatus === 'CREATING';
}

/** The last decision as stored in `link.lastDecision`, or undefined when the row holds something else. */
export function lastDecisionOf(link: PlatformLink | undefined): LastDecision | undefined {
  const value = link?.lastDecision;
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Partial<LastDecision>;
  return typeof candidate.outcome === 'string' && Array.isArray(candidate.reasons)
    ? (candidate as LastDecision)
    : undefined;
}

export function summarizeDecision(decision: Decision, trigger: Trigger, at: string): LastDecision {
  return {
    trigger,
    outcome: decision.outcome,
    reasons: [...decision.reasons],
    unresolved: decision.unresolved.map(({ name, source, reason, message }) => ({
      name,
      source,
      reason,
      message,
    })),
    decidedBy: [...decision.explanation.decidedBy],
    at,
  };
}
