/**
 * What a user may do on the platform, for an access review (SOX, ISO 27001 user-access reviews): the roles
 * governance grants the user now, each with every source that grants it, next to what the connector last left on
 * the platform account. Read from the directory and the stored link only: a review of 100,000 users makes no
 * platform call per user (the role catalogue is the engine's cached one).
 */
import type { EffectiveRole, Governance } from '@scim-connector/governance';
import { isKnown, type KnownDirectoryState, toDirectoryUser } from './directory-user.ts';
import { type LinkRecord, readLink, shownStatus } from './link-state.ts';
import type { SyncContext } from './sync-user.ts';

export interface UserAccess {
  userId: string;
  userName: string;
  displayName: string | null;
  /** `active` as the IdP sent it. */
  idpActive: boolean;
  deleted: boolean;
  /** As the SCIM connector extension shows it; ABSENT when the connector never synced the user. */
  platformStatus: string;
  /** The roles governance grants now, with their sources. */
  effectiveRoles: EffectiveRole[];
  /** Canonical role names on the platform account as of the last push (empty without a linked account). */
  platformRoles: string[];
  lastSyncedAt: string | null;
}

export async function userAccess(ctx: SyncContext, userId: string): Promise<UserAccess | undefined> {
  const [access] = await usersAccess(ctx, [userId]);
  return access;
}

/** `userAccess` for a page of users: two reads for the page, then one decision per user; unknown ids are left out. */
export async function usersAccess(ctx: SyncContext, userIds: readonly string[]): Promise<UserAccess[]> {
  const [states, links] = await Promise.all([
    ctx.store.getDirectoryStates(userIds),
    ctx.store.getLinks(userIds),
  ]);
  const governance = await ctx.rules.current();
  const accesses: UserAccess[] = [];
  for (const userId of userIds) {
    const state = states.get(userId);
    if (state === undefined || !isKnown(state)) continue;
    const stored = links.get(userId);
    accesses.push(await accessOf(ctx, governance, userId, state, stored && readLink(stored)));
  }
  return accesses;
}

async function accessOf(
  ctx: SyncContext,
  governance: Governance,
  userId: string,
  state: KnownDirectoryState,
  link: LinkRecord | undefined,
): Promise<UserAccess> {
  const user = toDirectoryUser(state);
  // Role resolution reads the directory and the catalogue, not the account: an absent platform state is enough
  // to learn the effective roles and their sources.
  const decision = await governance.decide(
    { trigger: 'resync', user, platform: { exists: false, linked: false, roles: [] } },
    ctx.catalog,
  );
  const displayName = state.user.resource.displayName;
  return {
    userId,
    userName: user.userName,
    displayName: typeof displayName === 'string' ? displayName : null,
    idpActive: user.active,
    deleted: user.deleted,
    platformStatus: link ? shownStatus(link.link) : 'ABSENT',
    effectiveRoles: decision.effectiveRoles,
    platformRoles: link?.link.kind === 'linked' ? [...link.link.roles] : [],
    lastSyncedAt: link?.lastSyncedAt ?? null,
  };
}
