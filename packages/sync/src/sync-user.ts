/**
 * One user through the cycle: directory state + platform state -> governance decision -> platform changes ->
 * link + audit. Failures are thrown to the caller, which owns the queue (defer, park, or report).
 */
import type {
  Decision,
  DecisionInput,
  DirectoryUser,
  PlatformState,
  Trigger,
} from '@scim-connector/governance';
import type { PlatformClient, PlatformParts, PlatformProfile, PlatformUser } from '@scim-connector/platform';
import { formatRoleName } from '@scim-connector/role-grammar';
import type { AuditRecord, PlatformLink, PushState, Store, SyncRecord } from '@scim-connector/store';
import { type AccountState, applyChanges } from './apply-changes.ts';
import { auditEntry } from './audit-entry.ts';
import { isKnown, type KnownDirectoryState, toDirectoryUser } from './directory-user.ts';
import { classifyFailure, ProfileMappingError } from './failure.ts';
import { type LinkRecord, type LinkState, readLink, storedLink, summarizeDecision } from './link-state.ts';
import { type LocatedAccount, locateAccount } from './locate-account.ts';
import { profileMatches } from './profile-match.ts';
import { type AccountDifferences, compareAccount, expectedAccount } from './reconcile/compare-account.ts';
import type { RulesSource } from './rules-source.ts';
import type { SyncCatalog, SyncEvent } from './types.ts';

export interface SyncContext {
  store: Store;
  /**
   * Reads a user's directory state and link before a push (`store.getPushState`, or a batcher that reads the
   * users of one claim together).
   */
  readPushState: (userId: string) => Promise<PushState>;
  /** Records the end of a push (`store.recordSync`, or a batcher that shares commits between pushes). */
  record: (push: SyncRecord) => Promise<{ audit: AuditRecord; cleared?: boolean }>;
  /**
   * Stores a create intent before its account is created (`store.saveLink`, or a batcher that shares commits
   * between creates); settles once it is committed.
   */
  saveCreateIntent: (link: PlatformLink) => Promise<void>;
  platform: PlatformClient;
  catalog: SyncCatalog;
  rules: RulesSource;
  mapProfile: PlatformParts['mapProfile'];
  now: () => Date;
  emit: (event: SyncEvent) => void;
}

export type SyncOutcome =
  | { kind: 'synced'; userName: string; decision: Decision; changed: boolean }
  | { kind: 'unknown-user' };

/** Everything a decision was made from, and the decision; nothing is changed yet. */
export interface PreparedDecision {
  state: KnownDirectoryState;
  user: DirectoryUser;
  /** The link as stored, and as read. */
  stored: PlatformLink | undefined;
  link: LinkRecord | undefined;
  located: LocatedAccount;
  profile: { value: PlatformProfile | undefined; require: () => PlatformProfile };
  decision: Decision;
}

/** Reads the directory and the platform and decides; undefined for a user the directory never knew. */
export async function prepareDecision(
  ctx: SyncContext,
  userId: string,
  trigger: Trigger,
): Promise<PreparedDecision | undefined> {
  // One read for both: a push needs them every time (docs/benchmarks.md, issue #15).
  const { state, link: stored } = await ctx.readPushState(userId);
  if (!isKnown(state)) return undefined;
  const user = toDirectoryUser(state);
  const link = stored && readLink(stored);
  if (link?.link.kind === 'unreadable')
    ctx.emit({ type: 'link-unreadable', userId, problem: link.link.problem });
  const located = await locateAccount(ctx.platform, link, user.userName);
  const profile = mapProfileLeniently(ctx, state);
  const input: DecisionInput = { trigger, user, platform: platformState(located, profile.value) };
  const governance = await ctx.rules.current();
  const decision = await governance.decide(input, ctx.catalog);
  return { state, user, stored, link, located, profile, decision };
}

/** What reconciliation makes of one platform account whose username a directory user has. */
export type AccountJudgement =
  /** The connector does not manage this account: no link to it (someone else's account with the same name). */
  | { kind: 'unmanaged'; userId?: string }
  | {
      kind: 'managed';
      userId: string;
      userName: string;
      outcome: Decision['outcome'];
      differences: AccountDifferences;
    };

