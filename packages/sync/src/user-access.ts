/**
 * What a user may do on the platform, for an access review (SOX, ISO 27001 user-access reviews): the roles
 * governance grants the user now, each with every source that grants it, next to what the connector last left on
 * the platform account. Read from the directory and the stored link only: a review of 100,000 users makes no
 * platform call per user (the role catalogue is the engine's cached one).
 */
import type { EffectiveRole } from '@scim-connector/governance';
import { isKnown, toDirectoryUser } from './directory-user.ts';
import { readLink, shownStatus } from './link-state.ts';
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
  const state = await ctx.store.getDirectoryState(userId);
  if (!isKnown(state)) return undefined;
  const user = toDirectoryUser(state);
  const stored = await ctx.store.getLink(userId);
  const link = stored && readLink(stored);
  const governance = await ctx.rules.current();
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
