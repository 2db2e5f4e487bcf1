/**
 * What the sync engine remembers of a user's platform account. The store keeps one link per directory user and
 * stores its `state` as a JSON document it never reads (`LinkState` below); this module writes that document and
 * reads it back, checking it.
 *
 * The account link is one of:
 * - `linked`: the user's account is `platformUserId`, which the connector created (`createdByConnector`) or
 *   adopted (rules option adoptExistingAccounts); `status` and `roles` are what the last push left there.
 * - `creating`: a create intent, written just before `createUser`. If the process dies after the platform created
 *   the account but before the link was saved, the next cycle finds an account with exactly this username and
 *   knows it is the connector's own (idempotency after a crash). Without the intent, an account found by username
 *   is someone else's and the `not-new` rule keeps the connector off it.
 * - `absent`: the connector manages no account for the user (blocked before creation, or nothing to create).
 * - `not-linked`: an account with the user's username exists but is not the connector's (blocked `not-new`).
 *
 * Reading adds `unreadable`: a document that is none of these (a hand-edited row, a row migration 0005 could not
 * convert). It is never taken for a link: the engine looks the account up as for a user it never linked, and
 * the next push overwrites the document.
 */
import type {
  Decision,
  Outcome,
  Trigger,
  UnresolvedReason,
  UnresolvedRole,
  UserType,
} from '@scim-connector/governance';
import type { PlatformUserStatus } from '@scim-connector/platform';
import type { JsonValue, LinkSummary, PlatformLink } from '@scim-connector/store';
import { TRIGGERS } from './triggers.ts';

export type AccountLink =
  | {
      kind: 'linked';
      platformUserId: string;
      username: string;
      status: PlatformUserStatus;
      createdByConnector: boolean;
      /** Canonical role names, sorted. */
      roles: string[];
    }
  | { kind: 'creating'; username: string }
  | { kind: 'absent' }
  | { kind: 'not-linked'; username: string };

/** A stored state that does not read as an AccountLink; `problem` says what is wrong with it. */
export type UnreadableLink = { kind: 'unreadable'; problem: string };

/** What the link remembers of the last decision: enough for the SCIM extension and the admin API. */
export type LastDecision = {
  trigger: Trigger;
  outcome: Outcome;
  reasons: string[];
  /** Reasons of every block event that fired, also when a deactivation won (`no-roles` with unresolved roles). */
  blockedReasons: string[];
  unresolved: Pick<UnresolvedRole, 'name' | 'source' | 'reason' | 'message'>[];
  /** Names of the rules that decided the outcome. */
  decidedBy: string[];
  /**
   * Canonical names of the roles governance granted (the decision's effective roles, also when a block withheld
   * them); the store indexes them for the admin API's `role` filter (docs/admin-api.md). Empty when read from a
   * document written before they were recorded.
   */
  effectiveRoles: string[];
  /** The platform user type governance decided (docs/rules.md, userTypes); null when none, or not recorded yet. */
  userType: UserType | null;
  at: string;
};

/** The document stored as the link's `state`. */
export type LinkState = { link: AccountLink; lastDecision: LastDecision | null };

/** A link as the engine reads it. */
export interface LinkRecord {
  userId: string;
  link: AccountLink | UnreadableLink;
  /** Undefined when there was none, or when the stored one does not read as a decision. */
  lastDecision: LastDecision | undefined;
  lastSyncedAt: string;
}

/**
 * The store's row for a link with this state, with the summary the admin API lists and filters users by
 * (docs/admin-api.md): the status the SCIM extension shows, the reasons of a block, when it was decided.
 */
export function storedLink(userId: string, state: LinkState, lastSyncedAt: string): PlatformLink {
  return { userId, state, lastSyncedAt, summary: linkSummary(state) };
}

function linkSummary(state: LinkState): LinkSummary {
  const decision = state.lastDecision;
  return {
    platformStatus: shownStatus(state.link),
    blockedReasons: decision?.outcome === 'block' ? [...decision.reasons] : null,
    decidedAt: decision?.at ?? null,
  };
}

/** `platformStatus` of the SCIM connector extension: the account's status, or what stands in for one. */
export function shownStatus(link: AccountLink | UnreadableLink): string {
  switch (link.kind) {
    case 'linked':
      return link.status;
    case 'creating':
      return 'PENDING';
    case 'absent':
      return 'ABSENT';
    case 'not-linked':
      return 'NOT_LINKED';
    case 'unreadable':
      return 'UNKNOWN';
  }
}

/** Reads a stored link; a state that is not a LinkState reads as `unreadable`, never as a link. */
export function readLink(stored: PlatformLink): LinkRecord {
  const { userId, state, lastSyncedAt } = stored;
  const document = objectOf(state);
  const link = document ? accountLink(document.link) : unreadable('it is not an object');
  const decision = document === undefined ? undefined : lastDecision(document.lastDecision);
  return { userId, link, lastDecision: decision, lastSyncedAt };
}

export function summarizeDecision(decision: Decision, trigger: Trigger, at: string): LastDecision {
  return {
    trigger,
    outcome: decision.outcome,
    reasons: [...decision.reasons],
    blockedReasons: [...decision.blockedReasons],
    unresolved: decision.unresolved.map(({ name, source, reason, message }) => ({
      name,
      source,
      reason,
      message,
    })),
    decidedBy: [...decision.explanation.decidedBy],
    effectiveRoles: decision.effectiveRoles.map((role) => role.name),
    userType: decision.userType?.userType ?? null,
    at,
  };
}