/**
 * Decides for `userId` against an account already read from the platform (reconciliation reads them by the page,
 * so no look-up per user), and compares the account with the decision. Nothing is pushed.
 */
export async function judgeAccount(
  ctx: SyncContext,
  userId: string,
  account: PlatformUser,
): Promise<AccountJudgement> {
  const { state, link: stored } = await ctx.readPushState(userId);
  if (!isKnown(state)) return { kind: 'unmanaged' };
  const link = stored && readLink(stored).link;
  // A create intent for this username is the connector's own account, made by a create that a crash cut short.
  const owned =
    (link?.kind === 'linked' && link.platformUserId === account.id) ||
    (link?.kind === 'creating' && link.username === account.username);
  if (!owned) return { kind: 'unmanaged', userId };
  const user = toDirectoryUser(state);
  const profile = mapProfileLeniently(ctx, state);
  const located: LocatedAccount = {
    account,
    linked: true,
    createdByConnector: link.kind === 'creating' || link.createdByConnector,
  };
  const governance = await ctx.rules.current();
  const decision = await governance.decide(
    { trigger: 'drift', user, platform: platformState(located, profile.value) },
    ctx.catalog,
  );
  const expected = expectedAccount(
    decision.outcome,
    decision.effectiveRoles,
    profile.value,
    decision.userType?.userType ?? null,
  );
  return {
    kind: 'managed',
    userId,
    userName: user.userName,
    outcome: decision.outcome,
    differences: compareAccount(account, expected),
  };
}

/**
 * `completion`: the claim being served (a queued user); its mark is cleared in the same commit as the link and
 * the audit entry, so a push is recorded whole or not at all.
 */
export async function syncOneUser(
  ctx: SyncContext,
  userId: string,
  trigger: Trigger,
  completion?: { generation: number },
): Promise<SyncOutcome> {
  const prepared = await prepareDecision(ctx, userId, trigger);
  if (prepared === undefined) return { kind: 'unknown-user' };
  const { user, stored, link, located, profile, decision } = prepared;
  ctx.emit(decisionEvent({ userId, userName: user.userName, trigger, decision }));
  // A push for trigger `drift` serves a reconciliation that has audited what it found already.
  if (trigger !== 'drift') await noteDriftInPassing(ctx, userId, user.userName, link, located);

  const applied = await applyChanges(ctx.platform, {
    changes: decision.changes,
    account: located.account,
    userName: user.userName,
    profile: profile.require,
    beforeCreate: () => ctx.saveCreateIntent(createIntent(userId, user.userName, link, ctx.now())),
  }).catch(async (error: unknown) => {
    // A create the platform refused for good made no account: drop the intent, so a later account with this
    // username (someone else's) is not taken for ours. After a transient failure the create may have happened,
    // so the intent stays.
    if (decision.changes.createAccount && !classifyFailure(error).transient) {
      await ctx.store.saveLink(stored ?? storedLink(userId, ABSENT, ctx.now().toISOString()));
    }
    throw error;
  });

  const at = ctx.now().toISOString();
  await ctx.record({
    link: linkAfter({
      userId,
      located,
      decision,
      applied: applied.account,
      trigger,
      at,
    }),
    audit: auditEntry({ userId, trigger, decision, applied: applied.changed, at }),
    ...(completion && { completion: { userId, generation: completion.generation } }),
  });
  return { kind: 'synced', userName: user.userName, decision, changed: applied.changed };
}

/**
 * Drift seen in passing (docs/architecture.md, "Drift reconciliation"): the account read before a push differs
 * from what the connector last pushed there, so someone changed it by hand. Recorded whatever RECONCILE_MODE
 * says, as an audit entry and an event, before the push re-applies the decision.
 */
