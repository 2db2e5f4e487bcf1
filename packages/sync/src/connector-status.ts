/**
 * The connector extension of SCIM User resources (docs/architecture.md §5.4), from the platform links: the platform status as of
 * the last sync (or why there is no account), the reasons of a blocked decision, and when the user was last
 * synced. Plugs into the SCIM service's `userExtension` hook.
 */
import type { UserExtensionState } from '@scim-connector/scim';
import type { ReconcileStore, SyncStore } from '@scim-connector/store';
import { type LinkRecord, readLink } from './link-state.ts';

/** `platformStatus`: the account's status, or what stands in for one. */
function shownStatus(link: LinkRecord['link']): string {
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

/** The extension for a page of users: one read of their links, however many users the page shows. */
export async function connectorStatus(
  store: Pick<SyncStore, 'getLinks'> & Pick<ReconcileStore, 'driftDetectedAtOfUsers'>,
  userIds: readonly string[],
): Promise<Map<string, UserExtensionState>> {
  const [links, drifted] = await Promise.all([
    store.getLinks(userIds),
    store.driftDetectedAtOfUsers(userIds),
  ]);
  const states = new Map<string, UserExtensionState>();
  for (const [userId, link] of links) {
    const state = extensionState(readLink(link));
    const driftDetectedAt = drifted.get(userId);
    if (driftDetectedAt !== undefined) state.driftDetectedAt = driftDetectedAt;
    states.set(userId, state);
  }
  return states;
}

export function extensionState(record: LinkRecord): UserExtensionState {
  const state: UserExtensionState = {
    platformStatus: shownStatus(record.link),
    lastSyncedAt: record.lastSyncedAt,
  };
  const decision = record.lastDecision;
  if (decision?.outcome === 'block') state.blockedReasons = [...decision.reasons];
  return state;
}