// ------------------------------------------------------------------------------------- checking a document

type JsonObject = { [key: string]: JsonValue };

const STATUSES: readonly PlatformUserStatus[] = ['ACTIVE', 'INACTIVE'];
const OUTCOMES: readonly Outcome[] = ['create', 'update', 'deactivate', 'block', 'none'];
const SOURCES: readonly UnresolvedRole['source'][] = ['direct', 'group'];
const REASONS: readonly UnresolvedReason[] = [
  'parse-error',
  'unknown-role',
  'unknown-context',
  'source-not-allowed',
];

function accountLink(value: JsonValue | undefined): AccountLink | UnreadableLink {
  const link = objectOf(value);
  if (link === undefined) return unreadable('its `link` is not an object');
  const username = stringOf(link.username);
  switch (link.kind) {
    case 'linked': {
      const platformUserId = stringOf(link.platformUserId);
      const status = oneOf(STATUSES, link.status);
      const roles = stringsOf(link.roles);
      if (platformUserId === undefined || platformUserId === '' || username === undefined)
        return unreadable('a `linked` link needs a platformUserId and a username');
      if (status === undefined || roles === undefined || typeof link.createdByConnector !== 'boolean')
        return unreadable(
          'a `linked` link needs a status (ACTIVE or INACTIVE), roles and createdByConnector',
        );
      return {
        kind: 'linked',
        platformUserId,
        username,
        status,
        createdByConnector: link.createdByConnector,
        roles,
      };
    }
    case 'creating':
    case 'not-linked':
      if (username === undefined) return unreadable(`a \`${link.kind}\` link needs a username`);
      return { kind: link.kind, username };
    case 'absent':
      return { kind: 'absent' };
    default:
      return unreadable(`its kind ${JSON.stringify(link.kind ?? null)} is not a link state`);
  }
}

function lastDecision(value: JsonValue | undefined): LastDecision | undefined {
  const decision = objectOf(value);
  if (decision === undefined) return undefined;
  const trigger = oneOf(TRIGGERS, decision.trigger);
  const outcome = oneOf(OUTCOMES, decision.outcome);
  const reasons = stringsOf(decision.reasons);
  const decidedBy = stringsOf(decision.decidedBy);
  const at = stringOf(decision.at);
  const unresolved = Array.isArray(decision.unresolved) ? decision.unresolved.map(unresolvedRole) : undefined;
  if (trigger === undefined || outcome === undefined || reasons === undefined || decidedBy === undefined)
    return undefined;
  if (at === undefined || unresolved === undefined) return undefined;
  const roles = unresolved.filter((role) => role !== undefined);
  if (roles.length !== unresolved.length) return undefined;
  // Decisions stored before blockedReasons existed: a block's reasons were its block reasons.
  const blockedReasons =
    decision.blockedReasons === undefined
      ? outcome === 'block'
        ? reasons
        : []
      : stringsOf(decision.blockedReasons);
  if (blockedReasons === undefined) return undefined;
  // Decisions stored before effective roles were recorded: none known.
  const effectiveRoles = decision.effectiveRoles === undefined ? [] : stringsOf(decision.effectiveRoles);
  if (effectiveRoles === undefined) return undefined;
  // Decisions stored before the user type was decided: none known.
  const userType = decision.userType === undefined ? null : userTypeOf(decision.userType);
  if (userType === undefined) return undefined;
  return {
    trigger,
    outcome,
    reasons,
    blockedReasons,
    unresolved: roles,
    decidedBy,
    effectiveRoles,
    userType,
    at,
  };
}

/** A stored user type; undefined when it does not read as one. */
function userTypeOf(value: JsonValue): UserType | null | undefined {
  if (value === null) return null;
  const stored = objectOf(value);
  if (stored?.type === 'ADMIN') return { type: 'ADMIN' };
  const retailer = stringOf(stored?.primaryRetailer);
  if (stored?.type === 'RETAILER' && retailer !== undefined)
    return { type: 'RETAILER', primaryRetailer: retailer };
  const location = stringOf(stored?.primaryLocation);
  if (stored?.type === 'LOCATION' && location !== undefined)
    return { type: 'LOCATION', primaryLocation: location };
  return undefined;
}

function unresolvedRole(value: JsonValue): LastDecision['unresolved'][number] | undefined {
  const role = objectOf(value);
  if (role === undefined) return undefined;
  const name = stringOf(role.name);
  const source = oneOf(SOURCES, role.source);
  const reason = oneOf(REASONS, role.reason);
  const message = stringOf(role.message);
  if (name === undefined || source === undefined || reason === undefined || message === undefined)
    return undefined;
  return { name, source, reason, message };
}

function unreadable(problem: string): UnreadableLink {
  return { kind: 'unreadable', problem };
}

function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function stringOf(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringsOf(value: JsonValue | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item) => typeof item === 'string');
  return strings.length === value.length ? strings : undefined;
}

function oneOf<T extends string>(allowed: readonly T[], value: JsonValue | undefined): T | undefined {
  return allowed.find((candidate) => candidate === value);
}