async function noteDriftInPassing(
  ctx: SyncContext,
  userId: string,
  userName: string,
  record: LinkRecord | undefined,
  located: LocatedAccount,
): Promise<void> {
  const link = record?.link;
  const { account } = located;
  if (link?.kind !== 'linked' || account === undefined || account.id !== link.platformUserId) return;
  const held = account.roles.map(formatRoleName);
  const pushed = new Set(link.roles);
  const extraRoles = held.filter((role) => !pushed.has(role)).sort();
  const missingRoles = link.roles.filter((role) => !held.includes(role));
  const status = account.status === link.status ? null : { pushed: link.status, found: account.status };
  if (extraRoles.length === 0 && missingRoles.length === 0 && status === null) return;
  const kinds = [
    ...(extraRoles.length > 0 ? ['extra-role'] : []),
    ...(missingRoles.length > 0 ? ['missing-role'] : []),
    ...(status ? ['status'] : []),
  ];
  ctx.emit({ type: 'drift-seen', userId, userName, kinds });
  await ctx.store.appendAudit({
    userId,
    trigger: 'drift',
    outcome: 'drift-seen',
    reasons: kinds,
    changes: {
      found: { extraRoles, missingRoles, status },
      action: 'seen before a push, which re-applies the decision',
    },
    explanation: { platformUsername: account.username },
    at: ctx.now().toISOString(),
  });
}

/** The `decision` event: who, why, and the whole decision for consumers that print or explain it. */
function decisionEvent(options: {
  userId: string;
  userName: string;
  trigger: Trigger;
  decision: Decision;
}): SyncEvent {
  const { decision } = options;
  return {
    type: 'decision',
    userId: options.userId,
    userName: options.userName,
    trigger: options.trigger,
    outcome: decision.outcome,
    reasons: decision.reasons,
    decision,
  };
}

/**
 * The profile is compared before deciding, but a user whose attributes cannot be mapped must still be
 * deactivatable (offboarding is never blocked): the mapping error only surfaces when a change needs the profile.
 */
function mapProfileLeniently(
  ctx: SyncContext,
  state: KnownDirectoryState,
): { value: PlatformProfile | undefined; require: () => PlatformProfile } {
  try {
    const value = ctx.mapProfile(state.user.resource);
    return { value, require: () => value };
  } catch (error) {
    const failure = new ProfileMappingError(state.user.userName, error);
    return {
      value: undefined,
      require: () => {
        throw failure;
      },
    };
  }
}

function platformState(located: LocatedAccount, profile: PlatformProfile | undefined): PlatformState {
  const { account } = located;
  if (account === undefined) return { exists: false, linked: false, roles: [] };
  const state: PlatformState = {
    exists: true,
    linked: located.linked,
    status: account.status,
    roles: account.roles,
  };
  if (account.userType !== undefined) state.userType = account.userType;
  if (profile !== undefined) state.profileInSync = profileMatches(profile, account.profile);
  return state;
}

/** No account, and no decision yet. */
const ABSENT: LinkState = { link: { kind: 'absent' }, lastDecision: null };

/** The intent keeps the last decision and sync time: it is not a decision of its own. */
function createIntent(
  userId: string,
  userName: string,
  previous: LinkRecord | undefined,
  now: Date,
): PlatformLink {
  const state: LinkState = {
    link: { kind: 'creating', username: userName },
    lastDecision: previous?.lastDecision ?? null,
  };
  return storedLink(userId, state, previous?.lastSyncedAt ?? now.toISOString());
}

/**
 * The link after a decision. Acting on an account the connector had not linked means the rules allowed adopting
 * it; a blocked decision on such an account leaves it unlinked.
 */
function linkAfter(options: {
  userId: string;
  located: LocatedAccount;
  decision: Decision;
  applied: AccountState | undefined;
  trigger: Trigger;
  at: string;
}): PlatformLink {
  const { located, decision, applied } = options;
  const lastDecision = summarizeDecision(decision, options.trigger, options.at);
  const link = (state: LinkState['link']) =>
    storedLink(options.userId, { link: state, lastDecision }, options.at);
  if (applied === undefined) return link({ kind: 'absent' });
  const linked = located.linked || decision.outcome !== 'block';
  if (!linked) return link({ kind: 'not-linked', username: applied.username });
  return link({
    kind: 'linked',
    platformUserId: applied.id,
    username: applied.username,
    status: applied.status,
    createdByConnector: decision.changes.createAccount || located.createdByConnector,
    roles: applied.roles.map(formatRoleName).sort(),
  });
}
