/**
 * The connector extension of SCIM User resources (design 4.4), from the platform links: the platform status as of
 * the last sync (or why there is no account), the reasons of a blocked decision, and when the user was last
 * synced. Plugs into the SCIM service's `userExtension` hook.
 */
import type { UserExtensionState } from '@scim-connector/scim';
import type { PlatformLink, SyncStore } from '@scim-connector/store';
import { type LinkStatus, lastDecisionOf } from './link-state.ts';

/** `platformStatus` values: the account's status, or what stands in for one. */
const SHOWN_STATUS: Record<LinkStatus, string> = {
  ACTIVE: 'ACTIVE',
  INACTIVE: 'INACTIVE',
  CREATING: 'PENDING',
  ABSENT: 'ABSENT',
  NOT_LINKED: 'NOT_LINKED',
};

/** The extension for a page of users: one read of their links, however many users the page shows. */
export async function connectorStatus(
  store: Pick<SyncStore, 'getLinks'>,
  userIds: readonly string[],
): Promise<Map<string, UserExtensionState>> {
  const links = await store.getLinks(userIds);
  const states = new Map<string, UserExtensionState>();
  for (const [userId, link] of links) states.set(userId, extensionState(link));
  return states;
}

export function extensionState(link: PlatformLink): UserExtensionState {
  const state: UserExtensionState = {
    platformStatus: SHOWN_STATUS[link.lastStatus as LinkStatus] ?? link.lastStatus,
    lastSyncedAt: link.lastSyncedAt,
  };
  const decision = lastDecisionOf(link);
  if (decision?.outcome === 'block') state.blockedReasons = [...decision.reasons];
  return state;
}
